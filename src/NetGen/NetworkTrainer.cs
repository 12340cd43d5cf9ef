using System;
using System.Buffers;
using System.Diagnostics;

namespace NetGen
{
    /// <summary>
    /// Minibatch training for any <see cref="INetwork{T}"/>; generated <c>Train</c> methods call this. Its work buffers
    /// (sample order, gradient, optimizer state, saved weights) are rented from the shared array pools, so a run
    /// allocates its report and nothing per sample.
    /// </summary>
    public static class NetworkTrainer
    {
        /// <summary>
        /// Runs up to <see cref="TrainingOptions.Epochs"/> epochs: each shuffles the training samples, steps on the mean
        /// gradient of every batch, then measures the validation samples. Stops early on a validation plateau
        /// (restoring the best weights), on a NaN or infinite loss (restoring the epoch's starting weights) or on cancellation.
        /// </summary>
        public static TrainingReport Train<T>(INetwork<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, TrainingOptions options)
            where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            if (options is null) throw new ArgumentNullException(nameof(options));
            Validate(options);
            var optimizer = new ParameterOptimizer(options, network.ParameterCount); // checks the optimizer's settings

            int inputSize = network.InputSize, outputSize = network.OutputSize, parameterCount = network.ParameterCount;
            if (inputs.Length == 0 || inputs.Length % inputSize != 0)
                throw new ArgumentException(
                    $"inputs has length {inputs.Length}; it must hold N ≥ 1 samples of {inputSize} values (InputSize), row after row.", nameof(inputs));
            int sampleCount = inputs.Length / inputSize;
            if (targets.Length != sampleCount * outputSize)
                throw new ArgumentException(
                    $"targets has length {targets.Length}; {sampleCount} samples of {outputSize} values (OutputSize) need {sampleCount * outputSize}.", nameof(targets));

            int validationCount = options.ValidationFraction > 0 ? Math.Max(1, (int)Math.Round(sampleCount * options.ValidationFraction)) : 0;
            int trainingCount = sampleCount - validationCount;
            if (trainingCount < 1)
                throw new ArgumentException($"ValidationFraction {options.ValidationFraction} of {sampleCount} samples leaves none to train on.", nameof(options));

            int[] orderArray = ArrayPool<int>.Shared.Rent(sampleCount);
            T[] gradientArray = ArrayPool<T>.Shared.Rent(parameterCount);
            T[] savedArray = ArrayPool<T>.Shared.Rent(parameterCount);   // the epoch's starting weights (divergence guard)
            T[] bestArray = ArrayPool<T>.Shared.Rent(parameterCount);    // the best validation epoch's weights
            T[] outputArray = ArrayPool<T>.Shared.Rent(outputSize);
            try
            {
                Span<int> order = orderArray.AsSpan(0, sampleCount);
                Span<T> gradient = gradientArray.AsSpan(0, parameterCount);
                Span<T> saved = savedArray.AsSpan(0, parameterCount), best = bestArray.AsSpan(0, parameterCount);
                for (int i = 0; i < sampleCount; i++) order[i] = i;

                var random = new DeterministicRandom(options.Seed);
                if (validationCount > 0) random.Shuffle(order); // the held-out samples: the last validationCount of this order
                Span<int> trainingOrder = order.Slice(0, trainingCount);
                ReadOnlySpan<int> validationOrder = order.Slice(trainingCount);
                bool classification = validationCount > 0 && AreLabels(targets, validationOrder, outputSize);

                var epochLosses = new double[options.Epochs];
                var validationLosses = new double[validationCount > 0 ? options.Epochs : 0];
                var stop = TrainingStop.Completed;
                string message = "";
                double bestValidationLoss = double.PositiveInfinity;
                int epochsRun = 0, bestEpoch = 0, epochsWithoutImprovement = 0;
                var stopwatch = Stopwatch.StartNew();

                for (int epoch = 0; epoch < options.Epochs && stop == TrainingStop.Completed; epoch++)
                {
                    double learningRate = options.Schedule.RateAt(options.LearningRate, epoch);
                    network.Parameters.CopyTo(saved);
                    if (options.Shuffle) random.Shuffle(trainingOrder);

                    double lossSum = 0;
                    for (int start = 0; start < trainingCount && stop == TrainingStop.Completed; start += options.BatchSize)
                    {
                        int batchSize = Math.Min(options.BatchSize, trainingCount - start);
                        gradient.Clear();
                        double batchLoss = 0;
                        for (int s = start; s < start + batchSize; s++)
                        {
                            int sample = trainingOrder[s];
                            batchLoss += Arithmetic.ToDouble(network.Backward(
                                inputs.Slice(sample * inputSize, inputSize), targets.Slice(sample * outputSize, outputSize), gradient));
                        }

                        if (double.IsNaN(batchLoss) || double.IsInfinity(batchLoss))
                        {
                            saved.CopyTo(network.Parameters);
                            stop = TrainingStop.Diverged;
                            message = $"The loss became {batchLoss} in epoch {epoch + 1}; training stopped and the parameters from the start of that epoch were restored. Try a smaller learning rate or gradient clipping.";
                            break;
                        }

                        lossSum += batchLoss;
                        optimizer.Step(network.Parameters, gradient, 1.0 / batchSize, learningRate);
                        if (options.CancellationToken.IsCancellationRequested)
                        {
                            stop = TrainingStop.Cancelled;
                            message = $"Cancelled in epoch {epoch + 1}.";
                        }
                    }

                    if (stop == TrainingStop.Diverged) break;
                    epochLosses[epoch] = lossSum / trainingCount;
                    epochsRun = epoch + 1;

                    double validationLoss = double.NaN, validationAccuracy = double.NaN;
                    if (validationCount > 0)
                    {
                        (validationLoss, validationAccuracy) = Evaluate(network, inputs, targets, validationOrder, outputArray.AsSpan(0, outputSize), classification);
                        validationLosses[epoch] = validationLoss;
                        if (validationLoss < bestValidationLoss)
                        {
                            bestValidationLoss = validationLoss;
                            bestEpoch = epoch + 1;
                            epochsWithoutImprovement = 0;
                            network.Parameters.CopyTo(best);
                        }
                        else if (options.EarlyStoppingPatience > 0 && ++epochsWithoutImprovement >= options.EarlyStoppingPatience && stop == TrainingStop.Completed)
                        {
                            stop = TrainingStop.EarlyStopped;
                            message = $"The validation loss did not improve for {options.EarlyStoppingPatience} epochs; stopped after epoch {epoch + 1}.";
                        }
                    }

                    options.Progress?.Report(new EpochReport(epoch + 1, options.Epochs, epochLosses[epoch], validationLoss, validationAccuracy, learningRate, stopwatch.Elapsed));
                }

                if (options.EarlyStoppingPatience > 0 && bestEpoch > 0 && stop != TrainingStop.Diverged)
                {
                    best.CopyTo(network.Parameters);
                    message = (message + $" Restored the parameters of epoch {bestEpoch}, the best validation loss ({bestValidationLoss:G6}).").TrimStart();
                }
                else if (stop == TrainingStop.Completed) bestEpoch = epochsRun;
                if (message.Length == 0) message = $"Completed {epochsRun} epochs.";

                return new TrainingReport(
                    Trim(epochLosses, epochsRun), Trim(validationLosses, validationCount > 0 ? epochsRun : 0), stop, bestEpoch, message, stopwatch.Elapsed);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(orderArray);
                ArrayPool<T>.Shared.Return(gradientArray);
                ArrayPool<T>.Shared.Return(savedArray);
                ArrayPool<T>.Shared.Return(bestArray);
                ArrayPool<T>.Shared.Return(outputArray);
            }
        }

        private static (double Loss, double Accuracy) Evaluate<T>(INetwork<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets,
            ReadOnlySpan<int> samples, Span<T> output, bool classification) where T : unmanaged
        {
            int inputSize = network.InputSize, outputSize = network.OutputSize;
            double lossSum = 0;
            int correct = 0;
            foreach (int sample in samples)
            {
                var input = inputs.Slice(sample * inputSize, inputSize);
                var target = targets.Slice(sample * outputSize, outputSize);
                lossSum += Arithmetic.ToDouble(network.ComputeLoss(input, target));
                if (!classification) continue;
                network.Forward(input, output);
                bool right = outputSize == 1
                    ? Arithmetic.ToDouble(output[0]) >= 0.5 == Arithmetic.ToDouble(target[0]) >= 0.5
                    : ArgMax(output) == ArgMax(target);
                if (right) correct++;
            }
            return (lossSum / samples.Length, classification ? (double)correct / samples.Length : double.NaN);
        }

        /// <summary>Whether every target is a 0/1 label (so that accuracy means something).</summary>
        private static bool AreLabels<T>(ReadOnlySpan<T> targets, ReadOnlySpan<int> samples, int outputSize) where T : unmanaged
        {
            foreach (int sample in samples)
                foreach (var value in targets.Slice(sample * outputSize, outputSize))
                    if (Arithmetic.ToDouble(value) is not (0 or 1)) return false;
            return true;
        }

        private static int ArgMax<T>(ReadOnlySpan<T> values) where T : unmanaged
        {
            int best = 0;
            for (int k = 1; k < values.Length; k++)
                if (Arithmetic.ToDouble(values[k]) > Arithmetic.ToDouble(values[best])) best = k;
            return best;
        }

        private static double[] Trim(double[] values, int count)
        {
            if (count == values.Length) return values;
            var trimmed = new double[count];
            Array.Copy(values, trimmed, count);
            return trimmed;
        }

        private static void Validate(TrainingOptions options)
        {
            static ArgumentOutOfRangeException Bad(object value, string rule) => new(nameof(options), value, "TrainingOptions." + rule);
            if (options.Epochs < 0) throw Bad(options.Epochs, "Epochs must be zero or more.");
            if (options.BatchSize < 1) throw Bad(options.BatchSize, "BatchSize must be at least 1.");
            if (options.Schedule is null) throw Bad("null", "Schedule must be set (LearningRateSchedule.Constant for none).");
            if (!(options.ValidationFraction >= 0 && options.ValidationFraction < 1)) throw Bad(options.ValidationFraction, "ValidationFraction must be in [0, 1).");
            if (options.EarlyStoppingPatience < 0) throw Bad(options.EarlyStoppingPatience, "EarlyStoppingPatience must be zero (off) or more.");
            if (options.EarlyStoppingPatience > 0 && options.ValidationFraction == 0)
                throw Bad(options.EarlyStoppingPatience, "EarlyStoppingPatience needs a ValidationFraction to measure improvement on.");
        }
    }
}
