using System;
using System.Threading;

namespace NetGen
{
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
        /// The result is the same bits for any value: a batch is cut into fixed tiles and gradient parts, each computed by one
        /// thread in one fixed order.
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
        /// with <see cref="Seed"/>, the same samples <see cref="TrainingData.Split{T}"/> holds out for that fraction and seed.
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
}
