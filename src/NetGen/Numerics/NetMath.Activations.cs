using System;
using System.Runtime.CompilerServices;

namespace NetGen.GeneratedCode
{
    // The smooth activations that need more than one expression (docs/math.md, "More activations"): each σ and σ' once,
    // in PyTorch's formulas. The float overloads compute in float except GELU, whose erf is computed in double and rounded.
    public static partial class NetMath
    {
        /// <summary>SiLU (Swish): z·s(z), s the sigmoid.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float SiLU(float z) => z * Sigmoid(z);

        /// <summary>SiLU (Swish): z·s(z), s the sigmoid.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double SiLU(double z) => z * Sigmoid(z);

        /// <summary>SiLU′(z) = s(z)·(1 + z·(1 − s(z))).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float SiLUDerivative(float z)
        {
            float s = Sigmoid(z);
            return s * (1 + z * (1 - s));
        }

        /// <summary>SiLU′(z) = s(z)·(1 + z·(1 − s(z))).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double SiLUDerivative(double z)
        {
            double s = Sigmoid(z);
            return s * (1 + z * (1 - s));
        }

        /// <summary>Mish: z·tanh(softplus z).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Mish(float z) => z * Tanh(Softplus(z));

        /// <summary>Mish: z·tanh(softplus z).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Mish(double z) => z * Math.Tanh(Softplus(z));

        /// <summary>Mish′(z) = t + z·s(z)·(1 − t²) with t = tanh(softplus z), s the sigmoid (softplus′ = s).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float MishDerivative(float z)
        {
            float t = Tanh(Softplus(z));
            return t + z * Sigmoid(z) * (1 - t * t);
        }

        /// <summary>Mish′(z) = t + z·s(z)·(1 − t²) with t = tanh(softplus z), s the sigmoid (softplus′ = s).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double MishDerivative(double z)
        {
            double t = Math.Tanh(Softplus(z));
            return t + z * Sigmoid(z) * (1 - t * t);
        }

        /// <summary>Softsign: z/(1 + |z|).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Softsign(float z) => z / (1 + Math.Abs(z));

        /// <summary>Softsign: z/(1 + |z|).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Softsign(double z) => z / (1 + Math.Abs(z));

        /// <summary>Softsign′(z) = 1/(1 + |z|)².</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float SoftsignDerivative(float z)
        {
            float d = 1 + Math.Abs(z);
            return 1 / (d * d);
        }

        /// <summary>Softsign′(z) = 1/(1 + |z|)².</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double SoftsignDerivative(double z)
        {
            double d = 1 + Math.Abs(z);
            return 1 / (d * d);
        }

        /// <summary>GELU, the exact form (PyTorch's default): z·Φ(z) = ½z(1 + erf(z/√2)).</summary>
        public static float Gelu(float z) => (float)Gelu((double)z);

        /// <summary>GELU, the exact form (PyTorch's default): z·Φ(z) = ½z(1 + erf(z/√2)).</summary>
        public static double Gelu(double z) => z * 0.5 * (1 + Erf(z * Sqrt1Over2));

        /// <summary>GELU′(z) = Φ(z) + z·φ(z), φ(z) = e^(−z²/2)/√(2π).</summary>
        public static float GeluDerivative(float z) => (float)GeluDerivative((double)z);

        /// <summary>GELU′(z) = Φ(z) + z·φ(z), φ(z) = e^(−z²/2)/√(2π).</summary>
        public static double GeluDerivative(double z) =>
            0.5 * (1 + Erf(z * Sqrt1Over2)) + z * Math.Exp(-0.5 * z * z) * InverseSqrt2Pi;

        private const double Sqrt1Over2 = 0.70710678118654752440;
        private const double InverseSqrt2Pi = 0.39894228040143267794;

        /// <summary>
        /// erf x to double accuracy (a few ulp), which .NET's Math lacks: W. J. Cody's rational Chebyshev approximations
        /// ("Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969, 631–638; the coefficients of
        /// his netlib SPECFUN routine CALERF): erf on |x| ≤ 0.46875, erfc on 0.46875 &lt; |x| ≤ 4 and beyond 4, with
        /// erf = 1 − erfc there. NaN gives NaN.
        /// </summary>
        public static double Erf(double x)
        {
            double y = Math.Abs(x);
            if (y <= 0.46875)
            {
                double ysq = y > 1.11e-16 ? y * y : 0;
                double numerator = ErfA[4] * ysq, denominator = ysq;
                for (int i = 0; i < 3; i++)
                {
                    numerator = (numerator + ErfA[i]) * ysq;
                    denominator = (denominator + ErfB[i]) * ysq;
                }
                return x * (numerator + ErfA[3]) / (denominator + ErfB[3]);
            }
            if (double.IsNaN(x)) return x;

            double complement; // erfc(y)
            if (y <= 4)
            {
                double numerator = ErfC[8] * y, denominator = y;
                for (int i = 0; i < 7; i++)
                {
                    numerator = (numerator + ErfC[i]) * y;
                    denominator = (denominator + ErfD[i]) * y;
                }
                complement = (numerator + ErfC[7]) / (denominator + ErfD[7]) * ExpMinusSquare(y);
            }
            else if (y >= 26.543)
            {
                complement = 0; // erfc underflows
            }
            else
            {
                double ysq = 1 / (y * y);
                double numerator = ErfP[5] * ysq, denominator = ysq;
                for (int i = 0; i < 4; i++)
                {
                    numerator = (numerator + ErfP[i]) * ysq;
                    denominator = (denominator + ErfQ[i]) * ysq;
                }
                double tail = ysq * (numerator + ErfP[4]) / (denominator + ErfQ[4]);
                complement = (InverseSqrtPi - tail) / y * ExpMinusSquare(y);
            }
            double erf = (0.5 - complement) + 0.5;
            return x < 0 ? -erf : erf;
        }

        /// <summary>erf x for float, through the double one.</summary>
        public static float Erf(float x) => (float)Erf((double)x);

        /// <summary>e^(−y²) without the rounding error of forming y² whole: y is split as a multiple of 1/16 plus the rest (Cody).</summary>
        private static double ExpMinusSquare(double y)
        {
            double coarse = Math.Floor(y * 16) / 16;
            double rest = (y - coarse) * (y + coarse);
            return Math.Exp(-coarse * coarse) * Math.Exp(-rest);
        }

        private const double InverseSqrtPi = 0.56418958354775628695;
        private static readonly double[] ErfA = { 3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1 };
        private static readonly double[] ErfB = { 2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03 };
        private static readonly double[] ErfC =
        {
            5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
            8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8,
        };
        private static readonly double[] ErfD =
        {
            1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
            3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03,
        };
        private static readonly double[] ErfP = { 3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2 };
        private static readonly double[] ErfQ = { 2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3 };

        /// <summary>
        /// ŷ[k] = z[k] − lse with lse = m + ln Σⱼ e^(z[j] − m), m = max z: log-probabilities without overflow, in the order
        /// the unrolled code computes them.
        /// </summary>
        public static void LogSoftmax(ReadOnlySpan<float> z, Span<float> logProbabilities) => LogSoftmaxCore(z, logProbabilities);

        /// <summary>
        /// ŷ[k] = z[k] − lse with lse = m + ln Σⱼ e^(z[j] − m), m = max z: log-probabilities without overflow, in the order
        /// the unrolled code computes them.
        /// </summary>
        public static void LogSoftmax(ReadOnlySpan<double> z, Span<double> logProbabilities) => LogSoftmaxCore(z, logProbabilities);

        /// <summary>Turns g = ∂C/∂ŷ into δ = ∂C/∂z in place for a log-softmax layer: δ[k] = g[k] − e^ŷ[k] · Σⱼ g[j].</summary>
        public static void LogSoftmaxBackward(ReadOnlySpan<float> logProbabilities, Span<float> g) => LogSoftmaxBackwardCore(logProbabilities, g);

        /// <summary>Turns g = ∂C/∂ŷ into δ = ∂C/∂z in place for a log-softmax layer: δ[k] = g[k] − e^ŷ[k] · Σⱼ g[j].</summary>
        public static void LogSoftmaxBackward(ReadOnlySpan<double> logProbabilities, Span<double> g) => LogSoftmaxBackwardCore(logProbabilities, g);

        /// <summary>ln Σⱼ e^(z[j]) as m + ln Σⱼ e^(z[j] − m), m = max z, which never overflows: what a loss on logits needs.</summary>
        public static float LogSumExp(ReadOnlySpan<float> z) => LogSumExpCore(z);

        /// <summary>ln Σⱼ e^(z[j]) as m + ln Σⱼ e^(z[j] − m), m = max z, which never overflows: what a loss on logits needs.</summary>
        public static double LogSumExp(ReadOnlySpan<double> z) => LogSumExpCore(z);

        internal static T LogSumExpCore<T>(ReadOnlySpan<T> z) where T : unmanaged
        {
            T max = z[0];
            for (int k = 1; k < z.Length; k++) max = Arithmetic.Max(max, z[k]);
            T sum = default;
            for (int k = 0; k < z.Length; k++) sum = Arithmetic.Add(sum, Arithmetic.Exp(Arithmetic.Subtract(z[k], max)));
            return Arithmetic.Add(max, Arithmetic.Log(sum));
        }

        private static void LogSoftmaxCore<T>(ReadOnlySpan<T> z, Span<T> logProbabilities) where T : unmanaged
        {
            T logSumExp = LogSumExpCore(z);
            for (int k = 0; k < z.Length; k++) logProbabilities[k] = Arithmetic.Subtract(z[k], logSumExp);
        }

        private static void LogSoftmaxBackwardCore<T>(ReadOnlySpan<T> logProbabilities, Span<T> g) where T : unmanaged
        {
            T sum = default;
            for (int k = 0; k < g.Length; k++) sum = Arithmetic.Add(sum, g[k]);
            for (int k = 0; k < g.Length; k++)
                g[k] = Arithmetic.Subtract(g[k], Arithmetic.Multiply(Arithmetic.Exp(logProbabilities[k]), sum));
        }
    }
}
