using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using NetGen.Generators.Rules;
using static NetGen.Generators.DiagnosticDescriptors;

namespace NetGen.Generators.Layers
{
    /// <summary>The rules of a square window sliding over a map (a convolution's kernel, a pooling window): NG0023 and NG0022.</summary>
    internal static class WindowRules
    {
        /// <summary>NG0023: a window of at least 1, a stride of at least 1, no negative padding. True when all hold.</summary>
        public static bool CheckArguments(LayerCheck check, string sizeArgument, int size, int stride, int padding)
        {
            bool valid = true;
            if (size < 1) Report(sizeArgument, size, $"the {(sizeArgument == "kernel" ? "kernel" : "window")} size must be at least 1");
            if (stride < 1) Report(KnownNames.Stride, stride, "the stride must be at least 1");
            if (padding < 0) Report(KnownNames.Padding, padding, "the padding must not be negative");
            return valid;

            void Report(string argument, int value, string rule)
            {
                check.Report(WindowArgumentOutOfRange, argument, argument, value, check.LayerName, check.NetworkName, rule);
                valid = false;
            }
        }

        /// <summary>NG0022: the window fits the (padded) input map. True when it does.</summary>
        /// <param name="fix">What the user can change, in words (pooling has no padding to add).</param>
        public static bool CheckFits(LayerCheck check, string sizeArgument, string what, int size, Shape input, int padding, string fix)
        {
            long height = input.Height + 2L * padding, width = input.Width + 2L * padding;
            if (size <= height && size <= width) return true;
            string padded = padding == 0 ? "" : $" ({height}×{width} with padding {padding})";
            check.Report(WindowLargerThanInput, sizeArgument, check.LayerName, check.NetworkName, what, $"{size}×{size}", input.Text + padded, fix);
            return false;
        }
    }
}
