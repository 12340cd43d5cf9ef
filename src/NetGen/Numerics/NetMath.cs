using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// The numeric building blocks generated code calls: overflow-free sigmoid and softplus, and the vectorised
    /// kernels used for layers too wide to unroll. Every member has a float and a double overload.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static partial class NetMath
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

        /// <summary>
        /// tanh x in single precision as a 13/6-degree rational function (Eigen's and ONNX Runtime's coefficients): within
        /// 2.9e-7 of tanh over every float on .NET 8+ (at most 5 ulp; 4.2e-7 and 7 ulp on netstandard2.0, which lacks fused
        /// multiply-add), measured over all of them and sampled in KernelTests. Multiplies and adds with no library call:
        /// faster than MathF.Tanh, and bit-identical on every platform, where C runtimes' tanhf differ.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Tanh(float x)
        {
            // Past the clamp tanh rounds to ±1 in float, and p/q stays ≤ 1 with this build's rounding (Math.Min/Max pass NaN through).
            float clamped = Math.Max(Math.Min(x, TanhClamp), -TanhClamp);
            float x2 = clamped * clamped;
            float p = MultiplyAdd(x2, -2.76076847742355e-16f, 2.00018790482477e-13f);
            p = MultiplyAdd(x2, p, -8.60467152213735e-11f);
            p = MultiplyAdd(x2, p, 5.12229709037114e-08f);
            p = MultiplyAdd(x2, p, 1.48572235717979e-05f);
            p = MultiplyAdd(x2, p, 6.37261928875436e-04f);
            p = MultiplyAdd(x2, p, 4.89352455891786e-03f);
            float q = MultiplyAdd(x2, 1.19825839466702e-06f, 1.18534705686654e-04f);
            q = MultiplyAdd(x2, q, 2.26843463243900e-03f);
            q = MultiplyAdd(x2, q, 4.89352518554385e-03f);
            // Below 0.0004, tanh x = x in float; the rational function would lose the last bits there.
            return Math.Abs(x) < 0.0004f ? x : clamped * p / q;
        }

#if NET8_0_OR_GREATER
        private const float TanhClamp = 7.99881172180175781f;

        /// <summary>a·b + c with one rounding (fused), which IEEE 754 defines exactly, so every platform gets the same bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float MultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
#else
        private const float TanhClamp = 7.90531110763549805f;

        /// <summary>a·b + c with two roundings: netstandard2.0 has no fused multiply-add.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float MultiplyAdd(float a, float b, float c) => a * b + c;
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

        /// <summary>
        /// z[j] = Σᵢ W[j, i] x[i] + b[j] for a row-major W of z.Length rows and x.Length columns (an empty b: no bias, z = W x):
        /// several rows per pass over x, so each loaded piece of x feeds independent vector multiply-adds (eight rows with AVX,
        /// four otherwise).
        /// </summary>
        public static void MultiplyAdd(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> z)
        {
            CheckMultiplyAdd(weights.Length, x.Length, bias.Length, z.Length);
#if NET8_0_OR_GREATER
            if (System.Runtime.Intrinsics.X86.Avx.IsSupported)
            {
                MultiplyAddAvx(weights, x, bias, z);
                return;
            }
#endif
            MultiplyAddCore(weights, x, bias, z);
        }

        /// <summary>
        /// z[j] = Σᵢ W[j, i] x[i] + b[j] for a row-major W of z.Length rows and x.Length columns (an empty b: no bias, z = W x):
        /// four rows per pass over x, so each loaded piece of x feeds four independent vector multiply-adds.
        /// </summary>
        public static void MultiplyAdd(ReadOnlySpan<double> weights, ReadOnlySpan<double> x, ReadOnlySpan<double> bias, Span<double> z)
        {
            CheckMultiplyAdd(weights.Length, x.Length, bias.Length, z.Length);
            MultiplyAddCore(weights, x, bias, z);
        }

        /// <summary>W must hold z.Length rows of x.Length weights; b one value per row, or none (a layer without a bias).</summary>
        private static void CheckMultiplyAdd(int weights, int columns, int bias, int rows)
        {
            if (weights < (long)rows * columns || (bias != 0 && bias != rows))
                throw new ArgumentException("The weights or the bias do not fit the product: W needs one row per output and b one value per row, or none.");
        }

        /// <summary>b[j], or 0 for a layer without a bias (an empty span).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static T BiasAt<T>(ReadOnlySpan<T> bias, int j) where T : unmanaged => bias.IsEmpty ? default : bias[j];

        /// <summary>
        /// g[i] = Σⱼ W[j, i] d[j] (Wᵀ d) for a row-major W of d.Length rows and g.Length columns: with AVX, 32 columns of g
        /// held in registers while the rows pass by; otherwise four rows per pass over g.
        /// </summary>
        public static void MultiplyTransposed(ReadOnlySpan<float> weights, ReadOnlySpan<float> d, Span<float> g)
        {
#if NET8_0_OR_GREATER
            if (System.Runtime.Intrinsics.X86.Avx.IsSupported)
            {
                MultiplyTransposedAvx(weights, d, g);
                return;
            }
#endif
            MultiplyTransposedCore(weights, d, g);
        }

        /// <summary>g[i] = Σⱼ W[j, i] d[j] (Wᵀ d) for a row-major W of d.Length rows and g.Length columns, four rows per pass over g.</summary>
        public static void MultiplyTransposed(ReadOnlySpan<double> weights, ReadOnlySpan<double> d, Span<double> g) => MultiplyTransposedCore(weights, d, g);

        /// <summary>y[i] += scale · x[i] for every i of <paramref name="y"/>.</summary>
        public static void AddScaled(Span<float> y, ReadOnlySpan<float> x, float scale) => AddScaledCore(y, x, scale);

        /// <summary>y[i] += scale · x[i] for every i of <paramref name="y"/>.</summary>
        public static void AddScaled(Span<double> y, ReadOnlySpan<double> x, double scale) => AddScaledCore(y, x, scale);

        /// <summary>
        /// M[j, i] += scale · d[j] · a[i] for a row-major M of d.Length rows and a.Length columns: the weight gradient
        /// δ aᵀ of a dense layer added into a gradient (scale 1) or stepped into its weights (scale −η).
        /// </summary>
        public static void AddOuterProduct(Span<float> matrix, ReadOnlySpan<float> d, ReadOnlySpan<float> a, float scale)
        {
#if NET8_0_OR_GREATER
            if (System.Runtime.Intrinsics.X86.Avx.IsSupported)
            {
                AddOuterProductAvx(matrix, d, a, scale);
                return;
            }
#endif
            AddOuterProductCore(matrix, d, a, scale);
        }

        /// <summary>
        /// M[j, i] += scale · d[j] · a[i] for a row-major M of d.Length rows and a.Length columns: the weight gradient
        /// δ aᵀ of a dense layer added into a gradient (scale 1) or stepped into its weights (scale −η).
        /// </summary>
        public static void AddOuterProduct(Span<double> matrix, ReadOnlySpan<double> d, ReadOnlySpan<double> a, double scale) =>
            AddOuterProductCore(matrix, d, a, scale);

        /// <summary>
        /// g = Wᵀ d with W as it is on entry, then W += scale · d aᵀ (row-major W of d.Length rows and g.Length columns,
        /// a of g.Length): a layer's backpropagated gradient and its SGD step (scale −η) in one pass over its weights.
        /// </summary>
        public static void MultiplyTransposedAndAddOuterProduct(Span<float> weights, ReadOnlySpan<float> d, ReadOnlySpan<float> a, float scale, Span<float> g)
        {
#if NET8_0_OR_GREATER
            if (System.Runtime.Intrinsics.X86.Avx.IsSupported)
            {
                MultiplyTransposedAndAddOuterProductAvx(weights, d, a, scale, g);
                return;
            }
#endif
            MultiplyTransposedAndAddOuterProductCore(weights, d, a, scale, g);
        }

        /// <summary>
        /// g = Wᵀ d with W as it is on entry, then W += scale · d aᵀ (row-major W of d.Length rows and g.Length columns,
        /// a of g.Length): a layer's backpropagated gradient and its SGD step (scale −η) in one pass over its weights.
        /// </summary>
        public static void MultiplyTransposedAndAddOuterProduct(Span<double> weights, ReadOnlySpan<double> d, ReadOnlySpan<double> a, double scale, Span<double> g) =>
            MultiplyTransposedAndAddOuterProductCore(weights, d, a, scale, g);

        /// <summary>p[k] = e^(z[k] − m) / Σⱼ e^(z[j] − m) with m = max z.</summary>
        public static void Softmax(ReadOnlySpan<float> z, Span<float> p) => Softmax(z, p, logSumExp: false);

        /// <summary>p[k] = e^(z[k] − m) / Σⱼ e^(z[j] − m) with m = max z.</summary>
        public static void Softmax(ReadOnlySpan<double> z, Span<double> p) => SoftmaxCore(z, p, logSumExp: false);

        /// <summary>p = softmax(z) as <see cref="Softmax(ReadOnlySpan{float}, Span{float})"/>; returns ln Σⱼ e^(z[j]) (log-sum-exp), which the cross-entropy of the logits needs.</summary>
        public static float SoftmaxAndLogSumExp(ReadOnlySpan<float> z, Span<float> p) => Softmax(z, p, logSumExp: true);

        /// <summary>p = softmax(z) as <see cref="Softmax(ReadOnlySpan{double}, Span{double})"/>; returns ln Σⱼ e^(z[j]) (log-sum-exp), which the cross-entropy of the logits needs.</summary>
        public static double SoftmaxAndLogSumExp(ReadOnlySpan<double> z, Span<double> p) => SoftmaxCore(z, p, logSumExp: true);

        private static float Softmax(ReadOnlySpan<float> z, Span<float> p, bool logSumExp)
        {
#if NET8_0_OR_GREATER
            if (System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated && z.Length >= 4) return SoftmaxVector128(z, p, logSumExp);
#endif
            return SoftmaxCore(z, p, logSumExp);
        }

        /// <summary>Turns g = ∂C/∂p into δ = ∂C/∂z in place for a softmax layer: δ[k] = p[k] · (g[k] − Σⱼ p[j] g[j]).</summary>
        public static void SoftmaxBackward(ReadOnlySpan<float> p, Span<float> g) => SoftmaxBackwardCore(p, g);

        /// <summary>Turns g = ∂C/∂p into δ = ∂C/∂z in place for a softmax layer: δ[k] = p[k] · (g[k] − Σⱼ p[j] g[j]).</summary>
        public static void SoftmaxBackward(ReadOnlySpan<double> p, Span<double> g) => SoftmaxBackwardCore(p, g);

        /// <summary>
        /// a[i] = tanh z[i] as <see cref="Tanh(float)"/>, a whole layer at a time: eight lanes at once with AVX and FMA, which
        /// give every lane the same bits as the one-value function, so a value never depends on where it sits in the span.
        /// </summary>
        public static void Tanh(ReadOnlySpan<float> z, Span<float> a)
        {
            z = z.Slice(0, a.Length);
            int k = 0;
#if NET8_0_OR_GREATER
            if (System.Runtime.Intrinsics.X86.Fma.IsSupported && System.Runtime.Intrinsics.X86.Avx.IsSupported) k = TanhAvx(z, a);
#endif
            for (; k < a.Length; k++) a[k] = Tanh(z[k]);
        }

        /// <summary>a[i] = tanh z[i], a whole layer at a time.</summary>
        public static void Tanh(ReadOnlySpan<double> z, Span<double> a)
        {
            z = z.Slice(0, a.Length);
            for (int k = 0; k < a.Length; k++) a[k] = Math.Tanh(z[k]);
        }

        /// <summary>a[i] = max(0, z[i]) (ReLU; NaN stays NaN, as in PyTorch), a whole layer at a time.</summary>
        public static void ReLU(ReadOnlySpan<float> z, Span<float> a) => ZeroWhereNegative(z, a);

        /// <summary>a[i] = max(0, z[i]) (ReLU; NaN stays NaN, as in PyTorch), a whole layer at a time.</summary>
        public static void ReLU(ReadOnlySpan<double> z, Span<double> a) => ZeroWhereNegative(z, a);

        /// <summary>Turns g = ∂C/∂a into δ = ∂C/∂z in place for a ReLU layer: δ[i] = g[i] where z[i] &gt; 0, else 0.</summary>
        public static void ReLUBackward(ReadOnlySpan<float> z, Span<float> g) => ReLUBackwardCore(z, g);

        /// <summary>Turns g = ∂C/∂a into δ = ∂C/∂z in place for a ReLU layer: δ[i] = g[i] where z[i] &gt; 0, else 0.</summary>
        public static void ReLUBackward(ReadOnlySpan<double> z, Span<double> g) => ReLUBackwardCore(z, g);

        /// <summary>
        /// a[i] = 0 where z[i] &lt; 0, else z[i]: ReLU that passes NaN through. A max instruction would not (x86's maxps
        /// returns its second operand when either is NaN), nor would the test z &gt; 0 (false for NaN).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static void ZeroWhereNegative<T>(ReadOnlySpan<T> z, Span<T> a) where T : unmanaged
        {
            z = z.Slice(0, a.Length);
            var vz = MemoryMarshal.Cast<T, Vector<T>>(z);
            var va = MemoryMarshal.Cast<T, Vector<T>>(a);
            for (int v = 0; v < va.Length; v++)
                va[v] = Vector.ConditionalSelect(Vector.LessThan(vz[v], Vector<T>.Zero), Vector<T>.Zero, vz[v]);
            for (int i = va.Length * Vector<T>.Count; i < a.Length; i++) a[i] = Arithmetic.IsNegative(z[i]) ? default : z[i];
        }

        /// <summary>δ[i] = g[i] where z[i] &gt; 0, else 0 (also for NaN in z: the loss of such a sample is NaN already).</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static void ReLUBackwardCore<T>(ReadOnlySpan<T> z, Span<T> g) where T : unmanaged
        {
            z = z.Slice(0, g.Length);
            var vz = MemoryMarshal.Cast<T, Vector<T>>(z);
            var vg = MemoryMarshal.Cast<T, Vector<T>>(g);
            for (int v = 0; v < vg.Length; v++)
                vg[v] = Vector.ConditionalSelect(Vector.GreaterThan(vz[v], Vector<T>.Zero), vg[v], Vector<T>.Zero);
            for (int i = vg.Length * Vector<T>.Count; i < g.Length; i++) g[i] = Arithmetic.IsPositive(z[i]) ? g[i] : default;
        }

        /// <summary>Σᵢ a[i]·b[i] over the length of <paramref name="a"/>.</summary>
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

        [MethodImpl(HotPath.Optimized)]
        internal static void MultiplyAddCore<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> x, ReadOnlySpan<T> bias, Span<T> z) where T : unmanaged
        {
            int columns = x.Length, rows = z.Length;
            var xv = MemoryMarshal.Cast<T, Vector<T>>(x);
            int tail = xv.Length * Vector<T>.Count;
            int j = 0;
            for (; j + 3 < rows; j += 4)
            {
                var w0 = weights.Slice(j * columns, columns);
                var w1 = weights.Slice((j + 1) * columns, columns);
                var w2 = weights.Slice((j + 2) * columns, columns);
                var w3 = weights.Slice((j + 3) * columns, columns);
                var v0 = MemoryMarshal.Cast<T, Vector<T>>(w0);
                var v1 = MemoryMarshal.Cast<T, Vector<T>>(w1);
                var v2 = MemoryMarshal.Cast<T, Vector<T>>(w2);
                var v3 = MemoryMarshal.Cast<T, Vector<T>>(w3);
                Vector<T> s0 = Vector<T>.Zero, s1 = Vector<T>.Zero, s2 = Vector<T>.Zero, s3 = Vector<T>.Zero;
                for (int v = 0; v < xv.Length; v++)
                {
                    var piece = xv[v];
                    s0 += v0[v] * piece;
                    s1 += v1[v] * piece;
                    s2 += v2[v] * piece;
                    s3 += v3[v] * piece;
                }

                T t0 = Vector.Dot(s0, Vector<T>.One), t1 = Vector.Dot(s1, Vector<T>.One);
                T t2 = Vector.Dot(s2, Vector<T>.One), t3 = Vector.Dot(s3, Vector<T>.One);
                for (int i = tail; i < columns; i++)
                {
                    t0 = Arithmetic.MultiplyAdd(t0, w0[i], x[i]);
                    t1 = Arithmetic.MultiplyAdd(t1, w1[i], x[i]);
                    t2 = Arithmetic.MultiplyAdd(t2, w2[i], x[i]);
                    t3 = Arithmetic.MultiplyAdd(t3, w3[i], x[i]);
                }
                z[j] = Arithmetic.Add(t0, BiasAt(bias, j));
                z[j + 1] = Arithmetic.Add(t1, BiasAt(bias, j + 1));
                z[j + 2] = Arithmetic.Add(t2, BiasAt(bias, j + 2));
                z[j + 3] = Arithmetic.Add(t3, BiasAt(bias, j + 3));
            }

            for (; j < rows; j++) z[j] = Arithmetic.Add(DotCore(weights.Slice(j * columns, columns), x), BiasAt(bias, j));
        }

        [MethodImpl(HotPath.Optimized)]
        internal static void MultiplyTransposedCore<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> d, Span<T> g) where T : unmanaged
        {
            int columns = g.Length, rows = d.Length;
            g.Clear();
            var gv = MemoryMarshal.Cast<T, Vector<T>>(g);
            int tail = gv.Length * Vector<T>.Count;
            int j = 0;
            for (; j + 3 < rows; j += 4)
            {
                var w0 = weights.Slice(j * columns, columns);
                var w1 = weights.Slice((j + 1) * columns, columns);
                var w2 = weights.Slice((j + 2) * columns, columns);
                var w3 = weights.Slice((j + 3) * columns, columns);
                var v0 = MemoryMarshal.Cast<T, Vector<T>>(w0);
                var v1 = MemoryMarshal.Cast<T, Vector<T>>(w1);
                var v2 = MemoryMarshal.Cast<T, Vector<T>>(w2);
                var v3 = MemoryMarshal.Cast<T, Vector<T>>(w3);
                Vector<T> d0 = new(d[j]), d1 = new(d[j + 1]), d2 = new(d[j + 2]), d3 = new(d[j + 3]);
                for (int v = 0; v < gv.Length; v++) gv[v] += v0[v] * d0 + v1[v] * d1 + v2[v] * d2 + v3[v] * d3;
                for (int i = tail; i < columns; i++)
                    g[i] = Arithmetic.MultiplyAdd(Arithmetic.MultiplyAdd(Arithmetic.MultiplyAdd(Arithmetic.MultiplyAdd(
                        g[i], w0[i], d[j]), w1[i], d[j + 1]), w2[i], d[j + 2]), w3[i], d[j + 3]);
            }

            for (; j < rows; j++) AddScaledCore(g, weights.Slice(j * columns, columns), d[j]);
        }

        [MethodImpl(HotPath.Optimized)]
        internal static void AddScaledCore<T>(Span<T> y, ReadOnlySpan<T> x, T scale) where T : unmanaged
        {
            x = x.Slice(0, y.Length);
            var vy = MemoryMarshal.Cast<T, Vector<T>>(y);
            var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
            var vscale = new Vector<T>(scale);
            for (int v = 0; v < vy.Length; v++) vy[v] += vscale * vx[v];
            for (int i = vy.Length * Vector<T>.Count; i < y.Length; i++) y[i] = Arithmetic.MultiplyAdd(y[i], scale, x[i]);
        }

        [MethodImpl(HotPath.Optimized)]
        internal static void MultiplyTransposedAndAddOuterProductCore<T>(Span<T> weights, ReadOnlySpan<T> d, ReadOnlySpan<T> a, T scale, Span<T> g) where T : unmanaged
        {
            int columns = g.Length;
            g.Clear();
            for (int j = 0; j < d.Length; j++)
            {
                var row = weights.Slice(j * columns, columns);
                AddScaledCore(g, row, d[j]);
                AddScaledCore(row, a, Arithmetic.Multiply(scale, d[j]));
            }
        }

        [MethodImpl(HotPath.Optimized)]
        internal static void AddOuterProductCore<T>(Span<T> matrix, ReadOnlySpan<T> d, ReadOnlySpan<T> a, T scale) where T : unmanaged
        {
            int columns = a.Length;
            for (int j = 0; j < d.Length; j++) AddScaledCore(matrix.Slice(j * columns, columns), a, Arithmetic.Multiply(scale, d[j]));
        }

        /// <summary>Softmax in the network's own precision, as the unrolled code computes it; returns max + ln Σ e^(z − max) when asked, else 0.</summary>
        internal static T SoftmaxCore<T>(ReadOnlySpan<T> z, Span<T> p, bool logSumExp) where T : unmanaged
        {
            T max = z[0];
            for (int k = 1; k < z.Length; k++) max = Arithmetic.Max(max, z[k]);
            T sum = default;
            for (int k = 0; k < z.Length; k++)
            {
                p[k] = Arithmetic.Exp(Arithmetic.Subtract(z[k], max));
                sum = Arithmetic.Add(sum, p[k]);
            }
            for (int k = 0; k < z.Length; k++) p[k] = Arithmetic.Divide(p[k], sum);
            return logSumExp ? Arithmetic.Add(max, Arithmetic.Log(sum)) : default;
        }

        [MethodImpl(HotPath.Optimized)]
        private static void SoftmaxBackwardCore<T>(ReadOnlySpan<T> p, Span<T> g) where T : unmanaged
        {
            double weighted = 0;
            for (int k = 0; k < p.Length; k++) weighted += Arithmetic.ToDouble(p[k]) * Arithmetic.ToDouble(g[k]);
            for (int k = 0; k < p.Length; k++)
                g[k] = Arithmetic.FromDouble<T>(Arithmetic.ToDouble(p[k]) * (Arithmetic.ToDouble(g[k]) - weighted));
        }
    }
}
