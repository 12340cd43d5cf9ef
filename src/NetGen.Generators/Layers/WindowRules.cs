using System;
using System.Collections.Generic;
using NetGen.Generators.Model;
using NetGen.Generators.Rules;
using static NetGen.Generators.DiagnosticDescriptors;

namespace NetGen.Generators.Layers
{
    /// <summary>
    /// One axis of a window sliding over a map (a convolution's kernel, a pooling window): its size k, stride s, dilation d
    /// and the padding before and after, as the runtime's shapes take them.
    /// </summary>
    internal readonly record struct Axis(int Size, int Stride, int Dilation, int PadBefore, int PadAfter)
    {
        /// <summary>The axis a sequence has across its single row: one tap, no padding.</summary>
        public static readonly Axis Single = new(1, 1, 1, 0, 0);

        /// <summary>d·(k − 1) + 1: the input positions the dilated window spans.</summary>
        public long Extent => (long)Dilation * (Size - 1) + 1;

        /// <summary>The same padding p on both sides.</summary>
        public static Axis Symmetric(int size, int stride, int dilation, int padding) => new(size, stride, dilation, padding, padding);

        /// <summary>
        /// TensorFlow's "SAME": ⌈in / s⌉ outputs and the total padding max((out − 1)·s + d·(k − 1) + 1 − in, 0), the smaller
        /// half before and the extra position after.
        /// </summary>
        public static Axis Same(int input, int size, int stride, int dilation)
        {
            long outputs = (input + (long)stride - 1) / stride;
            long total = Math.Max((outputs - 1) * stride + (long)dilation * (size - 1) + 1 - input, 0);
            return new Axis(size, stride, dilation, (int)(total / 2), (int)(total - total / 2));
        }

        /// <summary>Keras' "causal": d·(k − 1) zeros before, none after, so output t sees inputs up to t.</summary>
        public static Axis Causal(int size, int stride, int dilation) => new(size, stride, dilation, dilation * (size - 1), 0);

        /// <summary>Whether the dilated window fits the padded input.</summary>
        public bool Fits(int input) => Extent <= input + (long)PadBefore + PadAfter;

        /// <summary>⌊(in + before + after − extent) / s⌋ + 1, for a window that fits.</summary>
        public int Output(int input) => (int)((input + (long)PadBefore + PadAfter - Extent) / Stride + 1);
    }

    /// <summary>The rules of windows sliding over a map (convolution kernels, pooling windows): NG0023, NG0022, NG0029, NG0030.</summary>
    internal static class WindowRules
    {
        /// <summary>One argument's value and the rule it must meet, in words; the rule holds when <c>Valid</c>.</summary>
        public readonly record struct ArgumentRule(string Argument, int Value, bool Valid, string Rule);

        /// <summary>
        /// The largest window, stride, dilation or padding: no map NetGen generates has a longer side (NG0017's limit), so a
        /// larger value only overflows the shape arithmetic (Padding = int.MaxValue once made a "2×4×4" map of zeros).
        /// </summary>
        public const int MaxArgument = (int)Rules.NetworkRules.MaxMapValues;

        public static ArgumentRule AtLeastOne(string argument, int value, string what) =>
            value > MaxArgument ? TooLarge(argument, value, what) : new(argument, value, value >= 1, $"the {what} must be at least 1");

        public static ArgumentRule NotNegative(string argument, int value, string what) =>
            value > MaxArgument ? TooLarge(argument, value, what) : new(argument, value, value >= 0, $"the {what} must not be negative");

        private static ArgumentRule TooLarge(string argument, int value, string what) =>
            new(argument, value, false, $"the {what} must be at most {MaxArgument:N0}, the longest side a map can have");

        /// <summary>NG0023 for every rule that does not hold. True when all hold.</summary>
        public static bool CheckArguments(LayerCheck check, IEnumerable<ArgumentRule> rules)
        {
            bool valid = true;
            foreach (var rule in rules)
                if (!rule.Valid)
                {
                    check.Report(WindowArgumentOutOfRange, rule.Argument, rule.Argument, rule.Value, check.LayerName, check.NetworkName, rule.Rule);
                    valid = false;
                }
            return valid;
        }

        /// <summary>NG0029: two arguments that each choose the padding are both set; reported at <paramref name="argument"/>.</summary>
        public static bool CheckExclusive(LayerCheck check, bool set, string argument, bool otherSet, string other)
        {
            if (!set || !otherSet) return true;
            check.Report(PaddingArgumentsConflict, argument, check.LayerName, check.NetworkName, argument, other);
            return false;
        }

        /// <summary>NG0024 (a vector) and NG0030 (a sequence for an image layer or the reverse): the map the layer needs.</summary>
        public static bool CheckMapKind(LayerCheck check, Shape input, ShapeKind needed)
        {
            if (!LayerSpec.CheckMapInput(check, input)) return false;
            if (input.Kind == needed) return true;
            string below = check.Index == 0 ? "the [Input]" : "the layer below it";
            check.Report(MapDimensionMismatch, null, check.LayerName, check.NetworkName, check.Kind,
                needed == ShapeKind.Sequence ? "a sequence (a 1-D map, [Input(channels, length)])" : "an image (a 2-D map, [Input(channels, height, width)])",
                $"{below} gives {(input.Kind == ShapeKind.Sequence ? "a sequence" : "an image")} of {input.Text}",
                needed == ShapeKind.Sequence ? "use the 2-D layer ([Conv2D], [MaxPool2D], [AvgPool2D]) here" : "use the 1-D layer ([Conv1D], [MaxPool1D], [AvgPool1D]) here");
            return false;
        }

        /// <summary>NG0022: the (dilated) window fits the padded input along both axes. True when it does.</summary>
        /// <param name="what">"kernel" or "window".</param>
        /// <param name="sizeText">The window as declared, e.g. "3×3" or "5".</param>
        /// <param name="fix">What the user can change, in words.</param>
        public static bool CheckFits(LayerCheck check, string sizeArgument, string what, string sizeText, Shape input, Axis rows, Axis columns, string fix)
        {
            if (rows.Fits(input.Height) && columns.Fits(input.Width)) return true;
            bool sequence = input.Kind == ShapeKind.Sequence;
            string spans = rows.Dilation == 1 && columns.Dilation == 1 ? ""
                : sequence ? $" spanning {columns.Extent} with dilation {columns.Dilation}" : $" spanning {rows.Extent}×{columns.Extent} with dilation";
            bool padded = rows.PadBefore + rows.PadAfter + columns.PadBefore + columns.PadAfter > 0;
            string paddedText = !padded ? ""
                : sequence ? $" ({input.Width + (long)columns.PadBefore + columns.PadAfter} long with padding)"
                : $" ({input.Height + (long)rows.PadBefore + rows.PadAfter}×{input.Width + (long)columns.PadBefore + columns.PadAfter} with padding)";
            check.Report(WindowLargerThanInput, sizeArgument, check.LayerName, check.NetworkName, what, sizeText + spans, input.Text + paddedText, fix);
            return false;
        }

        /// <summary>
        /// The padding of one axis in the generated comments, e.g. "1 above and 2 below" or "none"; for sequences "before"
        /// and "after".
        /// </summary>
        public static string PaddingText(Axis axis, string before, string after) =>
            axis.PadBefore == 0 && axis.PadAfter == 0 ? "none"
            : axis.PadBefore == axis.PadAfter ? $"{axis.PadBefore} {before} and {after}"
            : $"{axis.PadBefore} {before}, {axis.PadAfter} {after}";
    }
}
