namespace NetGen
{
    /// <summary>The outcome of a gradient check: how far the analytic gradient is from central differences.</summary>
    public readonly struct GradientCheckResult
    {
        /// <summary>Creates a result.</summary>
        public GradientCheckResult(double relativeError, int worstIndex, double worstAnalytic, double worstNumeric)
        {
            RelativeError = relativeError;
            WorstIndex = worstIndex;
            WorstAnalytic = worstAnalytic;
            WorstNumeric = worstNumeric;
        }

        /// <summary>‖g − n‖ / ‖g + n‖ (0 when both are zero). NetGen's own networks score below 1e-7 in double.</summary>
        public double RelativeError { get; }

        /// <summary>The index (parameter or input) where |g − n| is largest.</summary>
        public int WorstIndex { get; }

        /// <summary>The analytic derivative at <see cref="WorstIndex"/>.</summary>
        public double WorstAnalytic { get; }

        /// <summary>The numerical derivative at <see cref="WorstIndex"/>.</summary>
        public double WorstNumeric { get; }

        /// <inheritdoc/>
        public override string ToString() =>
            $"relative error {RelativeError:E3}; worst at [{WorstIndex}]: analytic {WorstAnalytic:R}, numeric {WorstNumeric:R}";
    }
}
