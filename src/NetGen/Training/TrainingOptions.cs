using System;
using System.Threading;

namespace NetGen
{
    /// <summary>
    /// Settings of <see cref="INetwork{T}.Train"/> and <see cref="ParameterOptimizer"/>. The defaults are plain minibatch
    /// SGD. <see cref="LearningRate"/>, <see cref="Momentum"/> and <see cref="Epsilon"/>, until set, read as the default
    /// of the chosen <see cref="Optimizer"/> (torch.optim's, for the rules taken from it).
    /// </summary>
    public sealed class TrainingOptions
    {
        // The settings whose default depends on Optimizer: null until set, read through OptimizerDefaults.
        private double? _learningRate, _momentum, _epsilon;

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

        /// <summary>
        /// The base step size η; <see cref="Schedule"/> varies it per epoch. Unset, it is torch.optim's default for
        /// <see cref="Optimizer"/>: 0.01 for RMSprop, Adagrad and Rprop (its initial step size), 1 for Adadelta, 0.002 for
        /// Adamax, and 0.1 for Sgd, Momentum, Nesterov, Adam and AdamW.
        /// </summary>
        public double LearningRate
        {
            get => _learningRate ?? OptimizerDefaults.LearningRate(Optimizer);
            set => _learningRate = value;
        }

        /// <summary>The learning rate per epoch (default <see cref="LearningRateSchedule.Constant"/>).</summary>
        public LearningRateSchedule Schedule { get; set; } = LearningRateSchedule.Constant;

        /// <summary>The update rule (default <see cref="NetGen.Optimizer.Sgd"/>).</summary>
        public Optimizer Optimizer { get; set; } = Optimizer.Sgd;

        /// <summary>
        /// μ of <see cref="NetGen.Optimizer.Momentum"/>, <see cref="NetGen.Optimizer.Nesterov"/> and
        /// <see cref="NetGen.Optimizer.RMSprop"/>. Unset: 0.9, and 0 for RMSprop (torch's default: no momentum).
        /// </summary>
        public double Momentum
        {
            get => _momentum ?? OptimizerDefaults.Momentum(Optimizer);
            set => _momentum = value;
        }

        /// <summary>β₁ of Adam, AdamW and Adamax (default 0.9).</summary>
        public double Beta1 { get; set; } = 0.9;

        /// <summary>β₂ of Adam, AdamW and Adamax (default 0.999).</summary>
        public double Beta2 { get; set; } = 0.999;

        /// <summary>
        /// ε, added to the denominator of Adam, AdamW, Adamax, RMSprop, Adagrad and Adadelta. Unset: torch's default,
        /// 1e-10 for Adagrad, 1e-6 for Adadelta, 1e-8 for the others.
        /// </summary>
        public double Epsilon
        {
            get => _epsilon ?? OptimizerDefaults.Epsilon(Optimizer);
            set => _epsilon = value;
        }

        /// <summary>
        /// Weight decay λ: L2 (λθ added to the gradient), decoupled for AdamW (default 0). Rprop has none (torch's has
        /// none either): it must stay 0 there.
        /// </summary>
        public double WeightDecay { get; set; }

        /// <summary>α of RMSprop, the decay of its running mean of g² (default 0.99).</summary>
        public double Alpha { get; set; } = 0.99;

        /// <summary>Whether RMSprop is centered: divides by the estimated variance of g rather than its mean square (default false).</summary>
        public bool Centered { get; set; }

        /// <summary>ρ of Adadelta, the decay of its running means (default 0.9).</summary>
        public double Rho { get; set; } = 0.9;

        /// <summary>Adagrad's learning-rate decay: step t uses η / (1 + (t − 1)·decay) (default 0).</summary>
        public double LearningRateDecay { get; set; }

        /// <summary>Where Adagrad's sum of squared gradients starts (default 0).</summary>
        public double InitialAccumulatorValue { get; set; }

        /// <summary>η₋ of Rprop, the factor of a step size when its gradient changes sign, in (0, 1) (default 0.5).</summary>
        public double EtaMinus { get; set; } = 0.5;

        /// <summary>η₊ of Rprop, the factor of a step size when its gradient keeps its sign, above 1 (default 1.2).</summary>
        public double EtaPlus { get; set; } = 1.2;

        /// <summary>The smallest step size Rprop takes (default 1e-6).</summary>
        public double StepSizeMin { get; set; } = 1e-6;

        /// <summary>The largest step size Rprop takes (default 50).</summary>
        public double StepSizeMax { get; set; } = 50;

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
