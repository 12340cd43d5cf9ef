using System;

namespace NetGen
{
    /// <summary>Preparing training data: one-hot targets and a seeded train/validation split. Data is row-major.</summary>
    public static class TrainingData
    {
        /// <summary>One-hot rows: label k of <paramref name="classes"/> becomes a row with 1 at k and 0 elsewhere.</summary>
        public static T[] OneHot<T>(ReadOnlySpan<int> labels, int classes) where T : unmanaged
        {
            if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Must be at least 1.");
            var rows = new T[labels.Length * classes];
            for (int s = 0; s < labels.Length; s++)
            {
                if ((uint)labels[s] >= (uint)classes)
                    throw new ArgumentOutOfRangeException(nameof(labels), labels[s], $"Label {labels[s]} (sample {s}) is outside [0, {classes}).");
                rows[s * classes + labels[s]] = Arithmetic.FromDouble<T>(1);
            }
            return rows;
        }

        /// <summary>
        /// Splits samples into a training and a validation part at random, by the rule <see cref="INetwork{T}.Train"/> uses
        /// for <see cref="TrainingOptions.ValidationFraction"/>, so the same fraction and <paramref name="seed"/> hold out the
        /// same samples here and there: the sample order is shuffled once with the seed, and its last
        /// round(N · <paramref name="validationFraction"/>) samples (at least one when the fraction is positive) are the
        /// validation part. Both parts keep the samples' original order.
        /// </summary>
        public static (T[] TrainingInputs, T[] TrainingTargets, T[] ValidationInputs, T[] ValidationTargets) Split<T>(
            ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int inputSize, int outputSize, double validationFraction, int seed) where T : unmanaged
        {
            if (inputSize < 1 || inputs.Length % inputSize != 0) throw new ArgumentException($"inputs must hold whole rows of {Wording.Count(inputSize, "value")}.", nameof(inputs));
            int count = inputs.Length / inputSize;
            if (targets.Length != count * outputSize) throw new ArgumentException($"targets must hold {Wording.Count(count, "row")} of {Wording.Count(outputSize, "value")}.", nameof(targets));
            if (!(validationFraction >= 0 && validationFraction <= 1))
                throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "Must be in [0, 1].");

            int validationCount = ValidationSplit.Count(count, validationFraction);
            var order = new int[count];
            ValidationSplit.Arrange(order, validationCount, new DeterministicRandom(seed));
            var isValidation = new bool[count];
            for (int i = count - validationCount; i < count; i++) isValidation[order[i]] = true;

            var result = (new T[(count - validationCount) * inputSize], new T[(count - validationCount) * outputSize],
                new T[validationCount * inputSize], new T[validationCount * outputSize]);
            int training = 0, validation = 0;
            for (int s = 0; s < count; s++)
            {
                bool held = isValidation[s];
                int row = held ? validation++ : training++;
                inputs.Slice(s * inputSize, inputSize).CopyTo((held ? result.Item3 : result.Item1).AsSpan(row * inputSize));
                targets.Slice(s * outputSize, outputSize).CopyTo((held ? result.Item4 : result.Item2).AsSpan(row * outputSize));
            }
            return result;
        }
    }
}
