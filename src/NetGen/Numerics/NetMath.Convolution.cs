using System;

namespace NetGen.GeneratedCode
{
    // The map-layer kernels: convolution with its input and weight gradients, and max and average pooling with their
    // gradients (definitions in docs/math.md), for 2-D maps and for sequences (maps of height 1). Maps are C, H, W
    // row-major; a convolution's weights are [F, C/G, kh, kw] row-major. Groups are independent convolutions over
    // consecutive slices of the input, weights, bias and output, so every body below works on one group at a time. The
    // portable bodies serve double, and float where AVX is missing or a geometry is not one the AVX bodies take.
    public static partial class NetMath
    {
        /// <summary>
        /// z[f, i, j] = b[f] + Σ_c Σ_u Σ_v K[f, c, u, v] · x[g·C/G + c, i·sh − pt + u·dh, j·sw − pl + v·dw] (0 outside the map, c over
        /// the C/G channels of f's group g, b empty without a bias): one convolution layer's pre-activation, which overwrites <paramref name="output"/>.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void Conv2D(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, Conv2DShape shape)
        {
            CheckConv2D(input, weights, bias, output, shape);
#if NET8_0_OR_GREATER
            if (System.Runtime.Intrinsics.X86.Avx.IsSupported && Conv2DAvx(input, weights, bias, output, shape)) return;
#endif
            Conv2DCore(input, weights, bias, output, shape);
        }

        /// <summary>
        /// z[f, i, j] = b[f] + Σ_c Σ_u Σ_v K[f, c, u, v] · x[g·C/G + c, i·sh − pt + u·dh, j·sw − pl + v·dw] (0 outside the map, c over
        /// the C/G channels of f's group g, b empty without a bias): one convolution layer's pre-activation, which overwrites <paramref name="output"/>.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void Conv2D(ReadOnlySpan<double> input, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, Span<double> output, Conv2DShape shape)
        {
            CheckConv2D(input, weights, bias, output, shape);
            Conv2DCore(input, weights, bias, output, shape);
        }

        /// <summary>
        /// ∂C/∂x[c, y, x] = Σ δ[f, i, j] · K[f, c, u, v] over every (f, i, j, u, v) of c's group with i·sh − pt + u·dh = y and
        /// j·sw − pl + v·dw = x: the gradient a convolution layer passes back to its input, which overwrites <paramref name="inputGradient"/>.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void Conv2DBackwardInput(ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> inputGradient, Conv2DShape shape)
        {
            CheckConv2DBackwardInput(delta, weights, inputGradient, shape);
#if NET8_0_OR_GREATER
            if (System.Runtime.Intrinsics.X86.Avx.IsSupported && Conv2DBackwardInputAvx(delta, weights, inputGradient, shape)) return;
#endif
            Conv2DBackwardInputCore(delta, weights, inputGradient, shape);
        }

        /// <summary>
        /// ∂C/∂x[c, y, x] = Σ δ[f, i, j] · K[f, c, u, v] over every (f, i, j, u, v) of c's group with i·sh − pt + u·dh = y and
        /// j·sw − pl + v·dw = x: the gradient a convolution layer passes back to its input, which overwrites <paramref name="inputGradient"/>.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void Conv2DBackwardInput(ReadOnlySpan<double> delta, ReadOnlySpan<double> weights, Span<double> inputGradient, Conv2DShape shape)
        {
            CheckConv2DBackwardInput(delta, weights, inputGradient, shape);
            Conv2DBackwardInputCore(delta, weights, inputGradient, shape);
        }

        /// <summary>
        /// weightGradient[f, c, u, v] += scale · Σ_i Σ_j δ[f, i, j] · x[g·C/G + c, i·sh − pt + u·dh, j·sw − pl + v·dw] and (with a
        /// bias) biasGradient[f] += scale · Σ_i Σ_j δ[f, i, j]: a convolution layer's parameter gradient added into a gradient (scale 1)
        /// or stepped into its parameters (scale −η). Only adds: the spans' contents are never read otherwise.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void Conv2DAddWeightGradient(ReadOnlySpan<float> input, ReadOnlySpan<float> delta, float scale, Span<float> weightGradient, Span<float> biasGradient, Conv2DShape shape)
        {
            CheckConv2DAddWeightGradient(input, delta, weightGradient, biasGradient, shape);
#if NET8_0_OR_GREATER
            if (System.Runtime.Intrinsics.X86.Avx.IsSupported && Conv2DAddWeightGradientAvx(input, delta, scale, weightGradient, biasGradient, shape)) return;
#endif
            Conv2DAddWeightGradientCore(input, delta, scale, weightGradient, biasGradient, shape);
        }

        /// <summary>
        /// weightGradient[f, c, u, v] += scale · Σ_i Σ_j δ[f, i, j] · x[g·C/G + c, i·sh − pt + u·dh, j·sw − pl + v·dw] and (with a
        /// bias) biasGradient[f] += scale · Σ_i Σ_j δ[f, i, j]: a convolution layer's parameter gradient added into a gradient (scale 1)
        /// or stepped into its parameters (scale −η). Only adds: the spans' contents are never read otherwise.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void Conv2DAddWeightGradient(ReadOnlySpan<double> input, ReadOnlySpan<double> delta, double scale, Span<double> weightGradient, Span<double> biasGradient, Conv2DShape shape)
        {
            CheckConv2DAddWeightGradient(input, delta, weightGradient, biasGradient, shape);
            Conv2DAddWeightGradientCore(input, delta, scale, weightGradient, biasGradient, shape);
        }

        /// <summary>
        /// a[c, i, j] = max of the window x[c, i·sh − pt … i·sh − pt + mh − 1, j·sw − pl … j·sw − pl + mw − 1] inside the map (padding
        /// never wins); a NaN anywhere in a window makes its
        /// output NaN, as in PyTorch, so a bad input is never turned into a plausible value.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void MaxPool2D(ReadOnlySpan<float> input, Span<float> output, Pool2DShape shape)
        {
            CheckPool2D(input, output, shape);
#if NET8_0_OR_GREATER
            if (System.Runtime.Intrinsics.X86.Avx.IsSupported && MaxPool2DAvx(input, output, shape)) return;
#endif
            MaxPool2DCore(input, output, shape);
        }

        /// <summary>
        /// a[c, i, j] = max of the window x[c, i·sh − pt … i·sh − pt + mh − 1, j·sw − pl … j·sw − pl + mw − 1] inside the map (padding
        /// never wins); a NaN anywhere in a window makes its
        /// output NaN, as in PyTorch, so a bad input is never turned into a plausible value.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void MaxPool2D(ReadOnlySpan<double> input, Span<double> output, Pool2DShape shape)
        {
            CheckPool2D(input, output, shape);
            MaxPool2DCore(input, output, shape);
        }

        /// <summary>
        /// Overwrites <paramref name="inputGradient"/>: each δ[c, i, j] goes to its window's maximum in
        /// <paramref name="input"/> (the first in row-major order on ties, the first NaN if there is one), summed where
        /// windows overlap, 0 elsewhere.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void MaxPool2DBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> delta, Span<float> inputGradient, Pool2DShape shape)
        {
            CheckPool2DBackward(input, delta, inputGradient, shape);
#if NET8_0_OR_GREATER
            if (System.Runtime.Intrinsics.X86.Avx.IsSupported && MaxPool2DBackwardAvx(input, delta, inputGradient, shape)) return;
#endif
            MaxPool2DBackwardCore(input, delta, inputGradient, shape);
        }

        /// <summary>
        /// Overwrites <paramref name="inputGradient"/>: each δ[c, i, j] goes to its window's maximum in
        /// <paramref name="input"/> (the first in row-major order on ties, the first NaN if there is one), summed where
        /// windows overlap, 0 elsewhere.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void MaxPool2DBackward(ReadOnlySpan<double> input, ReadOnlySpan<double> delta, Span<double> inputGradient, Pool2DShape shape)
        {
            CheckPool2DBackward(input, delta, inputGradient, shape);
            MaxPool2DBackwardCore(input, delta, inputGradient, shape);
        }

        /// <summary>a[c, i, j] = mean of the window x[c, i·sh − pt … i·sh − pt + mh − 1, j·sw − pl … j·sw − pl + mw − 1]: its pixels in the map
        /// summed, divided by mh·mw with <see cref="Pool2DShape.CountPadding"/> (padding counts as zeros), else by their number.</summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void AvgPool2D(ReadOnlySpan<float> input, Span<float> output, Pool2DShape shape)
        {
            CheckPool2D(input, output, shape);
#if NET8_0_OR_GREATER
            if (AvgPool2DVector128(input, output, shape)) return;
#endif
            AvgPool2DCore(input, output, shape);
        }

        /// <summary>a[c, i, j] = mean of the window x[c, i·sh − pt … i·sh − pt + mh − 1, j·sw − pl … j·sw − pl + mw − 1]: its pixels in the map
        /// summed, divided by mh·mw with <see cref="Pool2DShape.CountPadding"/> (padding counts as zeros), else by their number.</summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void AvgPool2D(ReadOnlySpan<double> input, Span<double> output, Pool2DShape shape)
        {
            CheckPool2D(input, output, shape);
            AvgPool2DCore(input, output, shape);
        }

        /// <summary>Overwrites <paramref name="inputGradient"/>: each input of a window gets δ divided by the window's divisor (as in the forward pass), summed over the windows that hold it.</summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void AvgPool2DBackward(ReadOnlySpan<float> delta, Span<float> inputGradient, Pool2DShape shape)
        {
            CheckAvgPool2DBackward(delta, inputGradient, shape);
#if NET8_0_OR_GREATER
            if (AvgPool2DBackwardVector128(delta, inputGradient, shape)) return;
#endif
            AvgPool2DBackwardCore(delta, inputGradient, shape);
        }

        /// <summary>Overwrites <paramref name="inputGradient"/>: each input of a window gets δ divided by the window's divisor (as in the forward pass), summed over the windows that hold it.</summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void AvgPool2DBackward(ReadOnlySpan<double> delta, Span<double> inputGradient, Pool2DShape shape)
        {
            CheckAvgPool2DBackward(delta, inputGradient, shape);
            AvgPool2DBackwardCore(delta, inputGradient, shape);
        }

        private static void CheckConv2D<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> output, Conv2DShape shape)
        {
            Guard.Length(input, shape.InputLength, nameof(input), "shape.InputLength");
            Guard.Length(weights, shape.WeightLength, nameof(weights), "shape.WeightLength");
            Guard.Length(bias, shape.BiasLength, nameof(bias), "shape.BiasLength");
            Guard.Length(output, shape.OutputLength, nameof(output), "shape.OutputLength");
        }

        private static void CheckConv2DBackwardInput<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> weights, Span<T> inputGradient, Conv2DShape shape)
        {
            Guard.Length(delta, shape.OutputLength, nameof(delta), "shape.OutputLength");
            Guard.Length(weights, shape.WeightLength, nameof(weights), "shape.WeightLength");
            Guard.Length(inputGradient, shape.InputLength, nameof(inputGradient), "shape.InputLength");
        }

        private static void CheckConv2DAddWeightGradient<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> delta, Span<T> weightGradient, Span<T> biasGradient, Conv2DShape shape)
        {
            Guard.Length(input, shape.InputLength, nameof(input), "shape.InputLength");
            Guard.Length(delta, shape.OutputLength, nameof(delta), "shape.OutputLength");
            Guard.Length(weightGradient, shape.WeightLength, nameof(weightGradient), "shape.WeightLength");
            Guard.Length(biasGradient, shape.BiasLength, nameof(biasGradient), "shape.BiasLength");
        }

        private static void CheckPool2D<T>(ReadOnlySpan<T> input, Span<T> output, Pool2DShape shape)
        {
            Guard.Length(input, shape.InputLength, nameof(input), "shape.InputLength");
            Guard.Length(output, shape.OutputLength, nameof(output), "shape.OutputLength");
        }

        private static void CheckPool2DBackward<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> delta, Span<T> inputGradient, Pool2DShape shape)
        {
            Guard.Length(input, shape.InputLength, nameof(input), "shape.InputLength");
            CheckAvgPool2DBackward(delta, inputGradient, shape);
        }

        private static void CheckAvgPool2DBackward<T>(ReadOnlySpan<T> delta, Span<T> inputGradient, Pool2DShape shape)
        {
            Guard.Length(delta, shape.OutputLength, nameof(delta), "shape.OutputLength");
            Guard.Length(inputGradient, shape.InputLength, nameof(inputGradient), "shape.InputLength");
        }

        internal static void Conv2DCore<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> output, Conv2DShape shape) where T : unmanaged
        {
            var group = shape.Group;
            for (int g = 0; g < shape.Groups; g++)
                Conv2DGroupCore(Part(input, g, group.InputLength), Part(weights, g, group.WeightLength), Part(bias, g, group.BiasLength),
                    Part(output, g, group.OutputLength), group);
        }

        internal static void Conv2DBackwardInputCore<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> weights, Span<T> inputGradient, Conv2DShape shape) where T : unmanaged
        {
            var group = shape.Group;
            for (int g = 0; g < shape.Groups; g++)
                Conv2DBackwardInputGroupCore(Part(delta, g, group.OutputLength), Part(weights, g, group.WeightLength), Part(inputGradient, g, group.InputLength), group);
        }

        internal static void Conv2DAddWeightGradientCore<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> delta, T scale, Span<T> weightGradient, Span<T> biasGradient, Conv2DShape shape) where T : unmanaged
        {
            var group = shape.Group;
            for (int g = 0; g < shape.Groups; g++)
                Conv2DAddWeightGradientGroupCore(Part(input, g, group.InputLength), Part(delta, g, group.OutputLength), scale,
                    Part(weightGradient, g, group.WeightLength), Part(biasGradient, g, group.BiasLength), group);
        }

        /// <summary>Group g's consecutive slice of a span made of equal parts, one per group.</summary>
        private static ReadOnlySpan<T> Part<T>(ReadOnlySpan<T> values, int g, int length) => values.Slice(g * length, length);

        private static Span<T> Part<T>(Span<T> values, int g, int length) => values.Slice(g * length, length);

        private static void Conv2DGroupCore<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> output, Conv2DShape shape) where T : unmanaged
        {
            int outputArea = shape.OutputHeight * shape.OutputWidth;
            for (int f = 0; f < shape.Filters; f++) output.Slice(f * outputArea, outputArea).Fill(shape.HasBias ? bias[f] : default);
            for (int f = 0; f < shape.Filters; f++)
            for (int c = 0; c < shape.Channels; c++)
            for (int u = 0; u < shape.KernelHeight; u++)
            for (int v = 0; v < shape.KernelWidth; v++)
            {
                if (!Taps(shape, u, v, out var rows, out var columns)) continue;
                T weight = weights[WeightIndex(shape, f, c, u, v)];
                int shift = v * shape.DilationWidth - shape.PadLeft;
                for (int i = rows.First; i < rows.End; i++)
                {
                    var outputRow = output.Slice((f * shape.OutputHeight + i) * shape.OutputWidth, shape.OutputWidth);
                    var inputRow = input.Slice((c * shape.Height + InputRow(shape, i, u)) * shape.Width, shape.Width);
                    if (shape.StrideWidth == 1)
                        AddScaledCore(outputRow.Slice(columns.First, columns.End - columns.First), inputRow.Slice(columns.First + shift), weight);
                    else
                        for (int j = columns.First; j < columns.End; j++)
                            outputRow[j] = Arithmetic.MultiplyAdd(outputRow[j], weight, inputRow[j * shape.StrideWidth + shift]);
                }
            }
        }

        private static void Conv2DBackwardInputGroupCore<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> weights, Span<T> inputGradient, Conv2DShape shape) where T : unmanaged
        {
            inputGradient.Clear();
            for (int f = 0; f < shape.Filters; f++)
            for (int c = 0; c < shape.Channels; c++)
            for (int u = 0; u < shape.KernelHeight; u++)
            for (int v = 0; v < shape.KernelWidth; v++)
            {
                if (!Taps(shape, u, v, out var rows, out var columns)) continue;
                T weight = weights[WeightIndex(shape, f, c, u, v)];
                int shift = v * shape.DilationWidth - shape.PadLeft;
                for (int i = rows.First; i < rows.End; i++)
                {
                    var deltaRow = delta.Slice((f * shape.OutputHeight + i) * shape.OutputWidth, shape.OutputWidth);
                    var gradientRow = inputGradient.Slice((c * shape.Height + InputRow(shape, i, u)) * shape.Width, shape.Width);
                    if (shape.StrideWidth == 1)
                        AddScaledCore(gradientRow.Slice(columns.First + shift, columns.End - columns.First), deltaRow.Slice(columns.First), weight);
                    else
                        for (int j = columns.First; j < columns.End; j++)
                        {
                            ref T target = ref gradientRow[j * shape.StrideWidth + shift];
                            target = Arithmetic.MultiplyAdd(target, weight, deltaRow[j]);
                        }
                }
            }
        }

        private static void Conv2DAddWeightGradientGroupCore<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> delta, T scale, Span<T> weightGradient, Span<T> biasGradient, Conv2DShape shape) where T : unmanaged
        {
            int outputArea = shape.OutputHeight * shape.OutputWidth;
            if (shape.HasBias)
                for (int f = 0; f < shape.Filters; f++)
                    biasGradient[f] = Arithmetic.MultiplyAdd(biasGradient[f], scale, Sum(delta.Slice(f * outputArea, outputArea)));
            for (int f = 0; f < shape.Filters; f++)
            for (int c = 0; c < shape.Channels; c++)
            for (int u = 0; u < shape.KernelHeight; u++)
            for (int v = 0; v < shape.KernelWidth; v++)
            {
                // A tap that reads only padding has a zero gradient: nothing to add.
                if (!Taps(shape, u, v, out var rows, out var columns)) continue;
                int shift = v * shape.DilationWidth - shape.PadLeft;
                T sum = default;
                for (int i = rows.First; i < rows.End; i++)
                {
                    var deltaRow = delta.Slice((f * shape.OutputHeight + i) * shape.OutputWidth, shape.OutputWidth);
                    var inputRow = input.Slice((c * shape.Height + InputRow(shape, i, u)) * shape.Width, shape.Width);
                    if (shape.StrideWidth == 1)
                        sum = Arithmetic.Add(sum, DotCore(deltaRow.Slice(columns.First, columns.End - columns.First), inputRow.Slice(columns.First + shift)));
                    else
                        for (int j = columns.First; j < columns.End; j++) sum = Arithmetic.MultiplyAdd(sum, deltaRow[j], inputRow[j * shape.StrideWidth + shift]);
                }
                ref T gradient = ref weightGradient[WeightIndex(shape, f, c, u, v)];
                gradient = Arithmetic.MultiplyAdd(gradient, scale, sum);
            }
        }

        private static int WeightIndex(Conv2DShape shape, int f, int c, int u, int v) => ((f * shape.Channels + c) * shape.KernelHeight + u) * shape.KernelWidth + v;

        /// <summary>The input row output row i reads with kernel row u: i·sh − pt + u·dh.</summary>
        private static int InputRow(Conv2DShape shape, int i, int u) => i * shape.StrideHeight - shape.PadTop + u * shape.DilationHeight;

        /// <summary>
        /// The output rows and columns whose tap (u, v) reads inside the map; false when there are none (the tap reads only
        /// padding, which happens when the padding or the dilation is large against the map).
        /// </summary>
        private static bool Taps(Conv2DShape shape, int u, int v, out (int First, int End) rows, out (int First, int End) columns)
        {
            rows = TapRange(shape.Height, shape.OutputHeight, shape.StrideHeight, u * shape.DilationHeight - shape.PadTop);
            columns = TapRange(shape.Width, shape.OutputWidth, shape.StrideWidth, v * shape.DilationWidth - shape.PadLeft);
            return rows.First < rows.End && columns.First < columns.End;
        }

        /// <summary>
        /// The outputs o in [first, end) whose tap reads inside the input along one axis: 0 ≤ o·s + shift &lt; size, with
        /// shift = tap offset − padding before. The rest read the zero padding, so the loops skip them instead of testing
        /// every element; the range may be empty.
        /// </summary>
        private static (int First, int End) TapRange(int size, int outputSize, int stride, int shift)
        {
            int first = Math.Max(0, CeilingDivide(-shift, stride));
            int end = Math.Min(outputSize, CeilingDivide(size - shift, stride));
            return (first, Math.Max(first, end));
        }

        /// <summary>⌈a / b⌉ for b &gt; 0 and any sign of a (C#'s / truncates toward zero).</summary>
        private static int CeilingDivide(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

        private static T Sum<T>(ReadOnlySpan<T> values) where T : unmanaged
        {
            T sum = default;
            foreach (T value in values) sum = Arithmetic.Add(sum, value);
            return sum;
        }

        /// <summary>One pooling window clipped to the map: rows [Top, Bottom), columns [Left, Right), never empty.</summary>
        private readonly struct Window
        {
            public readonly int Top, Bottom, Left, Right;

            public Window(Pool2DShape shape, int i, int j)
            {
                int top = i * shape.StrideHeight - shape.PadTop, left = j * shape.StrideWidth - shape.PadLeft;
                (Top, Bottom) = (Math.Max(0, top), Math.Min(shape.Height, top + shape.WindowHeight));
                (Left, Right) = (Math.Max(0, left), Math.Min(shape.Width, left + shape.WindowWidth));
            }

            /// <summary>What a mean divides by: the whole window when padding counts, else its pixels inside the map.</summary>
            public int Divisor(Pool2DShape shape) => shape.CountPadding ? shape.WindowHeight * shape.WindowWidth : (Bottom - Top) * (Right - Left);
        }

        internal static void MaxPool2DCore<T>(ReadOnlySpan<T> input, Span<T> output, Pool2DShape shape) where T : unmanaged
        {
            int o = 0;
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            for (int j = 0; j < shape.OutputWidth; j++)
                output[o++] = input[WindowMaximumIndex(input, shape, c, new Window(shape, i, j))];
        }

        internal static void MaxPool2DBackwardCore<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> delta, Span<T> inputGradient, Pool2DShape shape) where T : unmanaged
        {
            inputGradient.Clear();
            int o = 0;
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            for (int j = 0; j < shape.OutputWidth; j++)
            {
                ref T target = ref inputGradient[WindowMaximumIndex(input, shape, c, new Window(shape, i, j))];
                target = Arithmetic.Add(target, delta[o++]);
            }
        }

        /// <summary>
        /// The index in <paramref name="input"/> of the window's maximum over its pixels in the map (the −∞ padding never
        /// wins): the first in row-major order on ties, the first NaN if any.
        /// </summary>
        private static int WindowMaximumIndex<T>(ReadOnlySpan<T> input, Pool2DShape shape, int c, Window window) where T : unmanaged
        {
            int best = (c * shape.Height + window.Top) * shape.Width + window.Left;
            for (int y = window.Top; y < window.Bottom; y++)
            for (int x = window.Left; x < window.Right; x++)
            {
                int index = (c * shape.Height + y) * shape.Width + x;
                T value = input[index], maximum = input[best];
                if (Arithmetic.IsGreater(value, maximum) || (Arithmetic.IsNaN(value) && !Arithmetic.IsNaN(maximum))) best = index;
            }
            return best;
        }

        internal static void AvgPool2DCore<T>(ReadOnlySpan<T> input, Span<T> output, Pool2DShape shape) where T : unmanaged
        {
            int o = 0;
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            for (int j = 0; j < shape.OutputWidth; j++)
            {
                var window = new Window(shape, i, j);
                T sum = default;
                for (int y = window.Top; y < window.Bottom; y++)
                {
                    var inputRow = input.Slice((c * shape.Height + y) * shape.Width, shape.Width);
                    for (int x = window.Left; x < window.Right; x++) sum = Arithmetic.Add(sum, inputRow[x]);
                }
                output[o++] = Arithmetic.Multiply(sum, Arithmetic.FromDouble<T>(1.0 / window.Divisor(shape)));
            }
        }

        internal static void AvgPool2DBackwardCore<T>(ReadOnlySpan<T> delta, Span<T> inputGradient, Pool2DShape shape) where T : unmanaged
        {
            inputGradient.Clear();
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            {
                // Row by row of the windows' input rows, so that overlapping windows add into a pixel in a fixed order.
                var deltaRow = delta.Slice((c * shape.OutputHeight + i) * shape.OutputWidth, shape.OutputWidth);
                var rows = new Window(shape, i, 0);
                for (int y = rows.Top; y < rows.Bottom; y++)
                {
                    var gradientRow = inputGradient.Slice((c * shape.Height + y) * shape.Width, shape.Width);
                    for (int j = 0; j < deltaRow.Length; j++)
                    {
                        var window = new Window(shape, i, j);
                        T share = Arithmetic.Multiply(deltaRow[j], Arithmetic.FromDouble<T>(1.0 / window.Divisor(shape)));
                        for (int x = window.Left; x < window.Right; x++)
                        {
                            ref T target = ref gradientRow[x];
                            target = Arithmetic.Add(target, share);
                        }
                    }
                }
            }
        }
    }
}
