using System;

namespace NetGen.GeneratedCode
{
    // The image-layer kernels: Conv2D with its input and weight gradients, and max and average pooling with their
    // gradients (definitions in docs/math.md). Maps are C, H, W row-major; a Conv2D's weights are [F, C, k, k] row-major.
    // The portable bodies below serve double, and float where AVX is missing or a shape outgrows the AVX bodies' scratch.
    public static partial class NetMath
    {
        /// <summary>
        /// z[f, i, j] = b[f] + Σ_c Σ_u Σ_v K[f, c, u, v] · x[c, i·s − p + u, j·s − p + v] (0 outside the map): one Conv2D layer's
        /// pre-activation, which overwrites <paramref name="output"/>.
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
        /// z[f, i, j] = b[f] + Σ_c Σ_u Σ_v K[f, c, u, v] · x[c, i·s − p + u, j·s − p + v] (0 outside the map): one Conv2D layer's
        /// pre-activation, which overwrites <paramref name="output"/>.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void Conv2D(ReadOnlySpan<double> input, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, Span<double> output, Conv2DShape shape)
        {
            CheckConv2D(input, weights, bias, output, shape);
            Conv2DCore(input, weights, bias, output, shape);
        }

        /// <summary>
        /// ∂C/∂x[c, y, x] = Σ δ[f, i, j] · K[f, c, u, v] over every (f, i, j, u, v) with i·s − p + u = y and j·s − p + v = x:
        /// the gradient a Conv2D layer passes back to its input, which overwrites <paramref name="inputGradient"/>.
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
        /// ∂C/∂x[c, y, x] = Σ δ[f, i, j] · K[f, c, u, v] over every (f, i, j, u, v) with i·s − p + u = y and j·s − p + v = x:
        /// the gradient a Conv2D layer passes back to its input, which overwrites <paramref name="inputGradient"/>.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void Conv2DBackwardInput(ReadOnlySpan<double> delta, ReadOnlySpan<double> weights, Span<double> inputGradient, Conv2DShape shape)
        {
            CheckConv2DBackwardInput(delta, weights, inputGradient, shape);
            Conv2DBackwardInputCore(delta, weights, inputGradient, shape);
        }

        /// <summary>
        /// weightGradient[f, c, u, v] += scale · Σ_i Σ_j δ[f, i, j] · x[c, i·s − p + u, j·s − p + v] and
        /// biasGradient[f] += scale · Σ_i Σ_j δ[f, i, j]: a Conv2D layer's parameter gradient added into a gradient (scale 1)
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
        /// weightGradient[f, c, u, v] += scale · Σ_i Σ_j δ[f, i, j] · x[c, i·s − p + u, j·s − p + v] and
        /// biasGradient[f] += scale · Σ_i Σ_j δ[f, i, j]: a Conv2D layer's parameter gradient added into a gradient (scale 1)
        /// or stepped into its parameters (scale −η). Only adds: the spans' contents are never read otherwise.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void Conv2DAddWeightGradient(ReadOnlySpan<double> input, ReadOnlySpan<double> delta, double scale, Span<double> weightGradient, Span<double> biasGradient, Conv2DShape shape)
        {
            CheckConv2DAddWeightGradient(input, delta, weightGradient, biasGradient, shape);
            Conv2DAddWeightGradientCore(input, delta, scale, weightGradient, biasGradient, shape);
        }

        /// <summary>
        /// a[c, i, j] = max of the window x[c, i·s … i·s + m − 1, j·s … j·s + m − 1]; a NaN anywhere in a window makes its
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
        /// a[c, i, j] = max of the window x[c, i·s … i·s + m − 1, j·s … j·s + m − 1]; a NaN anywhere in a window makes its
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

        /// <summary>a[c, i, j] = mean of the window x[c, i·s … i·s + m − 1, j·s … j·s + m − 1].</summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void AvgPool2D(ReadOnlySpan<float> input, Span<float> output, Pool2DShape shape)
        {
            CheckPool2D(input, output, shape);
#if NET8_0_OR_GREATER
            if (AvgPool2DVector128(input, output, shape)) return;
#endif
            AvgPool2DCore(input, output, shape);
        }

        /// <summary>a[c, i, j] = mean of the window x[c, i·s … i·s + m − 1, j·s … j·s + m − 1].</summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void AvgPool2D(ReadOnlySpan<double> input, Span<double> output, Pool2DShape shape)
        {
            CheckPool2D(input, output, shape);
            AvgPool2DCore(input, output, shape);
        }

        /// <summary>Overwrites <paramref name="inputGradient"/>: each input of a window gets δ / m², summed over the windows that hold it.</summary>
        /// <exception cref="ArgumentException">A span's length does not match <paramref name="shape"/>.</exception>
        public static void AvgPool2DBackward(ReadOnlySpan<float> delta, Span<float> inputGradient, Pool2DShape shape)
        {
            CheckAvgPool2DBackward(delta, inputGradient, shape);
#if NET8_0_OR_GREATER
            if (AvgPool2DBackwardVector128(delta, inputGradient, shape)) return;
#endif
            AvgPool2DBackwardCore(delta, inputGradient, shape);
        }

        /// <summary>Overwrites <paramref name="inputGradient"/>: each input of a window gets δ / m², summed over the windows that hold it.</summary>
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
            Guard.Length(bias, shape.Filters, nameof(bias), "shape.Filters");
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
            Guard.Length(biasGradient, shape.Filters, nameof(biasGradient), "shape.Filters");
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
            int outputArea = shape.OutputHeight * shape.OutputWidth;
            for (int f = 0; f < shape.Filters; f++) output.Slice(f * outputArea, outputArea).Fill(bias[f]);
            for (int f = 0; f < shape.Filters; f++)
            for (int c = 0; c < shape.Channels; c++)
            for (int u = 0; u < shape.Kernel; u++)
            for (int v = 0; v < shape.Kernel; v++)
            {
                T weight = weights[WeightIndex(shape, f, c, u, v)];
                var (rowFirst, rowEnd) = TapRange(shape.Height, shape.OutputHeight, shape, u);
                var (columnFirst, columnEnd) = TapRange(shape.Width, shape.OutputWidth, shape, v);
                for (int i = rowFirst; i < rowEnd; i++)
                {
                    var outputRow = output.Slice((f * shape.OutputHeight + i) * shape.OutputWidth, shape.OutputWidth);
                    var inputRow = input.Slice((c * shape.Height + i * shape.Stride - shape.Padding + u) * shape.Width, shape.Width);
                    int shift = v - shape.Padding;
                    if (shape.Stride == 1)
                        AddScaledCore(outputRow.Slice(columnFirst, columnEnd - columnFirst), inputRow.Slice(columnFirst + shift), weight);
                    else
                        for (int j = columnFirst; j < columnEnd; j++)
                            outputRow[j] = Arithmetic.MultiplyAdd(outputRow[j], weight, inputRow[j * shape.Stride + shift]);
                }
            }
        }

        internal static void Conv2DBackwardInputCore<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> weights, Span<T> inputGradient, Conv2DShape shape) where T : unmanaged
        {
            inputGradient.Clear();
            for (int f = 0; f < shape.Filters; f++)
            for (int c = 0; c < shape.Channels; c++)
            for (int u = 0; u < shape.Kernel; u++)
            for (int v = 0; v < shape.Kernel; v++)
            {
                T weight = weights[WeightIndex(shape, f, c, u, v)];
                var (rowFirst, rowEnd) = TapRange(shape.Height, shape.OutputHeight, shape, u);
                var (columnFirst, columnEnd) = TapRange(shape.Width, shape.OutputWidth, shape, v);
                for (int i = rowFirst; i < rowEnd; i++)
                {
                    var deltaRow = delta.Slice((f * shape.OutputHeight + i) * shape.OutputWidth, shape.OutputWidth);
                    var gradientRow = inputGradient.Slice((c * shape.Height + i * shape.Stride - shape.Padding + u) * shape.Width, shape.Width);
                    int shift = v - shape.Padding;
                    if (shape.Stride == 1)
                        AddScaledCore(gradientRow.Slice(columnFirst + shift, columnEnd - columnFirst), deltaRow.Slice(columnFirst), weight);
                    else
                        for (int j = columnFirst; j < columnEnd; j++)
                        {
                            ref T target = ref gradientRow[j * shape.Stride + shift];
                            target = Arithmetic.MultiplyAdd(target, weight, deltaRow[j]);
                        }
                }
            }
        }

        internal static void Conv2DAddWeightGradientCore<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> delta, T scale, Span<T> weightGradient, Span<T> biasGradient, Conv2DShape shape) where T : unmanaged
        {
            int outputArea = shape.OutputHeight * shape.OutputWidth;
            for (int f = 0; f < shape.Filters; f++)
                biasGradient[f] = Arithmetic.MultiplyAdd(biasGradient[f], scale, Sum(delta.Slice(f * outputArea, outputArea)));
            for (int f = 0; f < shape.Filters; f++)
            for (int c = 0; c < shape.Channels; c++)
            for (int u = 0; u < shape.Kernel; u++)
            for (int v = 0; v < shape.Kernel; v++)
            {
                var (rowFirst, rowEnd) = TapRange(shape.Height, shape.OutputHeight, shape, u);
                var (columnFirst, columnEnd) = TapRange(shape.Width, shape.OutputWidth, shape, v);
                T sum = default;
                for (int i = rowFirst; i < rowEnd; i++)
                {
                    var deltaRow = delta.Slice((f * shape.OutputHeight + i) * shape.OutputWidth, shape.OutputWidth);
                    var inputRow = input.Slice((c * shape.Height + i * shape.Stride - shape.Padding + u) * shape.Width, shape.Width);
                    int shift = v - shape.Padding;
                    if (shape.Stride == 1)
                        sum = Arithmetic.Add(sum, DotCore(deltaRow.Slice(columnFirst, columnEnd - columnFirst), inputRow.Slice(columnFirst + shift)));
                    else
                        for (int j = columnFirst; j < columnEnd; j++) sum = Arithmetic.MultiplyAdd(sum, deltaRow[j], inputRow[j * shape.Stride + shift]);
                }
                ref T gradient = ref weightGradient[WeightIndex(shape, f, c, u, v)];
                gradient = Arithmetic.MultiplyAdd(gradient, scale, sum);
            }
        }

        private static int WeightIndex(Conv2DShape shape, int f, int c, int u, int v) => ((f * shape.Channels + c) * shape.Kernel + u) * shape.Kernel + v;

        /// <summary>
        /// The outputs o in [first, end) whose tap reads inside the input along one axis: 0 ≤ o·s − p + tap &lt; size. The
        /// rest read the zero padding, so the loops skip them instead of testing every element.
        /// </summary>
        private static (int First, int End) TapRange(int size, int outputSize, Conv2DShape shape, int tap)
        {
            int first = Math.Max(0, CeilingDivide(shape.Padding - tap, shape.Stride));
            int end = Math.Min(outputSize, CeilingDivide(size + shape.Padding - tap, shape.Stride));
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

        internal static void MaxPool2DCore<T>(ReadOnlySpan<T> input, Span<T> output, Pool2DShape shape) where T : unmanaged
        {
            int o = 0;
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            for (int j = 0; j < shape.OutputWidth; j++)
                output[o++] = input[WindowMaximumIndex(input, shape, c, i, j)];
        }

        internal static void MaxPool2DBackwardCore<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> delta, Span<T> inputGradient, Pool2DShape shape) where T : unmanaged
        {
            inputGradient.Clear();
            int o = 0;
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            for (int j = 0; j < shape.OutputWidth; j++)
            {
                ref T target = ref inputGradient[WindowMaximumIndex(input, shape, c, i, j)];
                target = Arithmetic.Add(target, delta[o++]);
            }
        }

        /// <summary>The index in <paramref name="input"/> of window (c, i, j)'s maximum: the first in row-major order on ties, the first NaN if any.</summary>
        private static int WindowMaximumIndex<T>(ReadOnlySpan<T> input, Pool2DShape shape, int c, int i, int j) where T : unmanaged
        {
            int top = (c * shape.Height + i * shape.Stride) * shape.Width + j * shape.Stride;
            int best = top;
            for (int y = 0; y < shape.Size; y++)
            for (int x = 0; x < shape.Size; x++)
            {
                int index = top + y * shape.Width + x;
                T value = input[index], maximum = input[best];
                if (Arithmetic.IsGreater(value, maximum) || (Arithmetic.IsNaN(value) && !Arithmetic.IsNaN(maximum))) best = index;
            }
            return best;
        }

        internal static void AvgPool2DCore<T>(ReadOnlySpan<T> input, Span<T> output, Pool2DShape shape) where T : unmanaged
        {
            T reciprocalArea = Arithmetic.FromDouble<T>(1.0 / (shape.Size * shape.Size));
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            {
                // The output row collects its windows' sums one input row at a time.
                var outputRow = output.Slice((c * shape.OutputHeight + i) * shape.OutputWidth, shape.OutputWidth);
                outputRow.Clear();
                for (int y = 0; y < shape.Size; y++)
                {
                    var inputRow = input.Slice((c * shape.Height + i * shape.Stride + y) * shape.Width, shape.Width);
                    for (int j = 0; j < outputRow.Length; j++)
                    {
                        T sum = outputRow[j];
                        for (int x = 0; x < shape.Size; x++) sum = Arithmetic.Add(sum, inputRow[j * shape.Stride + x]);
                        outputRow[j] = sum;
                    }
                }
                for (int j = 0; j < outputRow.Length; j++) outputRow[j] = Arithmetic.Multiply(outputRow[j], reciprocalArea);
            }
        }

        internal static void AvgPool2DBackwardCore<T>(ReadOnlySpan<T> delta, Span<T> inputGradient, Pool2DShape shape) where T : unmanaged
        {
            T reciprocalArea = Arithmetic.FromDouble<T>(1.0 / (shape.Size * shape.Size));
            inputGradient.Clear();
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            {
                var deltaRow = delta.Slice((c * shape.OutputHeight + i) * shape.OutputWidth, shape.OutputWidth);
                for (int y = 0; y < shape.Size; y++)
                {
                    var gradientRow = inputGradient.Slice((c * shape.Height + i * shape.Stride + y) * shape.Width, shape.Width);
                    for (int j = 0; j < deltaRow.Length; j++)
                    {
                        T share = Arithmetic.Multiply(deltaRow[j], reciprocalArea);
                        for (int x = 0; x < shape.Size; x++)
                        {
                            ref T target = ref gradientRow[j * shape.Stride + x];
                            target = Arithmetic.Add(target, share);
                        }
                    }
                }
            }
        }
    }
}
