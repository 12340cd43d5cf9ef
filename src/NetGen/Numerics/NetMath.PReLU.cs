using System;
using System.Runtime.CompilerServices;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// The parametric ReLU's kernels (nn.PReLU). The values are laid out as slopes.Length blocks of
    /// <c>valuesPerSlope</c> values, block c sharing the slope α[c]: a map's channels (H·W values each), a vector's units (1
    /// each), or the whole layer under one slope. At x = 0 they follow PyTorch's autograd: ∂a/∂x = α, ∂a/∂α = x = 0.
    /// </summary>
    public static partial class NetMath
    {
        /// <summary>a[i] = x[i] where x[i] &gt; 0, else α[c]·x[i], for i in block c.</summary>
        public static void PReLU(ReadOnlySpan<float> x, ReadOnlySpan<float> slopes, Span<float> a, int valuesPerSlope) => PReLUCore(x, slopes, a, valuesPerSlope);

        /// <summary>a[i] = x[i] where x[i] &gt; 0, else α[c]·x[i], for i in block c.</summary>
        public static void PReLU(ReadOnlySpan<double> x, ReadOnlySpan<double> slopes, Span<double> a, int valuesPerSlope) => PReLUCore(x, slopes, a, valuesPerSlope);

        /// <summary>∂C/∂x: g[i] = δ[i] where x[i] &gt; 0, else α[c]·δ[i], for i in block c (δ = ∂C/∂a).</summary>
        public static void PReLUBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> slopes, ReadOnlySpan<float> delta, Span<float> g, int valuesPerSlope) =>
            PReLUCore(x, slopes, delta, g, valuesPerSlope);

        /// <summary>∂C/∂x: g[i] = δ[i] where x[i] &gt; 0, else α[c]·δ[i], for i in block c (δ = ∂C/∂a).</summary>
        public static void PReLUBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> slopes, ReadOnlySpan<double> delta, Span<double> g, int valuesPerSlope) =>
            PReLUCore(x, slopes, delta, g, valuesPerSlope);

        /// <summary>
        /// Adds scale · ∂C/∂α into <paramref name="slopeGradient"/>: ∂C/∂α[c] = Σ over block c of x[i]·δ[i] where x[i] ≤ 0, each
        /// block summed in index order first (scale is 1 for a gradient, −η for an SGD step on the slopes themselves).
        /// </summary>
        public static void AddPReLUSlopeGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> delta, float scale, Span<float> slopeGradient, int valuesPerSlope) =>
            AddPReLUSlopeGradientCore(x, delta, scale, slopeGradient, valuesPerSlope);

        /// <summary>
        /// Adds scale · ∂C/∂α into <paramref name="slopeGradient"/>: ∂C/∂α[c] = Σ over block c of x[i]·δ[i] where x[i] ≤ 0, each
        /// block summed in index order first (scale is 1 for a gradient, −η for an SGD step on the slopes themselves).
        /// </summary>
        public static void AddPReLUSlopeGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> delta, double scale, Span<double> slopeGradient, int valuesPerSlope) =>
            AddPReLUSlopeGradientCore(x, delta, scale, slopeGradient, valuesPerSlope);

        /// <summary>
        /// out[i] = v[i] where x[i] &gt; 0, else α[c]·v[i]: the forward pass (v = x) and the input gradient (v = δ) are the same
        /// selection, so one loop serves both.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void PReLUCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> slopes, ReadOnlySpan<T> values, Span<T> output, int valuesPerSlope) where T : unmanaged
        {
            for (int c = 0, i = 0; c < slopes.Length; c++)
            {
                T slope = slopes[c];
                for (int end = i + valuesPerSlope; i < end; i++)
                    output[i] = Arithmetic.IsPositive(x[i]) ? values[i] : Arithmetic.Multiply(slope, values[i]);
            }
        }

        private static void PReLUCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> slopes, Span<T> a, int valuesPerSlope) where T : unmanaged =>
            PReLUCore(x, slopes, x, a, valuesPerSlope);

        [MethodImpl(HotPath.Optimized)]
        private static void AddPReLUSlopeGradientCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, T scale, Span<T> slopeGradient, int valuesPerSlope) where T : unmanaged
        {
            for (int c = 0, i = 0; c < slopeGradient.Length; c++)
            {
                T sum = default;
                for (int end = i + valuesPerSlope; i < end; i++)
                    if (!Arithmetic.IsPositive(x[i])) sum = Arithmetic.MultiplyAdd(sum, x[i], delta[i]);
                slopeGradient[c] = Arithmetic.MultiplyAdd(slopeGradient[c], scale, sum);
            }
        }
    }
}
