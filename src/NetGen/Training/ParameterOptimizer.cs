using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

        // Adam's and Adamax's bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ of the step being taken.
        private double _firstCorrection, _secondCorrection;

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
        // Each array holds whole vectors of the parameters' state (Update's lanes), the last one padded.
        private readonly Vector<double>[] _first, _second, _third;

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
            _first = first ? new Vector<double>[VectorCount(parameterCount)] : Array.Empty<Vector<double>>();
            _second = second ? new Vector<double>[VectorCount(parameterCount)] : Array.Empty<Vector<double>>();
            _third = third ? new Vector<double>[VectorCount(parameterCount)] : Array.Empty<Vector<double>>();
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
            double clip = _clipValue, decay = _weightDecay;
            if (_kind == Optimizer.Sgd && decay == 0 && clip <= 0)
            {
                // Plain SGD, θ −= η·scale·Σg: one vectorised pass in the network's precision.
                NetMath.AddScaledCore(parameters, gradientSum, Arithmetic.FromDouble<T>(-learningRate * scale));
                return;
            }
            if (_kind == Optimizer.Rprop && StepCount == 1) _first.AsSpan().Fill(new Vector<double>(learningRate));

            // The rule runs on a vector of Lanes parameters at a time, in double, in torch.optim's order of operations: every
            // operation is IEEE-rounded lane by lane (float widens to double exactly and narrows as a cast does), so the bits
            // are those of the same formula one parameter at a time. The last, partial vectors are padded with zeros in a
            // copy (the state arrays are padded too), which no parameter reads.
            var prelude = new Prelude(scale, clip, decay, addsDecay: _kind != Optimizer.AdamW);
            _firstCorrection = 1 - Math.Pow(_beta1, StepCount);
            _secondCorrection = 1 - Math.Pow(_beta2, StepCount);
            int whole = 0;
            if (typeof(T) == typeof(float))
            {
                var thetas = MemoryMarshal.Cast<T, Vector<float>>(parameters);
                var gradients = MemoryMarshal.Cast<T, Vector<float>>(gradientSum);
                for (int c = 0; c < thetas.Length; c++)
                {
                    Vector.Widen(thetas[c], out var low, out var high);
                    Vector.Widen(gradients[c], out var gradientLow, out var gradientHigh);
                    low = Update(low, prelude.Gradient(gradientLow, low), 2 * c, learningRate);
                    high = Update(high, prelude.Gradient(gradientHigh, high), 2 * c + 1, learningRate);
                    thetas[c] = Vector.Narrow(low, high);
                }
                whole = thetas.Length * Vector<float>.Count;
            }
            else if (typeof(T) == typeof(double))
            {
                var thetas = MemoryMarshal.Cast<T, Vector<double>>(parameters);
                var gradients = MemoryMarshal.Cast<T, Vector<double>>(gradientSum);
                for (int v = 0; v < thetas.Length; v++) thetas[v] = Update(thetas[v], prelude.Gradient(gradients[v], thetas[v]), v, learningRate);
                whole = thetas.Length * Lanes;
            }

            Span<double> theta = stackalloc double[Lanes], g = stackalloc double[Lanes];
            for (int start = whole; start < parameters.Length; start += Lanes)
            {
                int count = Math.Min(Lanes, parameters.Length - start);
                theta.Clear();
                g.Clear();
                for (int k = 0; k < count; k++)
                {
                    theta[k] = Arithmetic.ToDouble(parameters[start + k]);
                    g[k] = Arithmetic.ToDouble(gradientSum[start + k]);
                }
                var thetaVector = MemoryMarshal.Cast<double, Vector<double>>(theta)[0];
                MemoryMarshal.Cast<double, Vector<double>>(theta)[0] =
                    Update(thetaVector, prelude.Gradient(MemoryMarshal.Cast<double, Vector<double>>(g)[0], thetaVector), start / Lanes, learningRate);
                for (int k = 0; k < count; k++) parameters[start + k] = Arithmetic.FromDouble<T>(theta[k]);
            }
        }

        /// <summary>
        /// g of every rule from the gradient sum: scaled (the mean, and the norm clip), clipped by value, then the L2 decay
        /// added (not for AdamW, which decays θ itself; Rprop's decay is 0).
        /// </summary>
        private readonly struct Prelude
        {
            private readonly Vector<double> _scale, _clip, _negativeClip, _decay;
            private readonly bool _clips, _addsDecay;

            public Prelude(double scale, double clip, double decay, bool addsDecay)
            {
                _scale = new Vector<double>(scale);
                _clips = clip > 0;
                _addsDecay = addsDecay;
                _clip = new Vector<double>(clip);
                _negativeClip = new Vector<double>(-clip);
                _decay = new Vector<double>(decay);
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public Vector<double> Gradient(Vector<double> gradientSum, Vector<double> theta)
            {
                var g = gradientSum * _scale;
                // g is finite (the sum was checked), so the vector min and max are Math.Min's and Math.Max's.
                if (_clips) g = Vector.Max(_negativeClip, Vector.Min(_clip, g));
                return _addsDecay ? g + _decay * theta : g;
            }
        }

        /// <summary>The parameters each vector of the update rule holds (4 with AVX, 2 with 128-bit vectors).</summary>
        private static int Lanes => Vector<double>.Count;

        /// <summary>The state arrays' length for <paramref name="parameterCount"/> parameters: whole vectors.</summary>
        private static int VectorCount(int parameterCount) => (parameterCount + Lanes - 1) / Lanes;

        /// <summary>
        /// The rule on the parameters θ of vector <paramref name="v"/> with their (clipped, decayed) gradients g; updates the
        /// state there and returns the new θ. One formula per rule, as torch.optim writes it (see the table at the fields).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector<double> Update(Vector<double> theta, Vector<double> g, int v, double learningRate)
        {
            var lr = new Vector<double>(learningRate);
            switch (_kind)
            {
                case Optimizer.Sgd:
                    return theta - lr * g;
                case Optimizer.Momentum:
                    _first[v] = new Vector<double>(_momentum) * _first[v] + g;
                    return theta - lr * _first[v];
                case Optimizer.Nesterov:
                    _first[v] = new Vector<double>(_momentum) * _first[v] + g;
                    return theta - lr * (g + new Vector<double>(_momentum) * _first[v]);
                case Optimizer.Adam:
                case Optimizer.AdamW:
                {
                    if (_kind == Optimizer.AdamW) theta -= new Vector<double>(learningRate * _weightDecay) * theta;
                    _first[v] = new Vector<double>(_beta1) * _first[v] + new Vector<double>(1 - _beta1) * g;
                    _second[v] = new Vector<double>(_beta2) * _second[v] + new Vector<double>(1 - _beta2) * g * g;
                    return theta - lr * (_first[v] / new Vector<double>(_firstCorrection)) /
                        (Vector.SquareRoot(_second[v] / new Vector<double>(_secondCorrection)) + new Vector<double>(_epsilon));
                }
                case Optimizer.RMSprop:
                {
                    _first[v] = new Vector<double>(_alpha) * _first[v] + new Vector<double>(1 - _alpha) * g * g;
                    var meanSquare = _first[v];
                    if (_centered)
                    {
                        _third[v] = new Vector<double>(_alpha) * _third[v] + new Vector<double>(1 - _alpha) * g;
                        meanSquare -= _third[v] * _third[v];
                    }
                    var root = Vector.SquareRoot(meanSquare) + new Vector<double>(_epsilon);
                    if (!(_momentum > 0)) return theta - lr * (g / root);
                    _second[v] = new Vector<double>(_momentum) * _second[v] + g / root;
                    return theta - lr * _second[v];
                }
                case Optimizer.Adagrad:
                {
                    double rate = learningRate / (1 + (StepCount - 1) * _learningRateDecay);
                    _first[v] += g * g;
                    return theta - new Vector<double>(rate) * (g / (Vector.SquareRoot(_first[v]) + new Vector<double>(_epsilon)));
                }
                case Optimizer.Adadelta:
                {
                    var epsilon = new Vector<double>(_epsilon);
                    _first[v] = new Vector<double>(_rho) * _first[v] + new Vector<double>(1 - _rho) * g * g;
                    var update = Vector.SquareRoot(_second[v] + epsilon) / Vector.SquareRoot(_first[v] + epsilon) * g;
                    _second[v] = new Vector<double>(_rho) * _second[v] + new Vector<double>(1 - _rho) * update * update;
                    return theta - lr * update;
                }
                case Optimizer.Adamax:
                    // Both sides of the max are ≥ 0 and finite, so the vector max is Math.Max's.
                    _first[v] = new Vector<double>(_beta1) * _first[v] + new Vector<double>(1 - _beta1) * g;
                    _second[v] = Vector.Max(new Vector<double>(_beta2) * _second[v], Vector.Abs(g) + new Vector<double>(_epsilon));
                    return theta - new Vector<double>(learningRate / _firstCorrection) * (_first[v] / _second[v]);
                case Optimizer.Rprop:
                {
                    // The sign of g·g_prev: same direction → grow the step, a flip → shrink it and skip this move (the flipped
                    // gradient is forgotten, so the next step counts as "no sign information").
                    var agreement = g * _second[v];
                    var (grows, flips) = (Vector.GreaterThan(agreement, Vector<double>.Zero), Vector.LessThan(agreement, Vector<double>.Zero));
                    var factor = Vector.ConditionalSelect(grows, new Vector<double>(_etaPlus), Vector.ConditionalSelect(flips, new Vector<double>(_etaMinus), Vector<double>.One));
                    _first[v] = Vector.Min(Vector.Max(_first[v] * factor, new Vector<double>(_stepSizeMin)), new Vector<double>(_stepSizeMax));
                    g = Vector.ConditionalSelect(flips, Vector<double>.Zero, g);
                    var sign = Vector.ConditionalSelect(Vector.GreaterThan(g, Vector<double>.Zero), Vector<double>.One,
                        Vector.ConditionalSelect(Vector.LessThan(g, Vector<double>.Zero), -Vector<double>.One, Vector<double>.Zero));
                    _second[v] = g;
                    return theta - sign * _first[v];
                }
                default:
                    throw new InvalidOperationException($"No update rule for {_kind}.");
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
            _first.AsSpan().Fill(new Vector<double>(_kind == Optimizer.Adagrad ? _initialAccumulator : 0));
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
