using System;

namespace NetGen
{
    /// <summary>
    /// The one rule for holding out validation samples, shared by <see cref="TrainingData.Split{T}"/> and
    /// <see cref="NetworkTrainer"/>: round(N · fraction) samples, at least one when the fraction is positive, are the
    /// last ones of the sample order shuffled once with the seed.
    /// </summary>
    internal static class ValidationSplit
    {
        /// <summary>How many of <paramref name="sampleCount"/> samples <paramref name="fraction"/> holds out.</summary>
        public static int Count(int sampleCount, double fraction) =>
            fraction > 0 ? Math.Min(sampleCount, Math.Max(1, (int)Math.Round(sampleCount * fraction))) : 0;

        /// <summary>
        /// Fills <paramref name="order"/> with 0 … N−1, shuffled with <paramref name="random"/> when any sample is held out;
        /// the validation samples are then its last <paramref name="validationCount"/> entries.
        /// </summary>
        public static void Arrange(Span<int> order, int validationCount, DeterministicRandom random)
        {
            for (int i = 0; i < order.Length; i++) order[i] = i;
            if (validationCount > 0) random.Shuffle(order);
        }
    }
}
