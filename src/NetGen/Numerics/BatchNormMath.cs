using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// Batch normalisation's kernels (docs/math.md, "Batch normalisation"), as nn.BatchNorm1d/2d compute it. Values are
    /// rows of C channels × S positions (a vector: S = 1), one row per sample; every statistic is per channel, and every sum
    /// runs in double over the rows in order, each row's positions in vectors of a fixed width, so a result never depends on
    /// how the rows were tiled. The element-wise passes compute in the network's precision, a vector at a time.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class BatchNormMath
    {
        /// <summary>
        /// Inference mode: z = γ (x − μ̄)/√(σ̄² + ε) + β with the running statistics μ̄, σ̄², for every row of <paramref name="x"/>.
        /// Written as PyTorch does, z = x·s + (β − μ̄·s) with s = γ/√(σ̄² + ε). An empty <paramref name="gamma"/> is γ = 1, β = 0.
        /// </summary>
        public static void Normalize<T>(ReadOnlySpan<T> x, Span<T> z, ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVariance,
            ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, double epsilon, int positions) where T : unmanaged
        {
            int channels = runningMean.Length;
            for (int row = 0; row < x.Length; row += channels * positions)
                for (int c = 0; c < channels; c++)
                {
                    double invStd = 1 / Math.Sqrt(Arithmetic.ToDouble(runningVariance[c]) + epsilon);
                    Transform(x.Slice(row + c * positions, positions), z.Slice(row + c * positions, positions),
                        Arithmetic.ToDouble(runningMean[c]), invStd, Gamma(gamma, c), Beta(beta, c));
                }
        }

        /// <summary>
        /// Inference mode's input gradient: ∂C/∂x = δ ⊙ γ/√(σ̄² + ε), channel by channel, for every row.
        /// </summary>
        public static void InputGradient<T>(ReadOnlySpan<T> delta, Span<T> target, ReadOnlySpan<T> runningVariance, ReadOnlySpan<T> gamma,
            double epsilon, int positions) where T : unmanaged
        {
            int channels = runningVariance.Length;
            for (int row = 0; row < delta.Length; row += channels * positions)
                for (int c = 0; c < channels; c++)
                {
                    double scale = Gamma(gamma, c) / Math.Sqrt(Arithmetic.ToDouble(runningVariance[c]) + epsilon);
                    Affine(delta.Slice(row + c * positions, positions), target.Slice(row + c * positions, positions), scale, 0);
                }
        }

        /// <summary>
        /// Inference mode's parameter gradient, scaled by <paramref name="scale"/> (1 to accumulate, −η to step) and added
        /// into <paramref name="gammaTarget"/> and <paramref name="betaTarget"/>: ∂C/∂γ = Σ δ ⊙ x̂ and ∂C/∂β = Σ δ over the
        /// positions, x̂ = (x − μ̄)/√(σ̄² + ε).
        /// </summary>
        public static void AddParameterGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVariance,
            double epsilon, int positions, T scale, Span<T> gammaTarget, Span<T> betaTarget) where T : unmanaged
        {
            int channels = runningMean.Length, rows = x.Length / (channels * positions);
            double factor = Arithmetic.ToDouble(scale);
            for (int c = 0; c < channels; c++)
            {
                double mean = Arithmetic.ToDouble(runningMean[c]), invStd = 1 / Math.Sqrt(Arithmetic.ToDouble(runningVariance[c]) + epsilon);
                double deltaSum = 0, deltaCentredSum = 0;
                for (int row = 0; row < rows; row++) // a sample of steps is one row per step
                {
                    int start = (row * channels + c) * positions;
                    var (rowDelta, rowCentred) = SumsOfDelta(delta.Slice(start, positions), x.Slice(start, positions), mean);
                    deltaSum += rowDelta;
                    deltaCentredSum += rowCentred;
                }
                double deltaXHatSum = deltaCentredSum * invStd;
                gammaTarget[c] = Arithmetic.FromDouble<T>(Arithmetic.ToDouble(gammaTarget[c]) + factor * deltaXHatSum);
                betaTarget[c] = Arithmetic.FromDouble<T>(Arithmetic.ToDouble(betaTarget[c]) + factor * deltaSum);
            }
        }

        /// <summary>
        /// Training mode, the statistics of a whole batch (<paramref name="x"/> holds all its rows): the mean μ and 1/√(σ² + ε)
        /// with the biased variance σ² into <paramref name="statistics"/> (μ for each channel, then 1/√(σ² + ε) for each), and
        /// the running statistics updated as PyTorch does, with the unbiased variance: μ̄ ← (1 − m) μ̄ + m μ,
        /// σ̄² ← (1 − m) σ̄² + m σ² N/(N − 1), and the batch counted.
        /// </summary>
        /// <exception cref="ArgumentException">Each channel has only one value (N = 1): its unbiased variance is undefined, as in PyTorch.</exception>
        public static void BatchStatistics<T>(ReadOnlySpan<T> x, Span<T> statistics, Span<T> runningMean, Span<T> runningVariance,
            Span<T> batchesTracked, double momentum, double epsilon, int positions, int layer) where T : unmanaged
        {
            int channels = runningMean.Length, rows = x.Length / (channels * positions);
            long n = (long)rows * positions;
            if (n < 2)
                throw new ArgumentException(
                    $"Layer {layer} (BatchNorm) needs more than one value per channel in a training-mode batch (it has {n}): pass at least 2 samples to BackwardBatch, or a BatchSize of at least 2 to Train.",
                    "inputs");
            for (int c = 0; c < channels; c++)
            {
                double sum = 0;
                for (int row = 0; row < rows; row++) sum += Sum(x.Slice((row * channels + c) * positions, positions));
                double mean = sum / n, squares = 0;
                for (int row = 0; row < rows; row++) squares += SumOfSquares(x.Slice((row * channels + c) * positions, positions), mean);
                double variance = squares / n;
                statistics[c] = Arithmetic.FromDouble<T>(mean);
                statistics[channels + c] = Arithmetic.FromDouble<T>(1 / Math.Sqrt(variance + epsilon));
                runningMean[c] = Arithmetic.FromDouble<T>((1 - momentum) * Arithmetic.ToDouble(runningMean[c]) + momentum * mean);
                runningVariance[c] = Arithmetic.FromDouble<T>((1 - momentum) * Arithmetic.ToDouble(runningVariance[c]) + momentum * variance * n / (n - 1));
            }
            batchesTracked[0] = Arithmetic.FromDouble<T>(Arithmetic.ToDouble(batchesTracked[0]) + 1);
        }

        /// <summary>Training mode: z = γ x̂ + β with x̂ = (x − μ)/√(σ² + ε) from the batch's <paramref name="statistics"/>, for every row.</summary>
        public static void NormalizeWithBatch<T>(ReadOnlySpan<T> x, Span<T> z, ReadOnlySpan<T> statistics, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta,
            int positions) where T : unmanaged
        {
            int channels = statistics.Length / 2;
            for (int row = 0; row < x.Length; row += channels * positions)
                for (int c = 0; c < channels; c++)
                    Transform(x.Slice(row + c * positions, positions), z.Slice(row + c * positions, positions),
                        Arithmetic.ToDouble(statistics[c]), Arithmetic.ToDouble(statistics[channels + c]), Gamma(gamma, c), Beta(beta, c));
        }

        /// <summary>
        /// Training mode, the sums the input gradient needs over a whole batch (<paramref name="delta"/> and <paramref name="x"/>
        /// hold all its rows): Σ δ for each channel, then Σ δ ⊙ x̂ for each, into <paramref name="sums"/>. They are also ∂C/∂β and ∂C/∂γ.
        /// </summary>
        public static void DeltaSums<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, ReadOnlySpan<T> statistics, Span<T> sums, int positions)
            where T : unmanaged
        {
            int channels = statistics.Length / 2, rows = x.Length / (channels * positions);
            for (int c = 0; c < channels; c++)
            {
                double mean = Arithmetic.ToDouble(statistics[c]), invStd = Arithmetic.ToDouble(statistics[channels + c]);
                double deltaSum = 0, deltaCentredSum = 0;
                for (int row = 0; row < rows; row++)
                {
                    int start = (row * channels + c) * positions;
                    var (rowDelta, rowCentred) = SumsOfDelta(delta.Slice(start, positions), x.Slice(start, positions), mean);
                    deltaSum += rowDelta;
                    deltaCentredSum += rowCentred;
                }
                sums[c] = Arithmetic.FromDouble<T>(deltaSum);
                sums[channels + c] = Arithmetic.FromDouble<T>(deltaCentredSum * invStd);
            }
        }

        /// <summary>
        /// Training mode's input gradient for the rows of <paramref name="delta"/>, through the batch statistics of a batch of
        /// <paramref name="count"/> samples: ∂C/∂x = γ/√(σ² + ε) · (δ − (Σ δ)/N − x̂ (Σ δ x̂)/N), N = count · positions.
        /// </summary>
        public static void BatchInputGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> delta, Span<T> target, int count, ReadOnlySpan<T> statistics,
            ReadOnlySpan<T> sums, ReadOnlySpan<T> gamma, int positions) where T : unmanaged
        {
            int channels = statistics.Length / 2;
            double n = (double)count * positions;
            for (int row = 0; row < delta.Length; row += channels * positions)
                for (int c = 0; c < channels; c++)
                {
                    double mean = Arithmetic.ToDouble(statistics[c]), invStd = Arithmetic.ToDouble(statistics[channels + c]);
                    double meanDelta = Arithmetic.ToDouble(sums[c]) / n, meanDeltaXHat = Arithmetic.ToDouble(sums[channels + c]) / n;
                    double scale = Gamma(gamma, c) * invStd;
                    // scale · (δ − mean δ − x̂ · mean δx̂) with x̂ = (x − μ) · invStd
                    int start = row + c * positions;
                    GradientThroughStatistics(delta.Slice(start, positions), x.Slice(start, positions), target.Slice(start, positions),
                        scale, -scale * invStd * meanDeltaXHat, mean, -scale * meanDelta);
                }
        }

        /// <summary>The batch's ∂C/∂γ = Σ δ ⊙ x̂ and ∂C/∂β = Σ δ, the <paramref name="sums"/> of <see cref="DeltaSums"/>, added into the targets.</summary>
        public static void AddBatchParameterGradient<T>(ReadOnlySpan<T> sums, Span<T> gammaTarget, Span<T> betaTarget) where T : unmanaged
        {
            int channels = sums.Length / 2;
            for (int c = 0; c < channels; c++)
            {
                gammaTarget[c] = Arithmetic.Add(gammaTarget[c], sums[channels + c]);
                betaTarget[c] = Arithmetic.Add(betaTarget[c], sums[c]);
            }
        }

        /// <summary>z = x·s + (β − μ·s) with s = γ/√(σ² + ε) over one channel of one row.</summary>
        private static void Transform<T>(ReadOnlySpan<T> x, Span<T> z, double mean, double invStd, double gamma, double beta) where T : unmanaged
        {
            double scale = gamma * invStd;
            Affine(x, z, scale, beta - mean * scale);
        }

        /// <summary>z = x · scale + shift in the values' precision, a vector at a time.</summary>
        private static void Affine<T>(ReadOnlySpan<T> x, Span<T> z, double scale, double shift) where T : unmanaged
        {
            T scaleValue = Arithmetic.FromDouble<T>(scale), shiftValue = Arithmetic.FromDouble<T>(shift);
            var (scales, shifts) = (new Vector<T>(scaleValue), new Vector<T>(shiftValue));
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x);
            var zs = MemoryMarshal.Cast<T, Vector<T>>(z);
            for (int v = 0; v < xs.Length; v++) zs[v] = xs[v] * scales + shifts;
            for (int i = xs.Length * Vector<T>.Count; i < x.Length; i++) z[i] = Arithmetic.Add(Arithmetic.Multiply(x[i], scaleValue), shiftValue);
        }

        /// <summary>target = a · δ + b · (x − mean) + c in the values' precision, a vector at a time.</summary>
        private static void GradientThroughStatistics<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, Span<T> target, double a, double b, double mean, double c)
            where T : unmanaged
        {
            T aValue = Arithmetic.FromDouble<T>(a), bValue = Arithmetic.FromDouble<T>(b), meanValue = Arithmetic.FromDouble<T>(mean), cValue = Arithmetic.FromDouble<T>(c);
            var (aVector, bVector, meanVector, cVector) = (new Vector<T>(aValue), new Vector<T>(bValue), new Vector<T>(meanValue), new Vector<T>(cValue));
            var deltas = MemoryMarshal.Cast<T, Vector<T>>(delta);
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x);
            var targets = MemoryMarshal.Cast<T, Vector<T>>(target);
            for (int v = 0; v < deltas.Length; v++) targets[v] = deltas[v] * aVector + (xs[v] - meanVector) * bVector + cVector;
            for (int i = deltas.Length * Vector<T>.Count; i < delta.Length; i++)
                target[i] = Arithmetic.Add(Arithmetic.Add(Arithmetic.Multiply(delta[i], aValue), Arithmetic.Multiply(Arithmetic.Subtract(x[i], meanValue), bValue)), cValue);
        }

        /// <summary>Σ x in double.</summary>
        private static double Sum<T>(ReadOnlySpan<T> x) where T : unmanaged
        {
            var sums = Vector<double>.Zero;
            int i = 0;
            for (; i + DoublesPerStep <= x.Length; i += DoublesPerStep)
            {
                var (low, high) = Doubles(x, i);
                sums += low + high;
            }
            double sum = Vector.Dot(sums, Vector<double>.One);
            for (; i < x.Length; i++) sum += Arithmetic.ToDouble(x[i]);
            return sum;
        }

        /// <summary>Σ (x − mean)² in double.</summary>
        private static double SumOfSquares<T>(ReadOnlySpan<T> x, double mean) where T : unmanaged
        {
            var (sums, means) = (Vector<double>.Zero, new Vector<double>(mean));
            int i = 0;
            for (; i + DoublesPerStep <= x.Length; i += DoublesPerStep)
            {
                var (low, high) = Doubles(x, i);
                var (lowCentred, highCentred) = (low - means, high - means);
                sums += lowCentred * lowCentred + highCentred * highCentred;
            }
            double sum = Vector.Dot(sums, Vector<double>.One);
            for (; i < x.Length; i++)
            {
                double centred = Arithmetic.ToDouble(x[i]) - mean;
                sum += centred * centred;
            }
            return sum;
        }

        /// <summary>Σ δ and Σ δ · (x − mean) in double.</summary>
        private static (double Delta, double DeltaCentred) SumsOfDelta<T>(ReadOnlySpan<T> delta, ReadOnlySpan<T> x, double mean) where T : unmanaged
        {
            var (deltaSums, centredSums, means) = (Vector<double>.Zero, Vector<double>.Zero, new Vector<double>(mean));
            int i = 0;
            for (; i + DoublesPerStep <= x.Length; i += DoublesPerStep)
            {
                var (deltaLow, deltaHigh) = Doubles(delta, i);
                var (low, high) = Doubles(x, i);
                deltaSums += deltaLow + deltaHigh;
                centredSums += deltaLow * (low - means) + deltaHigh * (high - means);
            }
            double deltaSum = Vector.Dot(deltaSums, Vector<double>.One), centredSum = Vector.Dot(centredSums, Vector<double>.One);
            for (; i < x.Length; i++)
            {
                double d = Arithmetic.ToDouble(delta[i]);
                deltaSum += d;
                centredSum += d * (Arithmetic.ToDouble(x[i]) - mean);
            }
            return (deltaSum, centredSum);
        }

        /// <summary>The values the double sums take per step: two vectors of doubles, one vector of floats widened.</summary>
        private static int DoublesPerStep => 2 * Vector<double>.Count;

        /// <summary>The <see cref="DoublesPerStep"/> values from <paramref name="i"/> on as two vectors of doubles.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (Vector<double> Low, Vector<double> High) Doubles<T>(ReadOnlySpan<T> values, int i) where T : unmanaged
        {
            if (typeof(T) == typeof(float))
            {
                Vector.Widen(MemoryMarshal.Cast<T, Vector<float>>(values.Slice(i, DoublesPerStep))[0], out var low, out var high);
                return (low, high);
            }
            var doubles = MemoryMarshal.Cast<T, Vector<double>>(values.Slice(i, DoublesPerStep));
            return (doubles[0], doubles[1]);
        }

        private static double Gamma<T>(ReadOnlySpan<T> gamma, int channel) where T : unmanaged => gamma.IsEmpty ? 1 : Arithmetic.ToDouble(gamma[channel]);

        private static double Beta<T>(ReadOnlySpan<T> beta, int channel) where T : unmanaged => beta.IsEmpty ? 0 : Arithmetic.ToDouble(beta[channel]);
    }
}
