using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen
{
    /// <summary>
    /// The numeric building blocks generated code calls: overflow-free sigmoid and softplus, and the vectorised
    /// kernels used for layers too wide to unroll. Every member has a float and a double overload.
    /// </summary>
    public static class NetMath
    {
        /// <summary>e^x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET8_0_OR_GREATER
        public static float Exp(float x) => MathF.Exp(x);
#else
        public static float Exp(float x) => (float)Math.Exp(x);
#endif

        /// <summary>e^x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Exp(double x) => Math.Exp(x);

        /// <summary>ln x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET8_0_OR_GREATER
        public static float Log(float x) => MathF.Log(x);
#else
        public static float Log(float x) => (float)Math.Log(x);
#endif

        /// <summary>ln x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Log(double x) => Math.Log(x);

        /// <summary>tanh x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET8_0_OR_GREATER
        public static float Tanh(float x) => MathF.Tanh(x);
#else
        public static float Tanh(float x) => (float)Math.Tanh(x);
#endif

        /// <summary>tanh x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Tanh(double x) => Math.Tanh(x);

        /// <summary>1 / (1 + e^(−z)), computed from e^(−|z|) so that no intermediate overflows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sigmoid(float z)
        {
            float e = Exp(-Math.Abs(z));
            return z >= 0 ? 1 / (1 + e) : e / (1 + e);
        }

        /// <summary>1 / (1 + e^(−z)), computed from e^(−|z|) so that no intermediate overflows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Sigmoid(double z)
        {
            double e = Math.Exp(-Math.Abs(z));
            return z >= 0 ? 1 / (1 + e) : e / (1 + e);
        }

        /// <summary>ln(1 + e^z) as max(z, 0) + ln(1 + e^(−|z|)), which never overflows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Softplus(float z) => Math.Max(z, 0) + Log(1 + Exp(-Math.Abs(z)));

        /// <summary>ln(1 + e^z) as max(z, 0) + ln(1 + e^(−|z|)), which never overflows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Softplus(double z) => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));

        /// <summary>Σᵢ a[i]·b[i] over the length of <paramref name="a"/>.</summary>
        public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => DotCore(a, b);

        /// <summary>Σᵢ a[i]·b[i] over the length of <paramref name="a"/>.</summary>
        public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => DotCore(a, b);

        /// <summary>y[i] += scale · x[i] for every i of <paramref name="y"/>.</summary>
        public static void AddScaled(Span<float> y, ReadOnlySpan<float> x, float scale) => AddScaledCore(y, x, scale);

        /// <summary>y[i] += scale · x[i] for every i of <paramref name="y"/>.</summary>
        public static void AddScaled(Span<double> y, ReadOnlySpan<double> x, double scale) => AddScaledCore(y, x, scale);

        /// <summary>p[k] = e^(z[k] − m) / Σⱼ e^(z[j] − m) with m = max z; returns ln Σⱼ e^(z[j]) (log-sum-exp).</summary>
        public static float Softmax(ReadOnlySpan<float> z, Span<float> p) => (float)SoftmaxCore(z, p);

        /// <summary>p[k] = e^(z[k] − m) / Σⱼ e^(z[j] − m) with m = max z; returns ln Σⱼ e^(z[j]) (log-sum-exp).</summary>
        public static double Softmax(ReadOnlySpan<double> z, Span<double> p) => SoftmaxCore(z, p);

        /// <summary>Turns g = ∂C/∂p into δ = ∂C/∂z in place for a softmax layer: δ[k] = p[k] · (g[k] − Σⱼ p[j] g[j]).</summary>
        public static void SoftmaxBackward(ReadOnlySpan<float> p, Span<float> g) => SoftmaxBackwardCore(p, g);

        /// <summary>Turns g = ∂C/∂p into δ = ∂C/∂z in place for a softmax layer: δ[k] = p[k] · (g[k] − Σⱼ p[j] g[j]).</summary>
        public static void SoftmaxBackward(ReadOnlySpan<double> p, Span<double> g) => SoftmaxBackwardCore(p, g);

        internal static T DotCore<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged
        {
            b = b.Slice(0, a.Length);
            var va = MemoryMarshal.Cast<T, Vector<T>>(a);
            var vb = MemoryMarshal.Cast<T, Vector<T>>(b);
            // Two accumulators hide the latency of dependent vector multiply-adds.
            Vector<T> sum0 = Vector<T>.Zero, sum1 = Vector<T>.Zero;
            int v = 0;
            for (; v + 1 < va.Length; v += 2)
            {
                sum0 += va[v] * vb[v];
                sum1 += va[v + 1] * vb[v + 1];
            }
            if (v < va.Length) sum0 += va[v] * vb[v];

            T sum = Vector.Dot(sum0 + sum1, Vector<T>.One);
            for (int i = va.Length * Vector<T>.Count; i < a.Length; i++) sum = Arithmetic.MultiplyAdd(sum, a[i], b[i]);
            return sum;
        }

        internal static void AddScaledCore<T>(Span<T> y, ReadOnlySpan<T> x, T scale) where T : unmanaged
        {
            x = x.Slice(0, y.Length);
            var vy = MemoryMarshal.Cast<T, Vector<T>>(y);
            var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
            var vscale = new Vector<T>(scale);
            for (int v = 0; v < vy.Length; v++) vy[v] += vscale * vx[v];
            for (int i = vy.Length * Vector<T>.Count; i < y.Length; i++) y[i] = Arithmetic.MultiplyAdd(y[i], scale, x[i]);
        }

        private static double SoftmaxCore<T>(ReadOnlySpan<T> z, Span<T> p) where T : unmanaged
        {
            double max = double.NegativeInfinity;
            for (int k = 0; k < z.Length; k++) max = Math.Max(max, Arithmetic.ToDouble(z[k]));

            double sum = 0;
            for (int k = 0; k < z.Length; k++)
            {
                double e = Math.Exp(Arithmetic.ToDouble(z[k]) - max);
                p[k] = Arithmetic.FromDouble<T>(e);
                sum += e;
            }

            for (int k = 0; k < z.Length; k++) p[k] = Arithmetic.FromDouble<T>(Arithmetic.ToDouble(p[k]) / sum);
            return max + Math.Log(sum);
        }

        private static void SoftmaxBackwardCore<T>(ReadOnlySpan<T> p, Span<T> g) where T : unmanaged
        {
            double weighted = 0;
            for (int k = 0; k < p.Length; k++) weighted += Arithmetic.ToDouble(p[k]) * Arithmetic.ToDouble(g[k]);
            for (int k = 0; k < p.Length; k++)
                g[k] = Arithmetic.FromDouble<T>(Arithmetic.ToDouble(p[k]) * (Arithmetic.ToDouble(g[k]) - weighted));
        }
    }
}
