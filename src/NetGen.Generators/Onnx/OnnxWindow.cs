using System.Collections.Generic;
using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;

namespace NetGen.Generators.Onnx
{
    /// <summary>
    /// A Conv's or pool's strides, dilations and padding (ONNX's strides, dilations, pads, auto_pad and ceil_mode) in the
    /// arguments of NetGen's convolution and pooling layers: the same padding on every side (Padding), "same" (Same: ONNX's
    /// SAME_UPPER, or pads that equal it) or causal (Causal, a 1-D convolution padded d·(k − 1) before only). Anything
    /// else is a <see cref="Problem"/> naming the attribute.
    /// </summary>
    /// <param name="RowStride">The stride down an image (1 for a sequence).</param>
    /// <param name="ColumnStride">The stride along a row or a sequence.</param>
    internal sealed record OnnxWindow(int RowStride, int ColumnStride, int RowDilation, int ColumnDilation, int Padding, bool Same, bool Causal, string? Problem)
    {
        private static OnnxWindow Refused(string problem) => new(1, 1, 1, 1, 0, false, false, problem);

        /// <summary>The Stride argument of a convolution: the rows' stride of an image, the stride of a sequence.</summary>
        public int StrideHeight => IsSequence ? ColumnStride : RowStride;

        /// <summary>The StrideWidth argument: 0 (follows Stride) unless an image's columns differ.</summary>
        public int StrideWidthArgument => IsSequence || ColumnStride == RowStride ? 0 : ColumnStride;

        public int StrideWidth => ColumnStride;

        public int DilationHeight => IsSequence ? ColumnDilation : RowDilation;

        public int DilationWidthArgument => IsSequence || ColumnDilation == RowDilation ? 0 : ColumnDilation;

        private bool IsSequence { get; init; }

        /// <param name="countsPadding">An average pool that counts its padding: symmetric pads are read as Padding even under
        /// SAME_UPPER, since NetGen's "same" pooling never counts them.</param>
        public static OnnxWindow Read(OnnxImport import, OnnxNode node, Shape map, int kernelHeight, int kernelWidth, int defaultStride, bool allowDilation,
            bool countsPadding = false)
        {
            bool sequence = map.Kind == ShapeKind.Sequence;
            int axes = sequence ? 1 : 2;
            var strides = import.Ints(node, "strides");
            var dilations = import.Ints(node, "dilations");
            var pads = import.Ints(node, "pads");
            string autoPad = node.Attribute("auto_pad")?.S ?? "NOTSET";
            if (strides.Count is not 0 && strides.Count != axes) return Refused($"strides [{string.Join(", ", strides)}] for a {axes}-D window");
            if (dilations.Count is not 0 && dilations.Count != axes) return Refused($"dilations [{string.Join(", ", dilations)}] for a {axes}-D window");
            if (pads.Count is not 0 && pads.Count != 2 * axes) return Refused($"pads [{string.Join(", ", pads)}] for a {axes}-D window");
            var limit = Rules.NetworkRules.MaxMapValues;
            if (strides.Concat(dilations).Any(v => v < 1 || v > limit) || pads.Any(p => p < 0 || p > limit))
                return Refused($"strides [{string.Join(", ", strides)}], dilations [{string.Join(", ", dilations)}], pads [{string.Join(", ", pads)}] out of range");
            if (!allowDilation && dilations.Any(d => d != 1)) return Refused($"dilations [{string.Join(", ", dilations)}]: NetGen's pooling windows are not dilated");

            // Per axis, rows first: (size of the map, kernel, stride, dilation); a sequence has its columns only.
            int Stride(int axis) => strides.Count == 0 ? defaultStride : (int)strides[axis];
            int Dilation(int axis) => dilations.Count == 0 ? 1 : (int)dilations[axis];
            var geometry = new List<(int Input, int Kernel, int Stride, int Dilation)>();
            if (!sequence) geometry.Add((map.Height, kernelHeight, Stride(0), Dilation(0)));
            geometry.Add((map.Width, kernelWidth, Stride(axes - 1), Dilation(axes - 1)));

            var padding = new List<(long Before, long After)>();
            for (int axis = 0; axis < axes; axis++)
            {
                var (input, kernel, stride, dilation) = geometry[axis];
                var same = Axis.Same(input, kernel, stride, dilation);
                padding.Add(autoPad switch
                {
                    "NOTSET" or "" => pads.Count == 0 ? (0, 0) : (pads[axis], pads[axis + axes]),
                    "VALID" => (0, 0),
                    "SAME_UPPER" => (same.PadBefore, same.PadAfter),
                    "SAME_LOWER" => (same.PadAfter, same.PadBefore),
                    _ => (-1, -1),
                });
            }
            if (padding.Any(p => p.Before < 0)) return Refused($"auto_pad = {autoPad}, which ONNX does not define");

            if (import.Int(node, "ceil_mode", 0) != 0)
                for (int axis = 0; axis < axes; axis++)
                {
                    var (input, kernel, stride, dilation) = geometry[axis];
                    long span = input + padding[axis].Before + padding[axis].After - ((long)dilation * (kernel - 1) + 1);
                    if (span >= 0 && span % stride != 0)
                        return Refused("ceil_mode = 1 with a partial last window: NetGen's pooling drops it (ceil_mode = 0); pad the input so that the windows tile it, or export with ceil_mode=False");
                }

            int rowStride = sequence ? 1 : geometry[0].Stride, columnStride = geometry[axes - 1].Stride;
            int rowDilation = sequence ? 1 : geometry[0].Dilation, columnDilation = geometry[axes - 1].Dilation;
            var window = new OnnxWindow(rowStride, columnStride, rowDilation, columnDilation, 0, false, false, null) { IsSequence = sequence };
            bool symmetric = padding.All(p => p.Before == padding[0].Before && p.After == padding[0].Before);
            // SAME_UPPER says "same" in so many words (NetGen's own export writes it so): keep it, even where its pads are symmetric.
            if (autoPad == "SAME_UPPER" && !(symmetric && countsPadding)) return window with { Same = true };
            if (symmetric) return window with { Padding = (int)padding[0].Before };
            bool isSame = Enumerable.Range(0, axes).All(axis =>
            {
                var (input, kernel, stride, dilation) = geometry[axis];
                var same = Axis.Same(input, kernel, stride, dilation);
                return padding[axis] == (same.PadBefore, same.PadAfter);
            });
            if (isSame) return window with { Same = true };
            var (_, k, _, d) = geometry[axes - 1];
            if (sequence && allowDilation && padding[0] == ((long)d * (k - 1), 0)) return window with { Causal = true };
            return Refused($"pads [{string.Join(", ", padding.Select(p => p.Before).Concat(padding.Select(p => p.After)))}]: NetGen pads every side alike (Padding), \"same\" (Same, ONNX's SAME_UPPER) or, for a 1-D convolution, causally (Causal)");
        }
    }
}
