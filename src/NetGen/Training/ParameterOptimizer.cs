using System;
using System.Runtime.CompilerServices;
using NetGen.GeneratedCode;

namespace NetGen
{
    /// <summary>
    /// An optimizer you can hold: the update rule of <see cref="TrainingOptions"/> (SGD, classical or Nesterov momentum,
    /// Adam, AdamW, with weight decay and gradient clipping) and its state (velocity, Adam's moments, the step count) for
    /// one network's parameters. <see cref="INetwork{T}.Train"/> steps with this same class, so a hand-written loop (for
    /// chained networks, a GAN, reinforcement learning) that sums gradients with <c>Backward</c> or
    /// <c>BackwardFromOutput</c> and calls <see cref="Step{T}(Span{T}, ReadOnlySpan{T}, double, double)"/> gives the same
    /// weights as <c>Train</c> with the same options. The state is allocated once here; a step allocates nothing.
    /// Not thread-safe: one optimizer per network, stepped from one thread at a time.
    /// </summary>
    public sealed class ParameterOptimizer
    {
        private readonly Optimizer _kind;
        private readonly double _learningRate, _momentum, _beta1, _beta2, _epsilon, _weightDecay, _clipNorm, _clipValue;
        private readonly double[] _first;   // velocity (momentum) or Adam's first moment
        private readonly double[] _second;  // Adam's second moment

        /// <summary>
        /// Creates an optimizer for <paramref name="parameterCount"/> parameters with the update rule and hyperparameters of
        /// <paramref name="options"/>, read once here (later changes to <paramref name="options"/> do not affect it).
        /// <see cref="TrainingOptions.LearningRate"/> is the rate of the overload without one; the schedule, epochs and batch
        /// settings are <c>Train</c>'s business and are not read.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A setting is out of range, or <paramref name="parameterCount"/> is negative.</exception>
        public ParameterOptimizer(TrainingOptions options, int parameterCount)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (parameterCount < 0) throw new ArgumentOutOfRangeException(nameof(parameterCount), parameterCount, "Must be zero or more.");
            Validate(options);
            _kind = options.Optimizer;
            _learningRate = options.LearningRate;
            _momentum = options.Momentum;
            _beta1 = options.Beta1;
            _beta2 = options.Beta2;
            _epsilon = options.Epsilon;
            _weightDecay = options.WeightDecay;
            _clipNorm = options.GradientClipNorm;
            _clipValue = options.GradientClipValue;
            ParameterCount = parameterCount;
            _first = _kind == Optimizer.Sgd ? Array.Empty<double>() : new double[parameterCount];
            _second = _kind is Optimizer.Adam or Optimizer.AdamW ? new double[parameterCount] : Array.Empty<double>();
        }

        /// <summary>The number of parameters it steps: the length both spans of a step must have.</summary>
        public int ParameterCount { get; }

        /// <summary>The update rule.</summary>
        public Optimizer Kind => _kind;

        /// <summary>The steps taken since creation or <see cref="Reset"/> (Adam's bias correction counts them).</summary>
        public int StepCount { get; private set; }

        /// <summary>
        /// One step with <see cref="TrainingOptions.LearningRate"/> as η; see
        /// <see cref="Step{T}(Span{T}, ReadOnlySpan{T}, double, double)"/>.
        /// </summary>
        public void Step<T>(Span<T> parameters, ReadOnlySpan<T> gradientSum, double gradientScale) where T : unmanaged =>
            Step(parameters, gradientSum, gradientScale, _learningRate);

        /// <summary>
        /// θ ← update(θ, g) with g = <paramref name="gradientSum"/> · <paramref name="gradientScale"/> (pass 1/B for the
        /// mean of a batch of B samples, as <c>Train</c> does): g is clipped by norm, then by value; weight decay is added
        /// (L2) or, for AdamW, applied to θ directly; then the rule's update with step size <paramref name="learningRate"/>.
        /// The arithmetic is in double whatever T is. A NaN in the gradient makes the parameters it reaches NaN (and, with
        /// clipping by norm, all of them): check the loss before stepping if the data can contain one.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length is not <see cref="ParameterCount"/>.</exception>
        [MethodImpl(HotPath.Optimized)]
        public void Step<T>(Span<T> parameters, ReadOnlySpan<T> gradientSum, double gradientScale, double learningRate) where T : unmanaged
        {
            Guard.Length(parameters, ParameterCount, nameof(parameters), nameof(ParameterCount));
            Guard.Length(gradientSum, ParameterCount, nameof(gradientSum), nameof(ParameterCount));
            Guard.LearningRate(learningRate);
            if (!(gradientScale > 0) || double.IsInfinity(gradientScale))
                throw new ArgumentOutOfRangeException(nameof(gradientScale), gradientScale, "The gradient scale must be a positive finite number (1/batch size for a mean).");
            // A step on a NaN or infinite gradient would corrupt every parameter it touches: refuse it, parameters unchanged.
            int nonFinite = Guard.IndexOfNonFinite(gradientSum);
            if (nonFinite >= 0)
                throw new ArgumentException(
                    $"gradientSum[{nonFinite}] is {Guard.Text(gradientSum[nonFinite])}; no step was taken and the parameters were not changed.", nameof(gradientSum));
            StepCount++;
            double scale = gradientScale * ClipNormFactor(gradientSum, gradientScale);
            double clip = _clipValue, decay = _weightDecay, momentum = _momentum;
            if (_kind == Optimizer.Sgd && decay == 0 && clip <= 0)
            {
                // Plain SGD, θ −= η·scale·Σg: one vectorised pass in the network's precision.
                NetMath.AddScaledCore(parameters, gradientSum, Arithmetic.FromDouble<T>(-learningRate * scale));
                return;
            }

            double beta1 = _beta1, beta2 = _beta2, epsilon = _epsilon;
            double firstCorrection = 1 - Math.Pow(beta1, StepCount), secondCorrection = 1 - Math.Pow(beta2, StepCount);

            for (int i = 0; i < parameters.Length; i++)
            {
                double g = Arithmetic.ToDouble(gradientSum[i]) * scale;
                if (clip > 0) g = Math.Max(-clip, Math.Min(clip, g));
                double theta = Arithmetic.ToDouble(parameters[i]);

                switch (_kind)
                {
                    case Optimizer.Sgd:
                        theta -= learningRate * (g + decay * theta);
                        break;
                    case Optimizer.Momentum:
                        _first[i] = momentum * _first[i] + g + decay * theta;
                        theta -= learningRate * _first[i];
                        break;
                    case Optimizer.Nesterov:
                        g += decay * theta;
                        _first[i] = momentum * _first[i] + g;
                        theta -= learningRate * (g + momentum * _first[i]);
                        break;
                    default: // Adam and AdamW
                        if (_kind == Optimizer.AdamW) theta -= learningRate * decay * theta;
                        else g += decay * theta;
                        _first[i] = beta1 * _first[i] + (1 - beta1) * g;
                        _second[i] = beta2 * _second[i] + (1 - beta2) * g * g;
                        theta -= learningRate * (_first[i] / firstCorrection) / (Math.Sqrt(_second[i] / secondCorrection) + epsilon);
                        break;
                }

                parameters[i] = Arithmetic.FromDouble<T>(theta);
            }
        }

        /// <summary>Forgets the state (velocity, moments, step count), as if just created.</summary>
        public void Reset()
        {
            Array.Clear(_first, 0, _first.Length);
            Array.Clear(_second, 0, _second.Length);
            StepCount = 0;
        }

        /// <summary>The checks of every setting the optimizer reads; <c>Train</c> relies on them too.</summary>
        private static void Validate(TrainingOptions options)
        {
            static ArgumentOutOfRangeException Bad(object value, string rule) => new(nameof(options), value, "TrainingOptions." + rule);
            if (!(options.LearningRate > 0) || double.IsInfinity(options.LearningRate)) throw Bad(options.LearningRate, "LearningRate must be a positive finite number.");
            if (!Enum.IsDefined(typeof(Optimizer), options.Optimizer)) throw Bad(options.Optimizer, "Optimizer must be a defined value.");
            if (!(options.Momentum >= 0 && options.Momentum < 1)) throw Bad(options.Momentum, "Momentum must be in [0, 1).");
            if (!(options.Beta1 >= 0 && options.Beta1 < 1) || !(options.Beta2 >= 0 && options.Beta2 < 1)) throw Bad(options.Beta1, "Beta1 and Beta2 must be in [0, 1).");
            if (!(options.Epsilon > 0)) throw Bad(options.Epsilon, "Epsilon must be positive.");
            if (!(options.WeightDecay >= 0)) throw Bad(options.WeightDecay, "WeightDecay must be zero or more.");
            if (!(options.GradientClipNorm >= 0) || !(options.GradientClipValue >= 0)) throw Bad(options.GradientClipNorm, "GradientClipNorm and GradientClipValue must be zero (off) or positive.");
        }

        /// <summary>1, or ‖g‖ₘₐₓ / ‖g‖ when the mean gradient is longer than <see cref="TrainingOptions.GradientClipNorm"/>.</summary>
        private double ClipNormFactor<T>(ReadOnlySpan<T> gradientSum, double gradientScale) where T : unmanaged
        {
            if (_clipNorm <= 0) return 1;
            double squares = 0;
            foreach (var value in gradientSum)
            {
                double g = Arithmetic.ToDouble(value) * gradientScale;
                squares += g * g;
            }
            double norm = Math.Sqrt(squares);
            return norm > _clipNorm ? _clipNorm / norm : 1;
        }
    }
}
