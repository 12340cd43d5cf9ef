using System;
using System.Collections.Generic;
using System.IO;

namespace NetGen
{
    /// <summary>Preparing training data: one-hot targets and a seeded train/validation split. Data is row-major.</summary>
    public static class DataSet
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

    /// <summary>
    /// The one rule for holding out validation samples, shared by <see cref="DataSet.Split{T}"/> and
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

    /// <summary>
    /// Standardises features to mean 0 and standard deviation 1 with statistics from the training data, and saves them
    /// next to the model so that inference applies exactly the same transform.
    /// </summary>
    public sealed class Standardizer
    {
        private const uint Magic = 0x5453474E; // "NGST", little-endian
        private readonly double[] _means;
        private readonly double[] _deviations;

        private Standardizer(double[] means, double[] deviations)
        {
            _means = means;
            _deviations = deviations;
        }

        /// <summary>The mean of each feature in the data it was fitted on.</summary>
        public IReadOnlyList<double> Means => _means;

        /// <summary>The (population) standard deviation of each feature; 1 where a feature is constant, so it is only centred.</summary>
        public IReadOnlyList<double> StandardDeviations => _deviations;

        /// <summary>Computes each feature's mean and standard deviation over the rows of <paramref name="inputs"/>.</summary>
        public static Standardizer Fit<T>(ReadOnlySpan<T> inputs, int featureCount) where T : unmanaged
        {
            if (featureCount < 1 || inputs.Length == 0 || inputs.Length % featureCount != 0)
                throw new ArgumentException($"inputs must hold one or more rows of {featureCount} values.", nameof(inputs));
            int rows = inputs.Length / featureCount;
            var means = new double[featureCount];
            var deviations = new double[featureCount];
            for (int r = 0; r < rows; r++)
                for (int f = 0; f < featureCount; f++) means[f] += Arithmetic.ToDouble(inputs[r * featureCount + f]) / rows;
            for (int r = 0; r < rows; r++)
                for (int f = 0; f < featureCount; f++)
                {
                    double d = Arithmetic.ToDouble(inputs[r * featureCount + f]) - means[f];
                    deviations[f] += d * d / rows;
                }
            for (int f = 0; f < featureCount; f++) deviations[f] = deviations[f] > 0 ? Math.Sqrt(deviations[f]) : 1;
            return new Standardizer(means, deviations);
        }

        /// <summary>
        /// x ← (x − mean) / deviation for every feature of every row, <b>in place</b>: <paramref name="inputs"/> is
        /// overwritten (copy it first to keep the raw values). Apply it to training, validation and inference inputs alike.
        /// </summary>
        public void Transform<T>(Span<T> inputs) where T : unmanaged
        {
            int features = _means.Length;
            if (inputs.Length % features != 0) throw new ArgumentException($"inputs must hold whole rows of {features} values.", nameof(inputs));
            for (int i = 0; i < inputs.Length; i++)
                inputs[i] = Arithmetic.FromDouble<T>((Arithmetic.ToDouble(inputs[i]) - _means[i % features]) / _deviations[i % features]);
        }

        /// <summary>Writes the statistics (e.g. right after <c>network.Save</c> to the same stream).</summary>
        public void Save(Stream stream)
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(_means.Length);
            foreach (double mean in _means) writer.Write(mean);
            foreach (double deviation in _deviations) writer.Write(deviation);
        }

        /// <summary>Reads statistics written by <see cref="Save"/>.</summary>
        /// <exception cref="InvalidDataException">The stream does not hold standardiser statistics.</exception>
        public static Standardizer Load(Stream stream)
        {
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            try
            {
                if (reader.ReadUInt32() != Magic) throw new InvalidDataException("Not NetGen standardiser statistics: the signature \"NGST\" is missing.");
                int count = reader.ReadInt32();
                if (count < 1 || count > 1 << 20) throw new InvalidDataException($"Not NetGen standardiser statistics: {count} features.");
                var means = new double[count];
                var deviations = new double[count];
                for (int f = 0; f < count; f++) means[f] = reader.ReadDouble();
                for (int f = 0; f < count; f++) deviations[f] = reader.ReadDouble();
                return new Standardizer(means, deviations);
            }
            catch (EndOfStreamException error)
            {
                throw new InvalidDataException("Not NetGen standardiser statistics: the stream ends early.", error);
            }
        }
    }
}
