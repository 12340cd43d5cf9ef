using System;
using System.ComponentModel;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// Batch normalisation's kernels (docs/math.md, "Batch normalisation"), as nn.BatchNorm1d/2d compute it. Values are
    /// rows of C channels × S positions (a vector: S = 1), one row per sample; every statistic is per channel, and every sum
    /// runs in double over the rows in order, then the positions, so a result never depends on how the rows were tiled.
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
                    for (int s = row + c * positions, end = s + positions; s < end; s++)
                        target[s] = Arithmetic.FromDouble<T>(Arithmetic.ToDouble(delta[s]) * scale);
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
            int channels = runningMean.Length;
            double factor = Arithmetic.ToDouble(scale);
            for (int c = 0; c < channels; c++)
            {
                double mean = Arithmetic.ToDouble(runningMean[c]), invStd = 1 / Math.Sqrt(Arithmetic.ToDouble(runningVariance[c]) + epsilon);
                double deltaSum = 0, deltaXHatSum = 0;
                for (int s = c * positions, end = s + positions; s < end; s++)
                {
                    double d = Arithmetic.ToDouble(delta[s]);
                    deltaSum += d;
                    deltaXHatSum += d * (Arithmetic.ToDouble(x[s]) - mean) * invStd;
                }
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
                for (int row = 0; row < rows; row++)
                    foreach (var value in x.Slice((row * channels + c) * positions, positions)) sum += Arithmetic.ToDouble(value);
                double mean = sum / n, squares = 0;
                for (int row = 0; row < rows; row++)
                    foreach (var value in x.Slice((row * channels + c) * positions, positions))
                    {
                        double centred = Arithmetic.ToDouble(value) - mean;
                        squares += centred * centred;
                    }
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
                double deltaSum = 0, deltaXHatSum = 0;
                for (int row = 0; row < rows; row++)
                    for (int s = (row * channels + c) * positions, end = s + positions; s < end; s++)
                    {
                        double d = Arithmetic.ToDouble(delta[s]);
                        deltaSum += d;
                        deltaXHatSum += d * (Arithmetic.ToDouble(x[s]) - mean) * invStd;
                    }
                sums[c] = Arithmetic.FromDouble<T>(deltaSum);
                sums[channels + c] = Arithmetic.FromDouble<T>(deltaXHatSum);
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
                    for (int s = row + c * positions, end = s + positions; s < end; s++)
                    {
                        double xHat = (Arithmetic.ToDouble(x[s]) - mean) * invStd;
                        target[s] = Arithmetic.FromDouble<T>(scale * (Arithmetic.ToDouble(delta[s]) - meanDelta - xHat * meanDeltaXHat));
                    }
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
            double scale = gamma * invStd, shift = beta - mean * scale;
            for (int s = 0; s < x.Length; s++) z[s] = Arithmetic.FromDouble<T>(Arithmetic.ToDouble(x[s]) * scale + shift);
        }

        private static double Gamma<T>(ReadOnlySpan<T> gamma, int channel) where T : unmanaged => gamma.IsEmpty ? 1 : Arithmetic.ToDouble(gamma[channel]);

        private static double Beta<T>(ReadOnlySpan<T> beta, int channel) where T : unmanaged => beta.IsEmpty ? 0 : Arithmetic.ToDouble(beta[channel]);
    }
}
