using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// The matrix-matrix kernels of a Dense layer over a tile of samples (rows are samples, row-major), which generated
    /// ForwardBatch and BackwardBatch code calls: Z = A·Wᵀ + b, G = Δ·W and ∂W += Δᵀ·A, ∂b += Σ rows of Δ.
    /// <para>
    /// Every output element is computed by the same sequence of operations wherever it sits in the tile, whichever register
    /// block computes it and however many rows the tile has: each kernel's blocked path and its remainder path accumulate in
    /// the same order with fused multiply-adds (a vector lane's FMA rounds exactly like the scalar FMA). So a sample's
    /// result never depends on its neighbours, the tile size or the number of threads — what makes batched results
    /// bit-identical on any number of cores. Without AVX2 and FMA (or on netstandard2.0) a portable scalar path runs, also
    /// the same for every element.
    /// </para>
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class BatchMath
    {
        /// <summary>
        /// Z[n, j] = b[j] + Σᵢ A[n, i] · W[j, i] for the <paramref name="rows"/> samples of a tile: A [rows × fanIn],
        /// W [units × fanIn] (nn.Linear's layout), b [units] or empty (a layer without a bias: Z = A·Wᵀ), Z [rows × units].
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static void MultiplyTransposedAdd<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> z, int rows, int units)
            where T : unmanaged
        {
            int fanIn = weights.Length / Math.Max(units, 1);
            if (a.Length < rows * fanIn || z.Length < rows * units || weights.Length != units * fanIn || (bias.Length != 0 && bias.Length != units))
                throw new ArgumentException("The spans do not fit a tile of " + rows + " rows.");
#if NET8_0_OR_GREATER
            if (UseAvx<T>())
            {
                MultiplyTransposedAddAvx(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(weights),
                    bias, ref MemoryMarshal.GetReference(z), rows, units, fanIn);
                return;
            }
#endif
            MultiplyTransposedAddPortable(a, weights, bias, z, rows, units);
        }

        /// <summary>The portable path of <see cref="MultiplyTransposedAdd{T}"/>: one <see cref="System.Numerics.Vector{T}"/> dot product per element.</summary>
        internal static void MultiplyTransposedAddPortable<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> z, int rows, int units)
            where T : unmanaged
        {
            int fanIn = weights.Length / Math.Max(units, 1);
            for (int n = 0; n < rows; n++)
                for (int j = 0; j < units; j++)
                    z[n * units + j] = Arithmetic.Add(NetMath.DotCore(a.Slice(n * fanIn, fanIn), weights.Slice(j * fanIn, fanIn)), NetMath.BiasAt(bias, j));
        }

        /// <summary>
        /// G[n, i] = Σⱼ Δ[n, j] · W[j, i]: what each sample's δ sends to the layer below (Wᵀδ per row), before σ'.
        /// Δ [rows × units], W [units × fanIn], G [rows × fanIn] (overwritten).
        /// </summary>
        public static void Multiply<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> weights, Span<T> g, int rows) where T : unmanaged
        {
            int units = delta.Length / Math.Max(rows, 1), fanIn = g.Length / Math.Max(rows, 1);
            if (delta.Length != rows * units || g.Length != rows * fanIn || weights.Length != units * fanIn)
                throw new ArgumentException("The spans do not fit a tile of " + rows + " rows.");
            // C[n, i] = Σⱼ Δ[n·units + j] · W[j, i]: rows step by units through Δ, the depth by 1.
            MultiplyAccumulate(delta, rowStride: units, depthStride: 1, weights, g, rows, depth: units, columns: fanIn, accumulate: false);
        }

        /// <summary>
        /// ∂W[j, i] += Σₙ Δ[n, j] · A[n, i] and ∂b[j] += Σₙ Δ[n, j] over the <paramref name="rows"/> samples of a batch, in
        /// sample order: a Dense layer's parameter gradient, the sum of δ aᵀ, for a block of its units. <paramref name="delta"/>
        /// starts at the block's first unit in Δ's first row and steps by <paramref name="units"/> (the layer's width) per row;
        /// A [rows × fanIn]; ∂W is the block's rows of fanIn, ∂b the block's biases, or empty for a layer without a bias.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static void AddWeightGradient<T>(ReadOnlySpan<T> delta, int units, ReadOnlySpan<T> a, Span<T> weightGradient, Span<T> biasGradient, int rows)
            where T : unmanaged
        {
            if (rows == 0) return;
            int fanIn = a.Length / rows, block = weightGradient.Length / Math.Max(fanIn, 1);
            if (delta.Length < (rows - 1) * units + block || a.Length != rows * fanIn || weightGradient.Length != block * fanIn || block > units ||
                (biasGradient.Length != 0 && biasGradient.Length != block))
                throw new ArgumentException("The spans do not fit a batch of " + rows + " rows.");
            // C[j, i] += Σₙ Δ[n·units + j] · A[n, i]: rows (j) step by 1 through Δ, the depth (n) by units.
            MultiplyAccumulate(delta, rowStride: 1, depthStride: units, a, weightGradient, block, depth: rows, columns: fanIn, accumulate: true);
            for (int n = 0; n < rows && !biasGradient.IsEmpty; n++)
            {
                var deltaRow = delta.Slice(n * units, block);
                for (int j = 0; j < block; j++) biasGradient[j] = Arithmetic.Add(biasGradient[j], deltaRow[j]);
            }
        }

        /// <summary>
        /// C[r, c] = (accumulate ? C[r, c] : 0) + Σₖ A(r, k) · B[k, c] with A(r, k) = a[r·rowStride + k·depthStride],
        /// B [depth × columns] and C [rows × columns] row-major; k runs in order for every element.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void MultiplyAccumulate<T>(ReadOnlySpan<T> a, int rowStride, int depthStride, ReadOnlySpan<T> b, Span<T> c,
            int rows, int depth, int columns, bool accumulate) where T : unmanaged
        {
#if NET8_0_OR_GREATER
            if (UseAvx<T>())
            {
                MultiplyAccumulateAvx(ref MemoryMarshal.GetReference(a), rowStride, depthStride, ref MemoryMarshal.GetReference(b),
                    ref MemoryMarshal.GetReference(c), rows, depth, columns, accumulate);
                return;
            }
#endif
            MultiplyAccumulatePortable(a, rowStride, depthStride, b, c, rows, depth, columns, accumulate);
        }

        /// <summary>The portable path of MultiplyAccumulate: each row of C gathers the rows of B, <see cref="System.Numerics.Vector{T}"/> wide.</summary>
        internal static void MultiplyAccumulatePortable<T>(ReadOnlySpan<T> a, int rowStride, int depthStride, ReadOnlySpan<T> b, Span<T> c,
            int rows, int depth, int columns, bool accumulate) where T : unmanaged
        {
            for (int r = 0; r < rows; r++)
            {
                var row = c.Slice(r * columns, columns);
                if (!accumulate) row.Clear();
                for (int k = 0; k < depth; k++) NetMath.AddScaledCore(row, b.Slice(k * columns, columns), a[r * rowStride + k * depthStride]);
            }
        }

#if NET8_0_OR_GREATER
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool UseAvx<T>() where T : unmanaged =>
            Avx2.IsSupported && Fma.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<T> MultiplyAdd<T>(Vector256<T> left, Vector256<T> right, Vector256<T> addend) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return Fma.MultiplyAdd(left.AsSingle(), right.AsSingle(), addend.AsSingle()).As<float, T>();
            return Fma.MultiplyAdd(left.AsDouble(), right.AsDouble(), addend.AsDouble()).As<double, T>();
        }

        /// <summary>left · right + addend rounded once, bit-identical to one lane of <see cref="MultiplyAdd{T}(Vector256{T}, Vector256{T}, Vector256{T})"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T FusedMultiplyAdd<T>(T left, T right, T addend) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)MathF.FusedMultiplyAdd((float)(object)left, (float)(object)right, (float)(object)addend);
            return (T)(object)Math.FusedMultiplyAdd((double)(object)left, (double)(object)right, (double)(object)addend);
        }

        /// <summary>
        /// Blocks of 2 samples × 4 units share their loads (8 dot products in flight). The units are the outer loop, so each
        /// block of four rows of W is read from memory once per tile and then from the L1 cache for every pair of samples (a
        /// wide layer's W, 784 × 256 floats in net XL, is far larger than the cache). The remainders compute one dot product
        /// at a time with <see cref="Dot{T}"/>'s exact sequence: vector lanes over whole chunks, their sum, the tail, then b.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void MultiplyTransposedAddAvx<T>(ref T a, ref T w, ReadOnlySpan<T> bias, ref T z, int rows, int units, int fanIn) where T : unmanaged
        {
            int lanes = Vector256<T>.Count;
            nuint vectorEnd = (nuint)(fanIn - fanIn % lanes), stride = (nuint)fanIn;
            int j = 0;
            for (; j + 4 <= units; j += 4)
            {
                ref T w0 = ref Unsafe.Add(ref w, (nint)j * fanIn);
                ref T w1 = ref Unsafe.Add(ref w0, stride);
                ref T w2 = ref Unsafe.Add(ref w0, 2 * stride);
                ref T w3 = ref Unsafe.Add(ref w0, 3 * stride);
                T b0 = NetMath.BiasAt(bias, j), b1 = NetMath.BiasAt(bias, j + 1), b2 = NetMath.BiasAt(bias, j + 2), b3 = NetMath.BiasAt(bias, j + 3);
                int n = 0;
                for (; n + 2 <= rows; n += 2)
                {
                    ref T a0 = ref Unsafe.Add(ref a, (nint)n * fanIn);
                    ref T a1 = ref Unsafe.Add(ref a0, stride);
                    Vector256<T> s00 = default, s01 = default, s02 = default, s03 = default;
                    Vector256<T> s10 = default, s11 = default, s12 = default, s13 = default;
                    for (nuint i = 0; i < vectorEnd; i += (nuint)lanes)
                    {
                        var x0 = Vector256.LoadUnsafe(ref a0, i);
                        var x1 = Vector256.LoadUnsafe(ref a1, i);
                        var v = Vector256.LoadUnsafe(ref w0, i);
                        s00 = MultiplyAdd(x0, v, s00);
                        s10 = MultiplyAdd(x1, v, s10);
                        v = Vector256.LoadUnsafe(ref w1, i);
                        s01 = MultiplyAdd(x0, v, s01);
                        s11 = MultiplyAdd(x1, v, s11);
                        v = Vector256.LoadUnsafe(ref w2, i);
                        s02 = MultiplyAdd(x0, v, s02);
                        s12 = MultiplyAdd(x1, v, s12);
                        v = Vector256.LoadUnsafe(ref w3, i);
                        s03 = MultiplyAdd(x0, v, s03);
                        s13 = MultiplyAdd(x1, v, s13);
                    }

                    ref T z0 = ref Unsafe.Add(ref z, (nint)n * units + j);
                    ref T z1 = ref Unsafe.Add(ref z0, units);
                    z0 = Finish(s00, ref a0, ref w0, vectorEnd, fanIn, b0);
                    Unsafe.Add(ref z0, 1) = Finish(s01, ref a0, ref w1, vectorEnd, fanIn, b1);
                    Unsafe.Add(ref z0, 2) = Finish(s02, ref a0, ref w2, vectorEnd, fanIn, b2);
                    Unsafe.Add(ref z0, 3) = Finish(s03, ref a0, ref w3, vectorEnd, fanIn, b3);
                    z1 = Finish(s10, ref a1, ref w0, vectorEnd, fanIn, b0);
                    Unsafe.Add(ref z1, 1) = Finish(s11, ref a1, ref w1, vectorEnd, fanIn, b1);
                    Unsafe.Add(ref z1, 2) = Finish(s12, ref a1, ref w2, vectorEnd, fanIn, b2);
                    Unsafe.Add(ref z1, 3) = Finish(s13, ref a1, ref w3, vectorEnd, fanIn, b3);
                }

                if (n < rows)
                {
                    ref T an = ref Unsafe.Add(ref a, (nint)n * fanIn);
                    ref T zn = ref Unsafe.Add(ref z, (nint)n * units + j);
                    zn = Dot(ref an, ref w0, vectorEnd, fanIn, b0);
                    Unsafe.Add(ref zn, 1) = Dot(ref an, ref w1, vectorEnd, fanIn, b1);
                    Unsafe.Add(ref zn, 2) = Dot(ref an, ref w2, vectorEnd, fanIn, b2);
                    Unsafe.Add(ref zn, 3) = Dot(ref an, ref w3, vectorEnd, fanIn, b3);
                }
            }

            for (; j < units; j++)
            {
                ref T wj = ref Unsafe.Add(ref w, (nint)j * fanIn);
                for (int n = 0; n < rows; n++)
                    Unsafe.Add(ref z, (nint)n * units + j) = Dot(ref Unsafe.Add(ref a, (nint)n * fanIn), ref wj, vectorEnd, fanIn, NetMath.BiasAt(bias, j));
            }
        }

        /// <summary>One dot product plus bias in the kernel's fixed order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T Dot<T>(ref T x, ref T w, nuint vectorEnd, int length, T bias) where T : unmanaged
        {
            Vector256<T> s = default;
            for (nuint i = 0; i < vectorEnd; i += (nuint)Vector256<T>.Count) s = MultiplyAdd(Vector256.LoadUnsafe(ref x, i), Vector256.LoadUnsafe(ref w, i), s);
            return Finish(s, ref x, ref w, vectorEnd, length, bias);
        }

        /// <summary>The end of every dot product: the sum of the lanes, the scalar tail in order, then the bias.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T Finish<T>(Vector256<T> lanes, ref T x, ref T w, nuint vectorEnd, int length, T bias) where T : unmanaged
        {
            T sum = Vector256.Sum(lanes);
            for (nuint i = vectorEnd; i < (nuint)length; i++) sum = FusedMultiplyAdd(Unsafe.Add(ref x, i), Unsafe.Add(ref w, i), sum);
            return Arithmetic.Add(sum, bias);
        }

        /// <summary>
        /// Blocks of 4 rows × 2 vectors of columns (8 accumulators, each A(r, k) broadcast once per k); then 4 rows × 1
        /// vector, then single rows, then scalar columns — every element the same FMA chain over k.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void MultiplyAccumulateAvx<T>(ref T a, int rowStride, int depthStride, ref T b, ref T c,
            int rows, int depth, int columns, bool accumulate) where T : unmanaged
        {
            int lanes = Vector256<T>.Count;
            int r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                ref T a0 = ref Unsafe.Add(ref a, (nint)r * rowStride);
                ref T c0 = ref Unsafe.Add(ref c, (nint)r * columns);
                int col = 0;
                for (; col + 2 * lanes <= columns; col += 2 * lanes)
                {
                    Vector256<T> s00, s01, s10, s11, s20, s21, s30, s31;
                    if (accumulate)
                    {
                        s00 = Vector256.LoadUnsafe(ref c0, (nuint)col); s01 = Vector256.LoadUnsafe(ref c0, (nuint)(col + lanes));
                        s10 = Vector256.LoadUnsafe(ref c0, (nuint)(columns + col)); s11 = Vector256.LoadUnsafe(ref c0, (nuint)(columns + col + lanes));
                        s20 = Vector256.LoadUnsafe(ref c0, (nuint)(2 * columns + col)); s21 = Vector256.LoadUnsafe(ref c0, (nuint)(2 * columns + col + lanes));
                        s30 = Vector256.LoadUnsafe(ref c0, (nuint)(3 * columns + col)); s31 = Vector256.LoadUnsafe(ref c0, (nuint)(3 * columns + col + lanes));
                    }
                    else s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = default;

                    for (int k = 0; k < depth; k++)
                    {
                        ref T bk = ref Unsafe.Add(ref b, (nint)k * columns + col);
                        var b0 = Vector256.LoadUnsafe(ref bk);
                        var b1 = Vector256.LoadUnsafe(ref bk, (nuint)lanes);
                        ref T ak = ref Unsafe.Add(ref a0, (nint)k * depthStride);
                        var x = Vector256.Create(ak);
                        s00 = MultiplyAdd(x, b0, s00); s01 = MultiplyAdd(x, b1, s01);
                        x = Vector256.Create(Unsafe.Add(ref ak, rowStride));
                        s10 = MultiplyAdd(x, b0, s10); s11 = MultiplyAdd(x, b1, s11);
                        x = Vector256.Create(Unsafe.Add(ref ak, 2 * rowStride));
                        s20 = MultiplyAdd(x, b0, s20); s21 = MultiplyAdd(x, b1, s21);
                        x = Vector256.Create(Unsafe.Add(ref ak, 3 * rowStride));
                        s30 = MultiplyAdd(x, b0, s30); s31 = MultiplyAdd(x, b1, s31);
                    }

                    s00.StoreUnsafe(ref c0, (nuint)col); s01.StoreUnsafe(ref c0, (nuint)(col + lanes));
                    s10.StoreUnsafe(ref c0, (nuint)(columns + col)); s11.StoreUnsafe(ref c0, (nuint)(columns + col + lanes));
                    s20.StoreUnsafe(ref c0, (nuint)(2 * columns + col)); s21.StoreUnsafe(ref c0, (nuint)(2 * columns + col + lanes));
                    s30.StoreUnsafe(ref c0, (nuint)(3 * columns + col)); s31.StoreUnsafe(ref c0, (nuint)(3 * columns + col + lanes));
                }

                for (; col + lanes <= columns; col += lanes)
                    for (int row = 0; row < 4; row++)
                        AccumulateVector(ref Unsafe.Add(ref a0, (nint)row * rowStride), depthStride, ref b, ref Unsafe.Add(ref c0, (nint)row * columns), depth, columns, col, accumulate);

                for (; col < columns; col++)
                    for (int row = 0; row < 4; row++)
                        AccumulateScalar(ref Unsafe.Add(ref a0, (nint)row * rowStride), depthStride, ref b, ref Unsafe.Add(ref c0, (nint)row * columns), depth, columns, col, accumulate);
            }

            for (; r < rows; r++)
            {
                ref T ar = ref Unsafe.Add(ref a, (nint)r * rowStride);
                ref T cr = ref Unsafe.Add(ref c, (nint)r * columns);
                int col = 0;
                for (; col + lanes <= columns; col += lanes) AccumulateVector(ref ar, depthStride, ref b, ref cr, depth, columns, col, accumulate);
                for (; col < columns; col++) AccumulateScalar(ref ar, depthStride, ref b, ref cr, depth, columns, col, accumulate);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AccumulateVector<T>(ref T ar, int depthStride, ref T b, ref T cr, int depth, int columns, int col, bool accumulate)
            where T : unmanaged
        {
            var s = accumulate ? Vector256.LoadUnsafe(ref cr, (nuint)col) : default;
            for (int k = 0; k < depth; k++)
                s = MultiplyAdd(Vector256.Create(Unsafe.Add(ref ar, (nint)k * depthStride)), Vector256.LoadUnsafe(ref b, (nuint)((nint)k * columns + col)), s);
            s.StoreUnsafe(ref cr, (nuint)col);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AccumulateScalar<T>(ref T ar, int depthStride, ref T b, ref T cr, int depth, int columns, int col, bool accumulate)
            where T : unmanaged
        {
            T s = accumulate ? Unsafe.Add(ref cr, col) : default;
            for (int k = 0; k < depth; k++)
                s = FusedMultiplyAdd(Unsafe.Add(ref ar, (nint)k * depthStride), Unsafe.Add(ref b, (nint)k * columns + col), s);
            Unsafe.Add(ref cr, col) = s;
        }
#endif
    }
}
