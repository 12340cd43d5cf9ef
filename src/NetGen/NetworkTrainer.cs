using System;
using System.Buffers;
using System.Diagnostics;

namespace NetGen
{
    /// <summary>
    /// Minibatch stochastic gradient descent for any <see cref="INetwork{T}"/>; generated <c>Train</c> methods call this.
    /// It rents its two work buffers (sample order, gradient) from the shared array pool, so repeated runs
    /// allocate only the report, and nothing per sample.
    /// </summary>
    public static class NetworkTrainer
    {
        /// <summary>Runs <see cref="TrainingOptions.Epochs"/> epochs of minibatch SGD on the mean gradient of each batch.</summary>
        public static TrainingReport Train<T>(INetwork<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, TrainingOptions options)
            where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            if (options is null) throw new ArgumentNullException(nameof(options));
            Validate(options);

            int inputSize = network.InputSize, outputSize = network.OutputSize;
            if (inputs.Length == 0 || inputs.Length % inputSize != 0)
                throw new ArgumentException(
                    $"inputs has length {inputs.Length}; it must hold N ≥ 1 samples of {inputSize} values (InputSize), row after row.", nameof(inputs));
            int sampleCount = inputs.Length / inputSize;
            if (targets.Length != sampleCount * outputSize)
                throw new ArgumentException(
                    $"targets has length {targets.Length}; {sampleCount} samples of {outputSize} values (OutputSize) need {sampleCount * outputSize}.", nameof(targets));

            int[] order = ArrayPool<int>.Shared.Rent(sampleCount);
            T[] gradientArray = ArrayPool<T>.Shared.Rent(network.ParameterCount);
            try
            {
                Span<int> sampleOrder = order.AsSpan(0, sampleCount);
                Span<T> gradient = gradientArray.AsSpan(0, network.ParameterCount);
                for (int i = 0; i < sampleCount; i++) sampleOrder[i] = i;

                var random = new DeterministicRandom(options.Seed);
                var epochLosses = new double[options.Epochs];
                var stopwatch = Stopwatch.StartNew();
                for (int epoch = 0; epoch < options.Epochs; epoch++)
                {
                    if (options.Shuffle) random.Shuffle(sampleOrder);

                    double lossSum = 0;
                    for (int start = 0; start < sampleCount; start += options.BatchSize)
                    {
                        int batchSize = Math.Min(options.BatchSize, sampleCount - start);
                        gradient.Clear();
                        for (int s = start; s < start + batchSize; s++)
                        {
                            int sample = sampleOrder[s];
                            lossSum += Arithmetic.ToDouble(network.Backward(
                                inputs.Slice(sample * inputSize, inputSize), targets.Slice(sample * outputSize, outputSize), gradient));
                        }

                        // θ ← θ − η · (1/B) Σ ∇C
                        NetMath.AddScaledCore<T>(network.Parameters, gradient, Arithmetic.FromDouble<T>(-options.LearningRate / batchSize));
                    }

                    epochLosses[epoch] = lossSum / sampleCount;
                    options.Progress?.Report(new EpochReport(epoch + 1, options.Epochs, epochLosses[epoch], stopwatch.Elapsed));
                }

                return new TrainingReport(epochLosses, stopwatch.Elapsed);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(order);
                ArrayPool<T>.Shared.Return(gradientArray);
            }
        }

        private static void Validate(TrainingOptions options)
        {
            if (options.Epochs < 0)
                throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "TrainingOptions.Epochs must be zero or more.");
            if (options.BatchSize < 1)
                throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "TrainingOptions.BatchSize must be at least 1.");
            if (!(options.LearningRate > 0) || double.IsInfinity(options.LearningRate))
                throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "TrainingOptions.LearningRate must be a positive finite number.");
        }
    }
}
