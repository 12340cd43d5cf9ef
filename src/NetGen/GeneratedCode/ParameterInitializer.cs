using System;
using System.ComponentModel;

namespace NetGen.GeneratedCode
{
    /// <summary>The weight initialisers of docs/math.md. Generated constructors call these, layer by layer.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class ParameterInitializer
    {
        /// <summary>
        /// Fills one layer's <paramref name="weights"/> (drawing from <paramref name="random"/> in index order) and sets every
        /// bias to <paramref name="biasInit"/>. Fan-in and fan-out are the layer's: inputs and units of a Dense layer,
        /// C·k² and F·k² of a Conv2D. <paramref name="init"/> must already be resolved: <see cref="WeightInit.Auto"/> depends
        /// on the activation, which the generator knows and this method does not.
        /// </summary>
        public static void InitializeLayer(Span<float> weights, Span<float> biases, int fanIn, int fanOut, WeightInit init, double biasInit, DeterministicRandom random) =>
            InitializeLayerCore(weights, biases, fanIn, fanOut, init, biasInit, random);

        /// <inheritdoc cref="InitializeLayer(Span{float}, Span{float}, int, int, WeightInit, double, DeterministicRandom)"/>
        public static void InitializeLayer(Span<double> weights, Span<double> biases, int fanIn, int fanOut, WeightInit init, double biasInit, DeterministicRandom random) =>
            InitializeLayerCore(weights, biases, fanIn, fanOut, init, biasInit, random);

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

        private static void InitializeLayerCore<T>(Span<T> weights, Span<T> biases, int fanIn, int fanOut, WeightInit init, double biasInit, DeterministicRandom random)
            where T : unmanaged
        {
            if (fanIn <= 0) throw new ArgumentOutOfRangeException(nameof(fanIn), fanIn, "Must be positive.");
            if (fanOut <= 0) throw new ArgumentOutOfRangeException(nameof(fanOut), fanOut, "Must be positive.");
            // An empty biases span is a layer without a bias (Bias = false).
            if (weights.Length == 0 || (biases.Length != 0 && weights.Length % biases.Length != 0))
                throw new ArgumentException(
                    $"weights has length {weights.Length} and biases {biases.Length}; every unit or filter has one bias and the same number of weights.", nameof(weights));

            for (int k = 0; k < weights.Length; k++) weights[k] = Arithmetic.FromDouble<T>(SampleWeight(init, fanIn, fanOut, random));
            biases.Fill(Arithmetic.FromDouble<T>(biasInit));
        }
    }
}
