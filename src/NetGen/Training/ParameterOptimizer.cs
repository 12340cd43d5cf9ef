using System;
using System.Runtime.CompilerServices;
using NetGen.GeneratedCode;

namespace NetGen
{
    /// <summary>
    /// An optimizer you can hold: the update rule of <see cref="TrainingOptions"/> (<see cref="Optimizer"/>: SGD, momentum,
    /// Adam and the torch.optim rules, with weight decay and gradient clipping) and its state (velocity, moments,
    /// accumulators, step sizes, the step count) for one network's parameters. <see cref="INetwork{T}.Train"/> steps with
    /// this same class, so a hand-written loop (for chained networks, a GAN, reinforcement learning) that sums gradients
    /// with <c>Backward</c> or <c>BackwardFromOutput</c> and calls
    /// <see cref="Step{T}(Span{T}, ReadOnlySpan{T}, double, double)"/> gives the same weights as <c>Train</c> with the same
    /// options. The state is allocated once here; a step allocates nothing.
    /// Not thread-safe: one optimizer per network, stepped from one thread at a time.
    /// </summary>
    public sealed class ParameterOptimizer
    {
        private readonly Optimizer _kind;
        private readonly double _learningRate, _momentum, _beta1, _beta2, _epsilon, _weightDecay, _clipNorm, _clipValue;
        private readonly double _alpha, _rho, _learningRateDecay, _initialAccumulator, _etaMinus, _etaPlus, _stepSizeMin, _stepSizeMax;
        private readonly bool _centered;

        // Per-parameter state; an array a rule does not use is empty.
        //                    _first                   _second                  _third
        //   Momentum,        velocity v
        //   Nesterov
        //   Adam, AdamW      first moment m           second moment v
        //   RMSprop          mean square s            velocity (momentum > 0)  mean gradient (centered)
        //   Adagrad          sum of squares s
        //   Adadelta         mean square s            mean squared update u
        //   Adamax           first moment m           infinity norm u
        //   Rprop            step size                previous gradient
        private readonly double[] _first, _second, _third;

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
            _alpha = options.Alpha;
            _centered = options.Centered;
            _rho = options.Rho;
            _learningRateDecay = options.LearningRateDecay;
            _initialAccumulator = options.InitialAccumulatorValue;
            _etaMinus = options.EtaMinus;
            _etaPlus = options.EtaPlus;
            _stepSizeMin = options.StepSizeMin;
            _stepSizeMax = options.StepSizeMax;
            ParameterCount = parameterCount;
            var (first, second, third) = StateArrays();
            _first = first ? new double[parameterCount] : Array.Empty<double>();
            _second = second ? new double[parameterCount] : Array.Empty<double>();
            _third = third ? new double[parameterCount] : Array.Empty<double>();
            ResetState();
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
        /// (L2) or, for AdamW, applied to θ directly; then the rule's update with step size <paramref name="learningRate"/>
        /// (for Rprop, the initial step size of every parameter, read at the first step after creation or
        /// <see cref="Reset"/>, as torch reads its lr when it creates the state; later steps adapt their own sizes).
        /// The arithmetic is in double whatever T is, in torch.optim's order of operations.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length is not <see cref="ParameterCount"/>, or the gradient holds a
        /// NaN or an infinity (no step is taken, the parameters are unchanged).</exception>
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
            if (_kind == Optimizer.Rprop && StepCount == 1) _first.AsSpan().Fill(learningRate);

            double beta1 = _beta1, beta2 = _beta2, epsilon = _epsilon;
            double firstCorrection = 1 - Math.Pow(beta1, StepCount), secondCorrection = 1 - Math.Pow(beta2, StepCount);
            double adagradRate = learningRate / (1 + (StepCount - 1) * _learningRateDecay);

            for (int i = 0; i < parameters.Length; i++)
            {
                double g = Arithmetic.ToDouble(gradientSum[i]) * scale;
                if (clip > 0) g = Math.Max(-clip, Math.Min(clip, g));
                double theta = Arithmetic.ToDouble(parameters[i]);
                if (_kind != Optimizer.AdamW) g += decay * theta; // L2 (Rprop's decay is 0)

                switch (_kind)
                {
                    case Optimizer.Sgd:
                        theta -= learningRate * g;
                        break;
                    case Optimizer.Momentum:
                        _first[i] = momentum * _first[i] + g;
                        theta -= learningRate * _first[i];
                        break;
                    case Optimizer.Nesterov:
                        _first[i] = momentum * _first[i] + g;
                        theta -= learningRate * (g + momentum * _first[i]);
                        break;
                    case Optimizer.Adam:
                    case Optimizer.AdamW:
                        if (_kind == Optimizer.AdamW) theta -= learningRate * decay * theta;
                        _first[i] = beta1 * _first[i] + (1 - beta1) * g;
                        _second[i] = beta2 * _second[i] + (1 - beta2) * g * g;
                        theta -= learningRate * (_first[i] / firstCorrection) / (Math.Sqrt(_second[i] / secondCorrection) + epsilon);
                        break;
                    case Optimizer.RMSprop:
                    {
                        _first[i] = _alpha * _first[i] + (1 - _alpha) * g * g;
                        double meanSquare = _first[i];
                        if (_centered)
                        {
                            _third[i] = _alpha * _third[i] + (1 - _alpha) * g;
                            meanSquare -= _third[i] * _third[i];
                        }
                        double root = Math.Sqrt(meanSquare) + epsilon;
                        if (momentum > 0)
                        {
                            _second[i] = momentum * _second[i] + g / root;
                            theta -= learningRate * _second[i];
                        }
                        else theta -= learningRate * (g / root);
                        break;
                    }
                    case Optimizer.Adagrad:
                        _first[i] += g * g;
                        theta -= adagradRate * (g / (Math.Sqrt(_first[i]) + epsilon));
                        break;
                    case Optimizer.Adadelta:
                    {
                        _first[i] = _rho * _first[i] + (1 - _rho) * g * g;
                        double update = Math.Sqrt(_second[i] + epsilon) / Math.Sqrt(_first[i] + epsilon) * g;
                        _second[i] = _rho * _second[i] + (1 - _rho) * update * update;
                        theta -= learningRate * update;
                        break;
                    }
                    case Optimizer.Adamax:
                        _first[i] = beta1 * _first[i] + (1 - beta1) * g;
                        _second[i] = Math.Max(beta2 * _second[i], Math.Abs(g) + epsilon);
                        theta -= learningRate / firstCorrection * (_first[i] / _second[i]);
                        break;
                    case Optimizer.Rprop:
                    {
                        // The sign of g·g_prev: same direction → grow the step, a flip → shrink it and skip this move
                        // (the flipped gradient is forgotten, so the next step counts as "no sign information").
                        double agreement = g * _second[i];
                        double factor = agreement > 0 ? _etaPlus : agreement < 0 ? _etaMinus : 1;
                        _first[i] = Math.Min(Math.Max(_first[i] * factor, _stepSizeMin), _stepSizeMax);
                        if (agreement < 0) g = 0;
                        theta -= Math.Sign(g) * _first[i];
                        _second[i] = g;
                        break;
                    }
                }

                parameters[i] = Arithmetic.FromDouble<T>(theta);
            }
        }

        /// <summary>Forgets the state (velocity, moments, accumulators, step sizes, step count), as if just created.</summary>
        public void Reset()
        {
            ResetState();
            StepCount = 0;
        }

        /// <summary>Which of the three state arrays the rule keeps (see the table at the fields).</summary>
        private (bool First, bool Second, bool Third) StateArrays() => _kind switch
        {
            Optimizer.Sgd => (false, false, false),
            Optimizer.Momentum or Optimizer.Nesterov or Optimizer.Adagrad => (true, false, false),
            Optimizer.RMSprop => (true, _momentum > 0, _centered),
            _ => (true, true, false),
        };

        /// <summary>The state of step 0: zeros, except Adagrad's sums, which start at the initial accumulator value.</summary>
        private void ResetState()
        {
            _first.AsSpan().Fill(_kind == Optimizer.Adagrad ? _initialAccumulator : 0);
            Array.Clear(_second, 0, _second.Length);
            Array.Clear(_third, 0, _third.Length);
        }

        /// <summary>The checks of every setting the optimizer reads; <c>Train</c> relies on them too.</summary>
        private static void Validate(TrainingOptions options)
        {
            static ArgumentOutOfRangeException Bad(object value, string rule) => new(nameof(options), value, "TrainingOptions." + rule);
            static bool Finite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);
            if (!Enum.IsDefined(typeof(Optimizer), options.Optimizer)) throw Bad(options.Optimizer, "Optimizer must be a defined value.");
            if (!(options.LearningRate > 0) || double.IsInfinity(options.LearningRate)) throw Bad(options.LearningRate, "LearningRate must be a positive finite number.");
            if (!(options.Momentum >= 0 && options.Momentum < 1)) throw Bad(options.Momentum, "Momentum must be in [0, 1).");
            if (!(options.Beta1 >= 0 && options.Beta1 < 1) || !(options.Beta2 >= 0 && options.Beta2 < 1)) throw Bad(options.Beta1, "Beta1 and Beta2 must be in [0, 1).");
            if (!(options.Epsilon > 0) || double.IsInfinity(options.Epsilon)) throw Bad(options.Epsilon, "Epsilon must be a positive finite number.");
            if (!(options.WeightDecay >= 0) || double.IsInfinity(options.WeightDecay)) throw Bad(options.WeightDecay, "WeightDecay must be zero or a positive finite number.");
            if (options.Optimizer == Optimizer.Rprop && options.WeightDecay != 0) throw Bad(options.WeightDecay, "WeightDecay must be 0 with Rprop, which has no weight decay (as in torch.optim).");
            if (!(options.GradientClipNorm >= 0) || !(options.GradientClipValue >= 0)) throw Bad(options.GradientClipNorm, "GradientClipNorm and GradientClipValue must be zero (off) or positive.");
            if (!(options.Alpha >= 0 && options.Alpha <= 1)) throw Bad(options.Alpha, "Alpha must be in [0, 1].");
            if (!(options.Rho >= 0 && options.Rho <= 1)) throw Bad(options.Rho, "Rho must be in [0, 1].");
            if (!(options.LearningRateDecay >= 0) || !Finite(options.LearningRateDecay)) throw Bad(options.LearningRateDecay, "LearningRateDecay must be zero or a positive finite number.");
            if (!(options.InitialAccumulatorValue >= 0) || !Finite(options.InitialAccumulatorValue)) throw Bad(options.InitialAccumulatorValue, "InitialAccumulatorValue must be zero or a positive finite number.");
            if (!(options.EtaMinus > 0 && options.EtaMinus < 1)) throw Bad(options.EtaMinus, "EtaMinus must be in (0, 1).");
            if (!(options.EtaPlus > 1) || double.IsInfinity(options.EtaPlus)) throw Bad(options.EtaPlus, "EtaPlus must be a finite number above 1.");
            if (!(options.StepSizeMin >= 0) || !(options.StepSizeMax >= options.StepSizeMin) || !(options.StepSizeMax > 0) || double.IsInfinity(options.StepSizeMax))
                throw Bad(options.StepSizeMin, "StepSizeMin and StepSizeMax must satisfy 0 ≤ StepSizeMin ≤ StepSizeMax, StepSizeMax positive and finite.");
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
