using System;
using System.ComponentModel;

namespace NetGen.GeneratedCode
{
    /// <summary>The weight initialisers of docs/math.md. Generated constructors call these, tensor by tensor.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class ParameterInitializer
    {
        /// <summary>
        /// Fills <paramref name="tensor"/> with values drawn from <paramref name="init"/>'s distribution, in index order. Fan-in
        /// and fan-out are the tensor's as PyTorch computes them from a weight's shape: inputs and units of a Dense layer,
        /// C·k² and F·k² of a Conv2D. <paramref name="init"/> must already be resolved: <see cref="WeightInit.Auto"/> depends
        /// on the activation, which the generator knows and this method does not.
        /// </summary>
        public static void Draw(Span<float> tensor, int fanIn, int fanOut, WeightInit init, DeterministicRandom random) =>
            DrawCore(tensor, fanIn, fanOut, init, random);

        /// <inheritdoc cref="Draw(Span{float}, int, int, WeightInit, DeterministicRandom)"/>
        public static void Draw(Span<double> tensor, int fanIn, int fanOut, WeightInit init, DeterministicRandom random) =>
            DrawCore(tensor, fanIn, fanOut, init, random);

        /// <summary>
        /// Fills <paramref name="tensor"/> with values drawn from U(−<paramref name="bound"/>, <paramref name="bound"/>) in index
        /// order: PyTorch's default for every tensor of a recurrent layer of H units, bound = 1/√H.
        /// </summary>
        public static void Uniform(Span<float> tensor, double bound, DeterministicRandom random) => UniformCore(tensor, bound, random);

        /// <inheritdoc cref="Uniform(Span{float}, double, DeterministicRandom)"/>
        public static void Uniform(Span<double> tensor, double bound, DeterministicRandom random) => UniformCore(tensor, bound, random);

        private static void UniformCore<T>(Span<T> tensor, double bound, DeterministicRandom random) where T : unmanaged
        {
            if (random is null) throw new ArgumentNullException(nameof(random));
            for (int k = 0; k < tensor.Length; k++) tensor[k] = Arithmetic.FromDouble<T>(random.NextUniform(-bound, bound));
        }

        /// <summary>One weight drawn from the distribution of <paramref name="init"/>.</summary>
        internal static double SampleWeight(WeightInit init, int fanIn, int fanOut, DeterministicRandom random)
        {
            if (random is null) throw new ArgumentNullException(nameof(random));
            switch (init)
            {
                case WeightInit.Zeros: return 0;
                case WeightInit.Uniform01: return random.NextDouble();
                case WeightInit.UniformSymmetric: return random.NextUniform(-1, 1);
                case WeightInit.Xavier:
                    double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
                    return random.NextUniform(-limit, limit);
                case WeightInit.He: return random.NextNormal() * Math.Sqrt(2.0 / fanIn);
                case WeightInit.LeCun: return random.NextNormal() * Math.Sqrt(1.0 / fanIn);
                case WeightInit.Auto:
                    throw new ArgumentException("WeightInit.Auto depends on the activation; pass the scheme it resolves to.", nameof(init));
                default:
                    throw new ArgumentOutOfRangeException(nameof(init), init, "Not a defined WeightInit value.");
            }
        }

        private static void DrawCore<T>(Span<T> tensor, int fanIn, int fanOut, WeightInit init, DeterministicRandom random)
            where T : unmanaged
        {
            if (fanIn <= 0) throw new ArgumentOutOfRangeException(nameof(fanIn), fanIn, "Must be positive.");
            if (fanOut <= 0) throw new ArgumentOutOfRangeException(nameof(fanOut), fanOut, "Must be positive.");
            for (int k = 0; k < tensor.Length; k++) tensor[k] = Arithmetic.FromDouble<T>(SampleWeight(init, fanIn, fanOut, random));
        }
    }
}
