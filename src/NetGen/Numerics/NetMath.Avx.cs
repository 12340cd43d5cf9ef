#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.GeneratedCode
{
    // The float matrix kernels on x86 with AVX (8 lanes), measured on the nets of docs/benchmarks.md against the portable
    // Vector<T> kernels (the steps are in docs/architecture.md): the portable W x reduces every row on its own, which costs
    // more than the multiply-adds themselves for the short rows of small layers (16 or 32 inputs), and the portable Wᵀ d
    // reloads and stores g for every four rows.
    public static partial class NetMath
    {
        [MethodImpl(HotPath.Optimized)]
        private static void MultiplyAddAvx(ReadOnlySpan<float> weights, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> z)
        {
            int columns = x.Length, rows = z.Length;
            bool hasBias = !bias.IsEmpty;
            ref float w = ref MemoryMarshal.GetReference(weights);
            ref float input = ref MemoryMarshal.GetReference(x);
            ref float b = ref MemoryMarshal.GetReference(bias);
            ref float output = ref MemoryMarshal.GetReference(z);
            nuint stride = (nuint)columns;
            nuint vectorEnd = (nuint)(columns & ~7);
            int j = 0;

            for (; j + 8 <= rows; j += 8)
            {
                ref float r0 = ref Unsafe.Add(ref w, (nint)j * columns);
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                Vector256<float> s4 = default, s5 = default, s6 = default, s7 = default;
                for (nuint i = 0; i < vectorEnd; i += 8)
                {
                    var piece = Vector256.LoadUnsafe(ref input, i);
                    s0 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i), piece, s0);
                    s1 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i + stride), piece, s1);
                    s2 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i + 2 * stride), piece, s2);
                    s3 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i + 3 * stride), piece, s3);
                    s4 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i + 4 * stride), piece, s4);
                    s5 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i + 5 * stride), piece, s5);
                    s6 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i + 6 * stride), piece, s6);
                    s7 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i + 7 * stride), piece, s7);
                }

                // Lane r of the sum is row j + r's dot product: [Σs0 … Σs3 | Σs4 … Σs7] after two rounds of pairwise adds.
                var low = SumLanesOfFour(s0, s1, s2, s3);
                var high = SumLanesOfFour(s4, s5, s6, s7);
                var sums = Vector256.Create(low, high);
                if (hasBias) sums += Vector256.LoadUnsafe(ref b, (nuint)j);
                if (vectorEnd < stride)
                    sums += Vector256.Create(
                        TailDot(ref r0, ref input, vectorEnd, stride), TailDot(ref Unsafe.Add(ref r0, stride), ref input, vectorEnd, stride),
                        TailDot(ref Unsafe.Add(ref r0, 2 * stride), ref input, vectorEnd, stride), TailDot(ref Unsafe.Add(ref r0, 3 * stride), ref input, vectorEnd, stride),
                        TailDot(ref Unsafe.Add(ref r0, 4 * stride), ref input, vectorEnd, stride), TailDot(ref Unsafe.Add(ref r0, 5 * stride), ref input, vectorEnd, stride),
                        TailDot(ref Unsafe.Add(ref r0, 6 * stride), ref input, vectorEnd, stride), TailDot(ref Unsafe.Add(ref r0, 7 * stride), ref input, vectorEnd, stride));
                sums.StoreUnsafe(ref output, (nuint)j);
            }

            for (; j + 4 <= rows; j += 4)
            {
                ref float r0 = ref Unsafe.Add(ref w, (nint)j * columns);
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (nuint i = 0; i < vectorEnd; i += 8)
                {
                    var piece = Vector256.LoadUnsafe(ref input, i);
                    s0 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i), piece, s0);
                    s1 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i + stride), piece, s1);
                    s2 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i + 2 * stride), piece, s2);
                    s3 = MultiplyAdd(Vector256.LoadUnsafe(ref r0, i + 3 * stride), piece, s3);
                }

                var sums = SumLanesOfFour(s0, s1, s2, s3);
                if (hasBias) sums += Vector128.LoadUnsafe(ref b, (nuint)j);
                if (vectorEnd < stride)
                    sums += Vector128.Create(
                        TailDot(ref r0, ref input, vectorEnd, stride), TailDot(ref Unsafe.Add(ref r0, stride), ref input, vectorEnd, stride),
                        TailDot(ref Unsafe.Add(ref r0, 2 * stride), ref input, vectorEnd, stride), TailDot(ref Unsafe.Add(ref r0, 3 * stride), ref input, vectorEnd, stride));
                sums.StoreUnsafe(ref output, (nuint)j);
            }

            for (; j < rows; j++)
            {
                ref float row = ref Unsafe.Add(ref w, (nint)j * columns);
                Vector256<float> s = default;
                for (nuint i = 0; i < vectorEnd; i += 8) s = MultiplyAdd(Vector256.LoadUnsafe(ref row, i), Vector256.LoadUnsafe(ref input, i), s);
                Unsafe.Add(ref output, j) = Vector256.Sum(s) + TailDot(ref row, ref input, vectorEnd, stride) + (hasBias ? Unsafe.Add(ref b, j) : 0f);
            }
        }

        // g = Wᵀ d column block by column block: the g of 32 columns stays in registers while every row of W passes by,
        // with even and odd rows in separate accumulators so that consecutive multiply-adds do not wait for each other.
        [MethodImpl(HotPath.Optimized)]
        private static void MultiplyTransposedAvx(ReadOnlySpan<float> weights, ReadOnlySpan<float> d, Span<float> g)
        {
            int columns = g.Length, rows = d.Length;
            if (weights.Length < rows * columns) throw new ArgumentException("The weights are shorter than the product needs.");

            ref float w = ref MemoryMarshal.GetReference(weights);
            ref float delta = ref MemoryMarshal.GetReference(d);
            ref float output = ref MemoryMarshal.GetReference(g);
            nuint stride = (nuint)columns;
            int pairedRows = rows & ~1;
            int c = 0;
            for (; c + 32 <= columns; c += 32)
            {
                ref float block = ref Unsafe.Add(ref w, c);
                Vector256<float> e0 = default, e1 = default, e2 = default, e3 = default;
                Vector256<float> o0 = default, o1 = default, o2 = default, o3 = default;
                for (int j = 0; j < pairedRows; j += 2)
                {
                    ref float even = ref Unsafe.Add(ref block, (nint)j * columns);
                    ref float odd = ref Unsafe.Add(ref even, stride);
                    var de = Vector256.Create(Unsafe.Add(ref delta, j));
                    var dodd = Vector256.Create(Unsafe.Add(ref delta, j + 1));
                    e0 = MultiplyAdd(Vector256.LoadUnsafe(ref even), de, e0);
                    e1 = MultiplyAdd(Vector256.LoadUnsafe(ref even, 8), de, e1);
                    e2 = MultiplyAdd(Vector256.LoadUnsafe(ref even, 16), de, e2);
                    e3 = MultiplyAdd(Vector256.LoadUnsafe(ref even, 24), de, e3);
                    o0 = MultiplyAdd(Vector256.LoadUnsafe(ref odd), dodd, o0);
                    o1 = MultiplyAdd(Vector256.LoadUnsafe(ref odd, 8), dodd, o1);
                    o2 = MultiplyAdd(Vector256.LoadUnsafe(ref odd, 16), dodd, o2);
                    o3 = MultiplyAdd(Vector256.LoadUnsafe(ref odd, 24), dodd, o3);
                }
                if (pairedRows < rows)
                {
                    ref float last = ref Unsafe.Add(ref block, (nint)pairedRows * columns);
                    var dl = Vector256.Create(Unsafe.Add(ref delta, pairedRows));
                    e0 = MultiplyAdd(Vector256.LoadUnsafe(ref last), dl, e0);
                    e1 = MultiplyAdd(Vector256.LoadUnsafe(ref last, 8), dl, e1);
                    e2 = MultiplyAdd(Vector256.LoadUnsafe(ref last, 16), dl, e2);
                    e3 = MultiplyAdd(Vector256.LoadUnsafe(ref last, 24), dl, e3);
                }
                (e0 + o0).StoreUnsafe(ref output, (nuint)c);
                (e1 + o1).StoreUnsafe(ref output, (nuint)c + 8);
                (e2 + o2).StoreUnsafe(ref output, (nuint)c + 16);
                (e3 + o3).StoreUnsafe(ref output, (nuint)c + 24);
            }

            for (; c + 8 <= columns; c += 8)
            {
                ref float block = ref Unsafe.Add(ref w, c);
                Vector256<float> even = default, odd = default;
                for (int j = 0; j < pairedRows; j += 2)
                {
                    ref float row = ref Unsafe.Add(ref block, (nint)j * columns);
                    even = MultiplyAdd(Vector256.LoadUnsafe(ref row), Vector256.Create(Unsafe.Add(ref delta, j)), even);
                    odd = MultiplyAdd(Vector256.LoadUnsafe(ref row, stride), Vector256.Create(Unsafe.Add(ref delta, j + 1)), odd);
                }
                if (pairedRows < rows)
                    even = MultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref block, (nint)pairedRows * columns)), Vector256.Create(Unsafe.Add(ref delta, pairedRows)), even);
                (even + odd).StoreUnsafe(ref output, (nuint)c);
            }

            for (; c < columns; c++)
            {
                float sum = 0;
                for (int j = 0; j < rows; j++) sum += Unsafe.Add(ref w, (nint)j * columns + c) * Unsafe.Add(ref delta, j);
                Unsafe.Add(ref output, c) = sum;
            }
        }

        // M += scale · d aᵀ row by row, a whole row of M per pass: every element is loaded, multiply-added and stored once.
        [MethodImpl(HotPath.Optimized)]
        private static void AddOuterProductAvx(Span<float> matrix, ReadOnlySpan<float> d, ReadOnlySpan<float> a, float scale)
        {
            int columns = a.Length, rows = d.Length;
            if (matrix.Length < rows * columns) throw new ArgumentException("The matrix is shorter than d.Length × a.Length.");

            ref float m = ref MemoryMarshal.GetReference(matrix);
            ref float x = ref MemoryMarshal.GetReference(a);
            int vectorEnd = columns & ~7;
            for (int j = 0; j < rows; j++)
            {
                ref float row = ref Unsafe.Add(ref m, (nint)j * columns);
                float rowScale = scale * d[j];
                var factor = Vector256.Create(rowScale);
                int i = 0;
                for (; i < vectorEnd; i += 8)
                    MultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)i), factor, Vector256.LoadUnsafe(ref row, (nuint)i)).StoreUnsafe(ref row, (nuint)i);
                for (; i < columns; i++) Unsafe.Add(ref row, i) += rowScale * Unsafe.Add(ref x, i);
            }
        }

        // g = Wᵀ d with W as it was, and W += scale · d aᵀ, in one pass over W: 32 columns of g and of a stay in registers
        // while the rows pass by, and each loaded piece of W feeds g before its step is stored.
        [MethodImpl(HotPath.Optimized)]
        private static void MultiplyTransposedAndAddOuterProductAvx(Span<float> weights, ReadOnlySpan<float> d, ReadOnlySpan<float> a, float scale, Span<float> g)
        {
            int columns = g.Length, rows = d.Length;
            if (weights.Length < rows * columns || a.Length < columns)
                throw new ArgumentException("The weights or a are shorter than d.Length × g.Length needs.");

            ref float w = ref MemoryMarshal.GetReference(weights);
            ref float delta = ref MemoryMarshal.GetReference(d);
            ref float x = ref MemoryMarshal.GetReference(a);
            ref float output = ref MemoryMarshal.GetReference(g);
            int c = 0;
            for (; c + 32 <= columns; c += 32)
            {
                ref float block = ref Unsafe.Add(ref w, c);
                var (x0, x1, x2, x3) = (Vector256.LoadUnsafe(ref x, (nuint)c), Vector256.LoadUnsafe(ref x, (nuint)c + 8),
                                        Vector256.LoadUnsafe(ref x, (nuint)c + 16), Vector256.LoadUnsafe(ref x, (nuint)c + 24));
                Vector256<float> g0 = default, g1 = default, g2 = default, g3 = default;
                for (int j = 0; j < rows; j++)
                {
                    ref float row = ref Unsafe.Add(ref block, (nint)j * columns);
                    float dj = Unsafe.Add(ref delta, j);
                    var (dv, step) = (Vector256.Create(dj), Vector256.Create(scale * dj));
                    var (w0, w1, w2, w3) = (Vector256.LoadUnsafe(ref row), Vector256.LoadUnsafe(ref row, 8),
                                            Vector256.LoadUnsafe(ref row, 16), Vector256.LoadUnsafe(ref row, 24));
                    g0 = MultiplyAdd(w0, dv, g0);
                    g1 = MultiplyAdd(w1, dv, g1);
                    g2 = MultiplyAdd(w2, dv, g2);
                    g3 = MultiplyAdd(w3, dv, g3);
                    MultiplyAdd(x0, step, w0).StoreUnsafe(ref row);
                    MultiplyAdd(x1, step, w1).StoreUnsafe(ref row, 8);
                    MultiplyAdd(x2, step, w2).StoreUnsafe(ref row, 16);
                    MultiplyAdd(x3, step, w3).StoreUnsafe(ref row, 24);
                }
                g0.StoreUnsafe(ref output, (nuint)c);
                g1.StoreUnsafe(ref output, (nuint)c + 8);
                g2.StoreUnsafe(ref output, (nuint)c + 16);
                g3.StoreUnsafe(ref output, (nuint)c + 24);
            }

            for (; c + 8 <= columns; c += 8)
            {
                ref float block = ref Unsafe.Add(ref w, c);
                var xc = Vector256.LoadUnsafe(ref x, (nuint)c);
                Vector256<float> gc = default;
                for (int j = 0; j < rows; j++)
                {
                    ref float row = ref Unsafe.Add(ref block, (nint)j * columns);
                    float dj = Unsafe.Add(ref delta, j);
                    var wc = Vector256.LoadUnsafe(ref row);
                    gc = MultiplyAdd(wc, Vector256.Create(dj), gc);
                    MultiplyAdd(xc, Vector256.Create(scale * dj), wc).StoreUnsafe(ref row);
                }
                gc.StoreUnsafe(ref output, (nuint)c);
            }

            for (; c < columns; c++)
            {
                float sum = 0, xi = Unsafe.Add(ref x, c);
                for (int j = 0; j < rows; j++)
                {
                    ref float weight = ref Unsafe.Add(ref w, (nint)j * columns + c);
                    float dj = Unsafe.Add(ref delta, j);
                    sum += weight * dj;
                    weight += scale * dj * xi;
                }
                Unsafe.Add(ref output, c) = sum;
            }
        }

        /// <summary>[Σ a, Σ b, Σ c, Σ d] over the eight lanes of each: two rounds of pairwise (horizontal) adds, then the two halves.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<float> SumLanesOfFour(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
        {
            var pairs = Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d));
            return pairs.GetLower() + pairs.GetUpper();
        }

        /// <summary>Σ row[i]·x[i] for i in [start, end): the columns left over after the last full vector.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float TailDot(ref float row, ref float x, nuint start, nuint end)
        {
            float sum = 0;
            for (nuint i = start; i < end; i++) sum += Unsafe.Add(ref row, i) * Unsafe.Add(ref x, i);
            return sum;
        }

        /// <summary>a·b + c lane by lane, fused where the CPU has FMA.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
            Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

        /// <summary>
        /// <see cref="Tanh(float)"/> on whole blocks of eight: the same clamp, the same fused multiply-adds in the same
        /// order and the same division, so every lane has the one-value function's bits (NaN passes through as there).
        /// Returns how many values it wrote.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static int TanhAvx(ReadOnlySpan<float> z, Span<float> a)
        {
            ref float input = ref MemoryMarshal.GetReference(z);
            ref float output = ref MemoryMarshal.GetReference(a);
            var clamp = Vector256.Create(TanhClamp);
            int k = 0;
            for (; k + 8 <= a.Length; k += 8)
            {
                var x = Vector256.LoadUnsafe(ref input, (nuint)k);
                var clamped = Vector256.Max(Vector256.Min(x, clamp), -clamp);
                var x2 = clamped * clamped;
                var p = Fma.MultiplyAdd(x2, Vector256.Create(-2.76076847742355e-16f), Vector256.Create(2.00018790482477e-13f));
                p = Fma.MultiplyAdd(x2, p, Vector256.Create(-8.60467152213735e-11f));
                p = Fma.MultiplyAdd(x2, p, Vector256.Create(5.12229709037114e-08f));
                p = Fma.MultiplyAdd(x2, p, Vector256.Create(1.48572235717979e-05f));
                p = Fma.MultiplyAdd(x2, p, Vector256.Create(6.37261928875436e-04f));
                p = Fma.MultiplyAdd(x2, p, Vector256.Create(4.89352455891786e-03f));
                var q = Fma.MultiplyAdd(x2, Vector256.Create(1.19825839466702e-06f), Vector256.Create(1.18534705686654e-04f));
                q = Fma.MultiplyAdd(x2, q, Vector256.Create(2.26843463243900e-03f));
                q = Fma.MultiplyAdd(x2, q, Vector256.Create(4.89352518554385e-03f));
                var result = Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Vector256.Create(0.0004f)), x, clamped * p / q);
                Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x).StoreUnsafe(ref output, (nuint)k);
            }
            return k;
        }
    }
}
#endif
