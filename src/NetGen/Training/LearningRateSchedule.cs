using System;

namespace NetGen
{
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
}
