#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.GeneratedCode
{
    // Softmax four classes at a time. The exponentials dominate a softmax layer; one vectorised e^x for four lanes costs
    // about what one C-runtime expf call does.
    public static partial class NetMath
    {
        [MethodImpl(HotPath.Optimized)]
        private static float SoftmaxVector128(ReadOnlySpan<float> z, Span<float> p, bool logSumExp)
        {
            int n = z.Length;
            p = p.Slice(0, n);
            float max = z[0];
            for (int k = 1; k < n; k++) max = Math.Max(max, z[k]);

            ref float input = ref MemoryMarshal.GetReference(z);
            ref float output = ref MemoryMarshal.GetReference(p);
            var shift = Vector128.Create(max);
            int last = n - 4;
            for (int k = 0; k < last; k += 4)
                ExpOfNonPositive(Vector128.LoadUnsafe(ref input, (nuint)k) - shift).StoreUnsafe(ref output, (nuint)k);
            // The last four; when n is not a multiple of four they overlap the block before, which gets the same values again.
            ExpOfNonPositive(Vector128.LoadUnsafe(ref input, (nuint)last) - shift).StoreUnsafe(ref output, (nuint)last);

            float sum = 0;
            for (int k = 0; k < n; k++) sum += p[k];
            var divisor = Vector128.Create(sum);
            int k4 = 0;
            for (; k4 + 4 <= n; k4 += 4) (Vector128.LoadUnsafe(ref output, (nuint)k4) / divisor).StoreUnsafe(ref output, (nuint)k4);
            for (; k4 < n; k4++) p[k4] /= sum;
            return logSumExp ? max + Log(sum) : 0;
        }

        /// <summary>
        /// e^x lane by lane for x ≤ 0 (Cephes' single-precision method, as Eigen's pexp): 2ⁿ · e^r with n = round(x / ln 2),
        /// r = x − n ln 2 in two parts, e^r from a degree-7 polynomial; within 1 ulp of e^x (measured over every float
        /// from −87.3 to 0). Below ln(FLT_MIN) ≈ −87.34 the result would be subnormal and is 0; NaN stays NaN.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector128<float> ExpOfNonPositive(Vector128<float> x)
        {
            var lowest = Vector128.Create(-87.33654f);
            var clamped = Vector128.Max(x, lowest);
            var n = Vector128.Floor(clamped * Vector128.Create(1.44269504088896341f) + Vector128.Create(0.5f));
            var r = clamped - n * Vector128.Create(0.693359375f);
            r -= n * Vector128.Create(-2.12194440e-4f);
            var y = Vector128.Create(1.9875691500e-4f);
            y = y * r + Vector128.Create(1.3981999507e-3f);
            y = y * r + Vector128.Create(8.3334519073e-3f);
            y = y * r + Vector128.Create(4.1665795894e-2f);
            y = y * r + Vector128.Create(1.6666665459e-1f);
            y = y * r + Vector128.Create(5.0000001201e-1f);
            y = y * (r * r) + r + Vector128<float>.One;
            // 2ⁿ built from its bits: exponent field n + 127.
            var power = Vector128.ShiftLeft(Vector128.ConvertToInt32(n) + Vector128.Create(127), 23).AsSingle();
            var result = Vector128.ConditionalSelect(Vector128.LessThan(x, lowest), Vector128<float>.Zero, y * power);
            return Vector128.ConditionalSelect(Vector128.Equals(x, x), result, x);
        }
    }
}
#endif
