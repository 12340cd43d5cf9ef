using System;

namespace NetGen
{
    /// <summary>
    /// Compares a network's analytic gradients with central differences (C(θ+ε) − C(θ−ε)) / 2ε computed in double.
    /// The network's parameters are restored exactly afterwards.
    /// </summary>
    public static class GradientCheck
    {
        /// <summary>Checks ∂C/∂θ from <see cref="INetwork{T}.Backward(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>.</summary>
        public static GradientCheckResult Parameters<T>(INetwork<T> network, ReadOnlySpan<T> input, ReadOnlySpan<T> target, double epsilon = 1e-6)
            where T : unmanaged => CheckParameters(network, input, target, fromOutput: false, epsilon);

        /// <summary>Checks ∂C/∂x from <see cref="INetwork{T}.Backward(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T})"/>.</summary>
        public static GradientCheckResult Inputs<T>(INetwork<T> network, ReadOnlySpan<T> input, ReadOnlySpan<T> target, double epsilon = 1e-6)
            where T : unmanaged => CheckInputs(network, input, target, fromOutput: false, epsilon);

        /// <summary>
        /// Checks ∂C/∂θ from <see cref="INetwork{T}.BackwardFromOutput(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
        /// against central differences of the linear cost C = ⟨<paramref name="outputGradient"/>, Forward(input)⟩, whose
        /// output gradient is exactly <paramref name="outputGradient"/>.
        /// </summary>
        public static GradientCheckResult ParametersFromOutput<T>(INetwork<T> network, ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, double epsilon = 1e-6)
            where T : unmanaged => CheckParameters(network, input, outputGradient, fromOutput: true, epsilon);

        /// <summary>
        /// Checks ∂C/∂x from <see cref="INetwork{T}.BackwardFromOutput(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T})"/>
        /// against central differences of C = ⟨<paramref name="outputGradient"/>, Forward(input)⟩.
        /// </summary>
        public static GradientCheckResult InputsFromOutput<T>(INetwork<T> network, ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, double epsilon = 1e-6)
            where T : unmanaged => CheckInputs(network, input, outputGradient, fromOutput: true, epsilon);

        // targetOrGradient is the target of the loss, or with fromOutput the output gradient of the linear cost.
        private static GradientCheckResult CheckParameters<T>(INetwork<T> network, ReadOnlySpan<T> input, ReadOnlySpan<T> targetOrGradient, bool fromOutput, double epsilon)
            where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            var analytic = new T[network.ParameterCount];
            if (fromOutput) network.BackwardFromOutput(input, targetOrGradient, analytic);
            else network.Backward(input, targetOrGradient, analytic);

            var numeric = new double[analytic.Length];
            for (int i = 0; i < numeric.Length; i++)
            {
                T original = network.Parameters[i];
                numeric[i] = CentralDifference(network, input, targetOrGradient, fromOutput, ref network.Parameters[i], epsilon);
                network.Parameters[i] = original;
            }

            return Compare(analytic, numeric);
        }

        private static GradientCheckResult CheckInputs<T>(INetwork<T> network, ReadOnlySpan<T> input, ReadOnlySpan<T> targetOrGradient, bool fromOutput, double epsilon)
            where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            var analytic = new T[network.InputSize];
            if (fromOutput) network.BackwardFromOutput(input, targetOrGradient, new T[network.ParameterCount], analytic);
            else network.Backward(input, targetOrGradient, new T[network.ParameterCount], analytic);

            var perturbed = input.ToArray();
            var numeric = new double[analytic.Length];
            for (int i = 0; i < numeric.Length; i++)
            {
                numeric[i] = CentralDifference(network, perturbed, targetOrGradient, fromOutput, ref perturbed[i], epsilon);
                perturbed[i] = input[i];
            }

            return Compare(analytic, numeric);
        }

        /// <summary>Moves <paramref name="value"/> by ±ε and measures the cost; divides by the step actually taken after rounding to T.</summary>
        private static double CentralDifference<T>(INetwork<T> network, ReadOnlySpan<T> input, ReadOnlySpan<T> targetOrGradient, bool fromOutput, ref T value, double epsilon)
            where T : unmanaged
        {
            double original = Arithmetic.ToDouble(value);
            T plus = Arithmetic.FromDouble<T>(original + epsilon);
            T minus = Arithmetic.FromDouble<T>(original - epsilon);

            value = plus;
            double costPlus = Cost(network, input, targetOrGradient, fromOutput);
            value = minus;
            double costMinus = Cost(network, input, targetOrGradient, fromOutput);
            return (costPlus - costMinus) / (Arithmetic.ToDouble(plus) - Arithmetic.ToDouble(minus));
        }

        /// <summary>The loss, or with <paramref name="fromOutput"/> the linear cost ⟨g, Forward(input)⟩ in double.</summary>
        private static double Cost<T>(INetwork<T> network, ReadOnlySpan<T> input, ReadOnlySpan<T> targetOrGradient, bool fromOutput) where T : unmanaged
        {
            if (!fromOutput) return Arithmetic.ToDouble(network.ComputeLoss(input, targetOrGradient));
            var output = new T[network.OutputSize];
            network.Forward(input, output);
            double cost = 0;
            for (int k = 0; k < output.Length; k++) cost += Arithmetic.ToDouble(targetOrGradient[k]) * Arithmetic.ToDouble(output[k]);
            return cost;
        }

        private static GradientCheckResult Compare<T>(T[] analytic, double[] numeric) where T : unmanaged
        {
            double differenceSquared = 0, sumSquared = 0, worst = -1;
            int worstIndex = 0;
            for (int i = 0; i < numeric.Length; i++)
            {
                double g = Arithmetic.ToDouble(analytic[i]);
                double difference = g - numeric[i];
                differenceSquared += difference * difference;
                sumSquared += (g + numeric[i]) * (g + numeric[i]);
                if (Math.Abs(difference) > worst)
                {
                    worst = Math.Abs(difference);
                    worstIndex = i;
                }
            }

            double relative = sumSquared == 0 ? Math.Sqrt(differenceSquared) : Math.Sqrt(differenceSquared) / Math.Sqrt(sumSquared);
            return numeric.Length == 0
                ? new GradientCheckResult(0, -1, 0, 0)
                : new GradientCheckResult(relative, worstIndex, Arithmetic.ToDouble(analytic[worstIndex]), numeric[worstIndex]);
        }
    }
}
