using System;
using System.Collections.Generic;
using System.IO;
using NetGen.GeneratedCode;

namespace NetGen
{
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
        /// <exception cref="ArgumentException">
        /// The inputs are not whole rows, or a value is NaN or infinite (the message names its row and column, both from 0):
        /// one such value would make its feature's mean NaN and every standardised value of that column with it.
        /// </exception>
        public static Standardizer Fit<T>(ReadOnlySpan<T> inputs, int featureCount) where T : unmanaged
        {
            if (featureCount < 1 || inputs.Length == 0 || inputs.Length % featureCount != 0)
                throw new ArgumentException($"inputs must hold one or more rows of {featureCount} values.", nameof(inputs));
            int rows = inputs.Length / featureCount;
            int bad = Guard.IndexOfNonFinite(inputs);
            if (bad >= 0)
                throw new ArgumentException($"inputs row {bad / featureCount}, column {bad % featureCount} is {Guard.Text(inputs[bad])}; " +
                                            "the statistics need finite numbers (impute a missing value or remove its row).", nameof(inputs));
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
