using System;
using System.Buffers;

namespace NetGen
{
    /// <summary>
    /// Applies one optimizer step to a parameter span from a summed gradient: scale to the mean, clip, weight decay, update.
    /// State (velocity, Adam's moments) lives in buffers of ParameterCount doubles rented once per training run.
    /// </summary>
    internal sealed class ParameterUpdater : IDisposable
    {
        private readonly TrainingOptions _options;
        private readonly double[] _first;
        private readonly double[] _second;
        private int _steps;

        public ParameterUpdater(TrainingOptions options, int parameterCount)
        {
            _options = options;
            _first = ArrayPool<double>.Shared.Rent(parameterCount);
            _second = ArrayPool<double>.Shared.Rent(parameterCount);
            Array.Clear(_first, 0, parameterCount);
            Array.Clear(_second, 0, parameterCount);
        }

        /// <summary>θ ← update(θ, g) with g = <paramref name="gradientSum"/> · <paramref name="gradientScale"/> (the batch mean).</summary>
        public void Step<T>(Span<T> parameters, ReadOnlySpan<T> gradientSum, double gradientScale, double learningRate) where T : unmanaged
        {
            _steps++;
            double scale = gradientScale * ClipNormFactor(gradientSum, gradientScale);
            double clip = _options.GradientClipValue;
            double decay = _options.WeightDecay, momentum = _options.Momentum;
            if (_options.Optimizer == Optimizer.Sgd && decay == 0 && clip <= 0)
            {
                // Plain SGD, θ −= η·scale·Σg: one vectorised pass in the network's precision.
                NetMath.AddScaledCore(parameters, gradientSum, Arithmetic.FromDouble<T>(-learningRate * scale));
                return;
            }

            double beta1 = _options.Beta1, beta2 = _options.Beta2, epsilon = _options.Epsilon;
            double firstCorrection = 1 - Math.Pow(beta1, _steps), secondCorrection = 1 - Math.Pow(beta2, _steps);

            for (int i = 0; i < parameters.Length; i++)
            {
                double g = Arithmetic.ToDouble(gradientSum[i]) * scale;
                if (clip > 0) g = Math.Max(-clip, Math.Min(clip, g));
                double theta = Arithmetic.ToDouble(parameters[i]);

                switch (_options.Optimizer)
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
                        if (_options.Optimizer == Optimizer.AdamW) theta -= learningRate * decay * theta;
                        else g += decay * theta;
                        _first[i] = beta1 * _first[i] + (1 - beta1) * g;
                        _second[i] = beta2 * _second[i] + (1 - beta2) * g * g;
                        theta -= learningRate * (_first[i] / firstCorrection) / (Math.Sqrt(_second[i] / secondCorrection) + epsilon);
                        break;
                }

                parameters[i] = Arithmetic.FromDouble<T>(theta);
            }
        }

        public void Dispose()
        {
            ArrayPool<double>.Shared.Return(_first);
            ArrayPool<double>.Shared.Return(_second);
        }

        /// <summary>1, or ‖g‖ₘₐₓ / ‖g‖ when the mean gradient is longer than <see cref="TrainingOptions.GradientClipNorm"/>.</summary>
        private double ClipNormFactor<T>(ReadOnlySpan<T> gradientSum, double gradientScale) where T : unmanaged
        {
            if (_options.GradientClipNorm <= 0) return 1;
            double squares = 0;
            foreach (var value in gradientSum)
            {
                double g = Arithmetic.ToDouble(value) * gradientScale;
                squares += g * g;
            }
            double norm = Math.Sqrt(squares);
            return norm > _options.GradientClipNorm ? _options.GradientClipNorm / norm : 1;
        }
    }
}
