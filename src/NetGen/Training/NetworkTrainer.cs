using System;
using System.Runtime.CompilerServices;
using System.Buffers;
using System.Diagnostics;
using NetGen.GeneratedCode;

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
        /// How many times the first epoch's loss an epoch's loss may reach before the run counts as diverged: six orders of
        /// magnitude, far beyond the noise of any run that learns, and reached at once by one that steps much too far.
        /// </summary>
        internal const double DivergenceGrowth = 1e6;

        /// <summary>
        /// Runs up to <see cref="TrainingOptions.Epochs"/> epochs: each shuffles the training samples, steps on the mean
        /// gradient of every batch, then measures the validation samples. Stops early on a validation plateau
        /// (restoring the best weights), on a NaN or infinite loss or parameter (restoring the epoch's starting weights, which
        /// are finite), on a loss that grew to <see cref="DivergenceGrowth"/> times the first epoch's (restoring the weights
        /// from the start of the epoch with the lowest loss) or on cancellation. Bad data is refused before anything changes,
        /// so after a call the parameters are finite, or it threw and left them as they were.
        /// </summary>
        /// <exception cref="ArgumentException">
        /// A length does not fit, a value is NaN or infinite, a target is outside what the loss takes (binary cross-entropy
        /// [0, 1], categorical cross-entropy ≥ 0), or an option is out of range; the message names the value.
        /// </exception>
        /// <exception cref="InvalidOperationException">A parameter is NaN or infinite before training.</exception>
        [MethodImpl(HotPath.Optimized)]
        public static TrainingReport Train<T>(INetwork<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, TrainingOptions options)
            where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            if (options is null) throw new ArgumentNullException(nameof(options));
            Validate(options);
            var optimizer = new ParameterOptimizer(options, network.ParameterCount); // checks the optimizer's settings

            int inputSize = network.InputSize, outputSize = network.OutputSize, parameterCount = network.ParameterCount;
            int sampleCount = Guard.TrainingSet(inputs, targets, inputSize, outputSize, network.Loss);
            int validationCount = ValidationSplit.Count(sampleCount, options.ValidationFraction);
            int trainingCount = sampleCount - validationCount;
            if (trainingCount < 1)
                throw new ArgumentException($"ValidationFraction {options.ValidationFraction} of {Wording.Count(sampleCount, "sample")} leaves none to train on.", nameof(options));
            int nonFinite = Guard.IndexOfNonFinite<T>(network.Parameters);
            if (nonFinite >= 0)
                throw new InvalidOperationException(
                    $"The parameter {StateDictFormat.ParameterName(nonFinite, network.ParameterTensors)} is {Guard.Text(network.Parameters[nonFinite])} before training; " +
                    "training starts only from finite parameters (create the network anew or load good ones). The parameters were not changed.");
            int nonFiniteBuffer = Guard.IndexOfNonFinite<T>(network.Buffers);
            if (nonFiniteBuffer >= 0)
                throw new InvalidOperationException(
                    $"The buffer {StateDictFormat.ParameterName(nonFiniteBuffer, network.BufferTensors)} is {Guard.Text(network.Buffers[nonFiniteBuffer])} before training; " +
                    "training starts only from finite running statistics (create the network anew or load good ones). The parameters were not changed.");
            // The state the guards save and restore: the parameters, then the buffers (BatchNorm's running statistics, which
            // BackwardBatch updates), so that a restored network is the one that computed the reported losses.
            int stateLength = parameterCount + network.Buffers.Length;
            // A BatchNorm cannot take a batch of one sample (as in PyTorch); such a last batch joins the one before it.
            int largestBatch = Math.Min(options.BatchSize + (network.Buffers.Length > 0 ? 1 : 0), trainingCount);

            int[] orderArray = ArrayPool<int>.Shared.Rent(sampleCount);
            T[] gradientArray = ArrayPool<T>.Shared.Rent(parameterCount);
            T[] savedArray = ArrayPool<T>.Shared.Rent(stateLength);   // the epoch's starting weights, finite (divergence guard)
            T[] bestArray = ArrayPool<T>.Shared.Rent(stateLength);    // the best validation epoch's weights
            T[] lowestArray = ArrayPool<T>.Shared.Rent(stateLength);  // the start of the lowest-loss epoch (growth guard)
            T[] outputArray = ArrayPool<T>.Shared.Rent(outputSize);
            T[] batchInputArray = ArrayPool<T>.Shared.Rent(largestBatch * inputSize);   // a batch's rows, gathered
            T[] batchTargetArray = ArrayPool<T>.Shared.Rent(largestBatch * outputSize);
            try
            {
                Span<int> order = orderArray.AsSpan(0, sampleCount);
                Span<T> gradient = gradientArray.AsSpan(0, parameterCount);
                Span<T> saved = savedArray.AsSpan(0, stateLength), best = bestArray.AsSpan(0, stateLength);
                Span<T> lowest = lowestArray.AsSpan(0, stateLength);

                var random = new DeterministicRandom(options.Seed);
                ValidationSplit.Arrange(order, validationCount, random);
                Span<int> trainingOrder = order.Slice(0, trainingCount);
                ReadOnlySpan<int> validationOrder = order.Slice(trainingCount);
                bool classification = validationCount > 0 && AreLabels(targets, validationOrder, outputSize);

                var epochLosses = new double[options.Epochs];
                var validationLosses = new double[validationCount > 0 ? options.Epochs : 0];
                var stop = TrainingStop.Completed;
                string message = "";
                double bestValidationLoss = double.PositiveInfinity, lowestLoss = double.PositiveInfinity;
                int epochsRun = 0, bestEpoch = 0, epochsWithoutImprovement = 0, lowestEpoch = 0;
                var stopwatch = Stopwatch.StartNew();

                for (int epoch = 0; epoch < options.Epochs && stop == TrainingStop.Completed; epoch++)
                {
                    double learningRate = options.Schedule.RateAt(options.LearningRate, epoch);
                    SaveState(network, saved); // finite: checked before training and after every step
                    if (options.Shuffle) random.Shuffle(trainingOrder);

                    double lossSum = 0;
                    int samplesStepped = 0;
                    for (int start = 0, batchSize; start < trainingCount; start += batchSize)
                    {
                        batchSize = Math.Min(options.BatchSize, trainingCount - start);
                        if (network.Buffers.Length > 0 && trainingCount - start - batchSize == 1) batchSize++;
                        if (options.CancellationToken.IsCancellationRequested)
                        {
                            stop = TrainingStop.Cancelled;
                            message = epochsRun == 0 && samplesStepped == 0
                                ? "Cancelled before the first step; the parameters were not changed."
                                : $"Cancelled in epoch {epoch + 1}.";
                            break;
                        }

                        int batch = start / options.BatchSize + 1;
                        var batchInputs = batchInputArray.AsSpan(0, batchSize * inputSize);
                        var batchTargets = batchTargetArray.AsSpan(0, batchSize * outputSize);
                        for (int s = 0; s < batchSize; s++)
                        {
                            int sample = trainingOrder[start + s];
                            inputs.Slice(sample * inputSize, inputSize).CopyTo(batchInputs.Slice(s * inputSize, inputSize));
                            targets.Slice(sample * outputSize, outputSize).CopyTo(batchTargets.Slice(s * outputSize, outputSize));
                        }

                        gradient.Clear();
                        double batchLoss = Arithmetic.ToDouble(network.BackwardBatch(batchInputs, batchTargets, gradient, options.Threads));
                        if (!Guard.IsFinite(batchLoss))
                        {
                            stop = TrainingStop.Diverged;
                            int sample = FirstNonFiniteLoss(network, inputs, targets, trainingOrder.Slice(start, batchSize));
                            message = (sample < 0 ? $"The loss of batch {batch} was {Guard.Text(batchLoss)} in epoch {epoch + 1}: "
                                    : $"The loss of sample {sample} (row {sample} of inputs) was {Guard.Text(network.ComputeLoss(inputs.Slice(sample * inputSize, inputSize), targets.Slice(sample * outputSize, outputSize)))} in epoch {epoch + 1}, batch {batch}: ") +
                                $"the network's arithmetic overflowed on finite data and parameters (the largest |parameter| is {LargestMagnitude(network.Parameters):G3}). ";
                        }

                        int nonFiniteGradient = stop == TrainingStop.Completed ? Guard.IndexOfNonFinite<T>(gradient) : -1;
                        if (nonFiniteGradient >= 0)
                        {
                            stop = TrainingStop.Diverged;
                            message = $"The gradient of batch {batch} in epoch {epoch + 1} overflowed: ∂C/∂{StateDictFormat.ParameterName(nonFiniteGradient, network.ParameterTensors)} " +
                                $"is {Guard.Text(gradient[nonFiniteGradient])}. ";
                        }

                        if (stop == TrainingStop.Completed)
                        {
                            optimizer.Step(network.Parameters, gradient, 1.0 / batchSize, learningRate);
                            nonFinite = Guard.IndexOfNonFinite<T>(network.Parameters);
                            if (nonFinite >= 0)
                            {
                                stop = TrainingStop.Diverged;
                                message = $"The step on batch {batch} of epoch {epoch + 1} (learning rate {learningRate:G4}) made " +
                                    $"{StateDictFormat.ParameterName(nonFinite, network.ParameterTensors)} {Guard.Text(network.Parameters[nonFinite])}. ";
                            }
                        }

                        if (stop == TrainingStop.Diverged)
                        {
                            RestoreState(network, saved);
                            message += $"Training stopped and the parameters from the start of epoch {epoch + 1}, which are finite, were restored. " +
                                "The data were checked and are finite: large parameters mean too large steps (try a smaller learning rate or " +
                                "gradient clipping), large input values mean unscaled data (see Standardizer).";
                            break;
                        }

                        lossSum += batchLoss;
                        samplesStepped += batchSize;
                    }

                    if (stop == TrainingStop.Diverged || samplesStepped == 0) break;
                    epochLosses[epoch] = lossSum / samplesStepped;
                    epochsRun = epoch + 1;
                    if (epochLosses[0] > 0 && epochLosses[epoch] > DivergenceGrowth * epochLosses[0])
                    {
                        // Finite, but grown by orders of magnitude: the steps are too large, and "Completed" would hide it.
                        stop = TrainingStop.Diverged;
                        RestoreState(network, lowest);
                        message = $"The loss grew from {epochLosses[0]:G4} in epoch 1 to {epochLosses[epoch]:G4} in epoch {epoch + 1}, more than " +
                            $"{DivergenceGrowth.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} times: training stopped and the parameters from the start of epoch {lowestEpoch}, the epoch with the " +
                            $"lowest loss ({lowestLoss:G4}), were restored. Try a smaller learning rate or gradient clipping.";
                        break;
                    }

                    if (epochLosses[epoch] < lowestLoss)
                    {
                        lowestLoss = epochLosses[epoch];
                        lowestEpoch = epoch + 1;
                        saved.CopyTo(lowest);
                    }

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
                            SaveState(network, best);
                        }
                        else if (options.EarlyStoppingPatience > 0 && ++epochsWithoutImprovement >= options.EarlyStoppingPatience && stop == TrainingStop.Completed)
                        {
                            stop = TrainingStop.EarlyStopped;
                            message = $"The validation loss did not improve for {Wording.Count(options.EarlyStoppingPatience, "epoch")}; stopped after epoch {epoch + 1}.";
                        }
                    }

                    options.Progress?.Report(new EpochReport(epoch + 1, options.Epochs, epochLosses[epoch], validationLoss, validationAccuracy, learningRate, stopwatch.Elapsed));
                }

                if (options.EarlyStoppingPatience > 0 && bestEpoch > 0 && stop != TrainingStop.Diverged)
                {
                    RestoreState(network, best);
                    message = (message + $" Restored the parameters of epoch {bestEpoch}, the best validation loss ({bestValidationLoss:G6}).").TrimStart();
                }
                else if (stop == TrainingStop.Completed) bestEpoch = epochsRun;
                if (message.Length == 0) message = $"Completed {Wording.Count(epochsRun, "epoch")}.";

                return new TrainingReport(
                    Trim(epochLosses, epochsRun), Trim(validationLosses, validationCount > 0 ? epochsRun : 0), stop, bestEpoch, message, stopwatch.Elapsed);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(orderArray);
                ArrayPool<T>.Shared.Return(gradientArray);
                ArrayPool<T>.Shared.Return(savedArray);
                ArrayPool<T>.Shared.Return(bestArray);
                ArrayPool<T>.Shared.Return(lowestArray);
                ArrayPool<T>.Shared.Return(outputArray);
                ArrayPool<T>.Shared.Return(batchInputArray);
                ArrayPool<T>.Shared.Return(batchTargetArray);
            }
        }

        /// <summary>The first sample of a batch whose loss is NaN or infinite (to name it when training diverges); −1 if none is alone.</summary>
        /// <summary>Copies the parameters, then the buffers, into <paramref name="state"/>.</summary>
        private static void SaveState<T>(INetwork<T> network, Span<T> state) where T : unmanaged
        {
            network.Parameters.CopyTo(state);
            network.Buffers.CopyTo(state.Slice(network.ParameterCount));
        }

        /// <summary>Puts back parameters and buffers saved by <see cref="SaveState{T}"/>.</summary>
        private static void RestoreState<T>(INetwork<T> network, ReadOnlySpan<T> state) where T : unmanaged
        {
            state.Slice(0, network.ParameterCount).CopyTo(network.Parameters);
            state.Slice(network.ParameterCount).CopyTo(network.Buffers);
        }

        private static int FirstNonFiniteLoss<T>(INetwork<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<int> samples)
            where T : unmanaged
        {
            int inputSize = network.InputSize, outputSize = network.OutputSize;
            foreach (int sample in samples)
                if (!Guard.IsFinite(Arithmetic.ToDouble(network.ComputeLoss(inputs.Slice(sample * inputSize, inputSize), targets.Slice(sample * outputSize, outputSize)))))
                    return sample;
            return -1;
        }

        private static double LargestMagnitude<T>(ReadOnlySpan<T> values) where T : unmanaged
        {
            double largest = 0;
            foreach (var value in values) largest = Math.Max(largest, Math.Abs(Arithmetic.ToDouble(value)));
            return largest;
        }

        [MethodImpl(HotPath.Optimized)]
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
            if (options.Epochs < 1) throw Bad(options.Epochs, "Epochs must be at least 1.");
            if (options.BatchSize < 1) throw Bad(options.BatchSize, "BatchSize must be at least 1.");
            if (options.Threads < 1) throw Bad(options.Threads, "Threads must be at least 1.");
            if (options.Schedule is null) throw Bad("null", "Schedule must be set (LearningRateSchedule.Constant for none).");
            if (!(options.ValidationFraction >= 0 && options.ValidationFraction < 1)) throw Bad(options.ValidationFraction, "ValidationFraction must be in [0, 1).");
            if (options.EarlyStoppingPatience < 0) throw Bad(options.EarlyStoppingPatience, "EarlyStoppingPatience must be zero (off) or more.");
            if (options.EarlyStoppingPatience > 0 && options.ValidationFraction == 0)
                throw Bad(options.EarlyStoppingPatience, "EarlyStoppingPatience needs a ValidationFraction to measure improvement on.");
        }
    }
}
