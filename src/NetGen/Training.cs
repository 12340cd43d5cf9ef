using System;
using System.Collections.Generic;
using System.Threading;

namespace NetGen
{
    /// <summary>How a training step turns the batch's mean gradient into a parameter update (PyTorch's definitions).</summary>
    public enum Optimizer
    {
        /// <summary>θ ← θ − η g.</summary>
        Sgd,
        /// <summary>Classical momentum: v ← μv + g, θ ← θ − ηv.</summary>
        Momentum,
        /// <summary>Nesterov momentum: v ← μv + g, θ ← θ − η(g + μv).</summary>
        Nesterov,
        /// <summary>Adam with bias correction; weight decay is added to the gradient (L2).</summary>
        Adam,
        /// <summary>Adam with decoupled weight decay: θ ← θ − ηλθ before the Adam step.</summary>
        AdamW,
    }

    /// <summary>Why training ended.</summary>
    public enum TrainingStop
    {
        /// <summary>All epochs ran.</summary>
        Completed,
        /// <summary>The validation loss stopped improving for <see cref="TrainingOptions.EarlyStoppingPatience"/> epochs; the best weights were restored.</summary>
        EarlyStopped,
        /// <summary>
        /// A sample's loss or, after a step, a parameter became NaN or infinite; the weights from the start of that epoch,
        /// which are finite, were restored, and <see cref="TrainingReport.Message"/> says what overflowed where.
        /// </summary>
        Diverged,
        /// <summary><see cref="TrainingOptions.CancellationToken"/> was cancelled; training stopped before the next batch.</summary>
        Cancelled,
    }

    /// <summary>The learning rate of each epoch as a function of the base rate.</summary>
    public abstract class LearningRateSchedule
    {
        /// <summary>The base rate in every epoch.</summary>
        public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

        /// <summary>η · factor^⌊epoch / stepEpochs⌋: the rate drops by <paramref name="factor"/> every <paramref name="stepEpochs"/> epochs.</summary>
        public static LearningRateSchedule StepDecay(int stepEpochs, double factor) => new StepSchedule(stepEpochs, factor);

        /// <summary>η · factor^epoch.</summary>
        public static LearningRateSchedule Exponential(double factor) => new ExponentialSchedule(factor);

        /// <summary>
        /// Cosine annealing from η down to η·<paramref name="minimumFraction"/> over <paramref name="periodEpochs"/> epochs
        /// (then constant): η_min + (η − η_min)(1 + cos(π·epoch/period))/2.
        /// </summary>
        public static LearningRateSchedule Cosine(int periodEpochs, double minimumFraction = 0) => new CosineSchedule(periodEpochs, minimumFraction);

        /// <summary>The rate of epoch <paramref name="epoch"/> (counting from 0).</summary>
        public abstract double RateAt(double baseRate, int epoch);

        private sealed class ConstantSchedule : LearningRateSchedule
        {
            public override double RateAt(double baseRate, int epoch) => baseRate;
        }

        private sealed class StepSchedule : LearningRateSchedule
        {
            private readonly int _stepEpochs;
            private readonly double _factor;

            public StepSchedule(int stepEpochs, double factor)
            {
                if (stepEpochs < 1) throw new ArgumentOutOfRangeException(nameof(stepEpochs), stepEpochs, "Must be at least 1.");
                _stepEpochs = stepEpochs;
                _factor = factor > 0 ? factor : throw new ArgumentOutOfRangeException(nameof(factor), factor, "Must be positive.");
            }

            public override double RateAt(double baseRate, int epoch) => baseRate * Math.Pow(_factor, epoch / _stepEpochs);
        }

        private sealed class ExponentialSchedule : LearningRateSchedule
        {
            private readonly double _factor;

            public ExponentialSchedule(double factor) =>
                _factor = factor > 0 ? factor : throw new ArgumentOutOfRangeException(nameof(factor), factor, "Must be positive.");

            public override double RateAt(double baseRate, int epoch) => baseRate * Math.Pow(_factor, epoch);
        }

        private sealed class CosineSchedule : LearningRateSchedule
        {
            private readonly int _period;
            private readonly double _minimumFraction;

            public CosineSchedule(int period, double minimumFraction)
            {
                _period = period >= 1 ? period : throw new ArgumentOutOfRangeException(nameof(period), period, "Must be at least 1.");
                _minimumFraction = minimumFraction is >= 0 and <= 1
                    ? minimumFraction
                    : throw new ArgumentOutOfRangeException(nameof(minimumFraction), minimumFraction, "Must be in [0, 1].");
            }

            public override double RateAt(double baseRate, int epoch)
            {
                double minimum = baseRate * _minimumFraction;
                return minimum + (baseRate - minimum) * (1 + Math.Cos(Math.PI * Math.Min(epoch, _period) / _period)) / 2;
            }
        }
    }

    /// <summary>Settings of <see cref="INetwork{T}.Train"/>. The defaults are plain minibatch SGD.</summary>
    public sealed class TrainingOptions
    {
        /// <summary>Passes over the training data, at least 1 (default 100).</summary>
        public int Epochs { get; set; } = 100;

        /// <summary>Samples per step; each step uses the batch's mean gradient (default 32).</summary>
        public int BatchSize { get; set; } = 32;

        /// <summary>
        /// How many threads compute each batch (the caller's and NetGen's worker threads): 1, the default, keeps training on
        /// the caller's thread, as a game that owns its threads wants; <see cref="Environment.ProcessorCount"/> uses every core.
        /// The result is the same bits for any value: a batch is cut into fixed tiles whose gradients are added in order.
        /// </summary>
        public int Threads { get; set; } = 1;

        /// <summary>The base step size η (default 0.1); <see cref="Schedule"/> varies it per epoch.</summary>
        public double LearningRate { get; set; } = 0.1;

        /// <summary>The learning rate per epoch (default <see cref="LearningRateSchedule.Constant"/>).</summary>
        public LearningRateSchedule Schedule { get; set; } = LearningRateSchedule.Constant;

        /// <summary>The update rule (default <see cref="NetGen.Optimizer.Sgd"/>).</summary>
        public Optimizer Optimizer { get; set; } = Optimizer.Sgd;

        /// <summary>μ of <see cref="NetGen.Optimizer.Momentum"/> and <see cref="NetGen.Optimizer.Nesterov"/> (default 0.9).</summary>
        public double Momentum { get; set; } = 0.9;

        /// <summary>Adam's β₁ (default 0.9).</summary>
        public double Beta1 { get; set; } = 0.9;

        /// <summary>Adam's β₂ (default 0.999).</summary>
        public double Beta2 { get; set; } = 0.999;

        /// <summary>Adam's ε (default 1e-8).</summary>
        public double Epsilon { get; set; } = 1e-8;

        /// <summary>Weight decay λ: L2 (λθ added to the gradient), decoupled for AdamW (default 0).</summary>
        public double WeightDecay { get; set; }

        /// <summary>When positive, the mean gradient is scaled down to this global L2 norm if it is longer (default 0: off).</summary>
        public double GradientClipNorm { get; set; }

        /// <summary>When positive, every gradient component is clamped to [−value, value] (default 0: off).</summary>
        public double GradientClipValue { get; set; }

        /// <summary>Whether each epoch visits the training samples in a new random order (default true).</summary>
        public bool Shuffle { get; set; } = true;

        /// <summary>The seed of the validation split and the shuffling: the same seed gives the same run (default 0).</summary>
        public int Seed { get; set; }

        /// <summary>
        /// The fraction of the samples held out for validation, chosen at random (seeded) once before training
        /// (default 0: no validation): the last round(N · fraction) samples, at least one, of the sample order shuffled
        /// with <see cref="Seed"/>, the same samples <see cref="DataSet.Split{T}"/> holds out for that fraction and seed.
        /// </summary>
        public double ValidationFraction { get; set; }

        /// <summary>
        /// When positive, training stops once the validation loss has not improved for this many epochs, and the
        /// parameters of the best validation epoch are restored. Needs <see cref="ValidationFraction"/> (default 0: off).
        /// </summary>
        public int EarlyStoppingPatience { get; set; }

        /// <summary>Receives a report after every epoch, on the training thread. Optional.</summary>
        public IProgress<EpochReport>? Progress { get; set; }

        /// <summary>
        /// When cancelled, training stops before its next batch and the report says <see cref="TrainingStop.Cancelled"/>;
        /// a token cancelled before <c>Train</c> starts changes nothing and reports no epoch.
        /// </summary>
        public CancellationToken CancellationToken { get; set; }
    }

    /// <summary>What one finished epoch reports to <see cref="TrainingOptions.Progress"/>.</summary>
    public readonly struct EpochReport
    {
        /// <summary>Creates a report.</summary>
        public EpochReport(int epoch, int epochs, double loss, double validationLoss, double validationAccuracy, double learningRate, TimeSpan elapsed)
        {
            Epoch = epoch;
            Epochs = epochs;
            Loss = loss;
            ValidationLoss = validationLoss;
            ValidationAccuracy = validationAccuracy;
            LearningRate = learningRate;
            Elapsed = elapsed;
        }

        /// <summary>The epoch just finished, counting from 1.</summary>
        public int Epoch { get; }

        /// <summary>The number of epochs of the whole run.</summary>
        public int Epochs { get; }

        /// <summary>The mean per-sample training loss of the epoch, each sample measured before its batch's step.</summary>
        public double Loss { get; }

        /// <summary>The mean per-sample loss on the validation samples after the epoch (NaN without validation).</summary>
        public double ValidationLoss { get; }

        /// <summary>
        /// The fraction of validation samples classified right (NaN without validation, or when the targets are not 0/1
        /// labels): the arg-max for several outputs, ŷ ≥ ½ for one.
        /// </summary>
        public double ValidationAccuracy { get; }

        /// <summary>The learning rate used in the epoch.</summary>
        public double LearningRate { get; }

        /// <summary>Time since training started.</summary>
        public TimeSpan Elapsed { get; }
    }

    /// <summary>The result of <see cref="INetwork{T}.Train"/>.</summary>
    public sealed class TrainingReport
    {
        /// <summary>Creates a report.</summary>
        public TrainingReport(IReadOnlyList<double> epochLosses, IReadOnlyList<double> validationLosses, TrainingStop stop, int bestEpoch, string message, TimeSpan elapsed)
        {
            EpochLosses = epochLosses ?? throw new ArgumentNullException(nameof(epochLosses));
            ValidationLosses = validationLosses ?? throw new ArgumentNullException(nameof(validationLosses));
            Stop = stop;
            BestEpoch = bestEpoch;
            Message = message ?? throw new ArgumentNullException(nameof(message));
            Elapsed = elapsed;
        }

        /// <summary>The mean training loss of every epoch that finished, in order.</summary>
        public IReadOnlyList<double> EpochLosses { get; }

        /// <summary>The validation loss after every finished epoch (empty without validation).</summary>
        public IReadOnlyList<double> ValidationLosses { get; }

        /// <summary>The mean training loss of the last finished epoch (NaN when none finished).</summary>
        public double FinalLoss => EpochLosses.Count == 0 ? double.NaN : EpochLosses[EpochLosses.Count - 1];

        /// <summary>Why training ended.</summary>
        public TrainingStop Stop { get; }

        /// <summary>With early stopping, the epoch (from 1) whose parameters the network now has; otherwise the last epoch.</summary>
        public int BestEpoch { get; }

        /// <summary>A sentence on how training ended, e.g. what the divergence guard did.</summary>
        public string Message { get; }

        /// <summary>The wall-clock time of the whole run.</summary>
        public TimeSpan Elapsed { get; }
    }
}
