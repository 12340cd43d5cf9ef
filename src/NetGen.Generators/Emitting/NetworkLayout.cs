using System.Collections.Immutable;
using NetGen.Generators.Model;
using NetGen.Generators.Rules;

namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// A valid spec with everything the emitter derives from it worked out once: offsets into Parameters, resolved
    /// activation parameters and initialisers, and the unroll-or-loop decision for each layer.
    /// </summary>
    internal sealed class NetworkLayout
    {
        /// <summary>
        /// The one place that decides between unrolled and looped code. A layer of up to this many weights is fully
        /// unrolled (every neuron's z and a are named locals); wider layers loop over rows with vectorised dot products.
        /// Measured with BenchmarkDotNet (docs/benchmarks-frozen.md, net M = 16 → 32 → 32 → 4): Forward took 2.39 µs with
        /// layers of up to 1,024 weights unrolled, 0.45 µs with up to 256, 0.42 µs with up to 32 or 16. Long unrolled sums
        /// are serial chains of additions and large methods cost JIT time; tiny layers stay unrolled and readable.
        /// </summary>
        public const int UnrollWeightLimit = 32;

        private NetworkLayout(NetworkSpec spec, ImmutableArray<LayerPlan> layers, BufferStrategy buffer, EquatableArray<double>? bakedWeights, bool constantSpans)
        {
            Spec = spec;
            Layers = layers;
            Buffer = buffer;
            BakedWeights = bakedWeights;
            ConstantSpans = constantSpans;
            Scalar = ScalarType.Of(spec.Precision);
        }

        public NetworkSpec Spec { get; }

        public ImmutableArray<LayerPlan> Layers { get; }

        public ScalarType Scalar { get; }

        /// <summary>Where the parameters live (irrelevant when <see cref="Frozen"/>).</summary>
        public BufferStrategy Buffer { get; }

        /// <summary>The parameters of the Weights file, compiled into the class; null without one.</summary>
        public EquatableArray<double>? BakedWeights { get; }

        /// <summary>Whether the weights are constants in the code: no parameter memory, inference only.</summary>
        public bool Frozen => Spec.Frozen && BakedWeights is not null;

        /// <summary>Whether baked weights can be a ReadOnlySpan over the data section (else a static array).</summary>
        public bool ConstantSpans { get; }

        public Loss Loss => Spec.Loss!.Value;

        public int InputSize => Spec.InputSizes[0];

        public int OutputSize => Output.Units;

        public int ParameterCount => Output.BiasOffset + Output.Units;

        public LayerPlan Output => Layers[Layers.Length - 1];

        /// <summary>Whether a⁽¹⁾ is read straight from the input span (the first layer loops) or copied into named locals.</summary>
        public bool InputInSpan => Layers[0].IsLooped;

        public static NetworkLayout Create(NetworkInput input)
        {
            var (spec, facts, weights) = (input.Spec, input.Facts, input.Weights);
            var layers = ImmutableArray.CreateBuilder<LayerPlan>(spec.Layers.Count);
            int fanIn = spec.InputSizes[0], offset = 0;
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                var layer = spec.Layers[i];
                bool isLooped = (long)fanIn * layer.Units > UnrollWeightLimit;
                bool nextIsLooped = i + 1 < spec.Layers.Count && (long)layer.Units * spec.Layers[i + 1].Units > UnrollWeightLimit;
                layers.Add(new LayerPlan(
                    number: i + 2,
                    fanIn: fanIn,
                    units: layer.Units,
                    weightOffset: offset,
                    activation: layer.Activation,
                    parameter: ActivationMath.ResolvedParameter(layer),
                    init: ActivationMath.ResolveInit(layer),
                    biasInit: layer.BiasInit,
                    isLooped: isLooped,
                    usesSpans: isLooped || nextIsLooped,
                    isOutput: i == spec.Layers.Count - 1));
                offset += layer.Units * (fanIn + 1);
                fanIn = layer.Units;
            }

            return new NetworkLayout(spec, layers.MoveToImmutable(), facts.ChooseBuffer(NetworkRules.ParameterBytes(spec)),
                weights is { Status: WeightsStatus.Loaded } ? weights.Values : null, facts.SupportsConstantSpans);
        }
    }

    /// <summary>One dense layer l (docs/math.md numbering: the input is layer 1) and where its values live.</summary>
    internal sealed class LayerPlan
    {
        public LayerPlan(int number, int fanIn, int units, int weightOffset, Activation activation, double parameter,
            WeightInit init, double biasInit, bool isLooped, bool usesSpans, bool isOutput)
        {
            Number = number;
            FanIn = fanIn;
            Units = units;
            WeightOffset = weightOffset;
            Activation = activation;
            Parameter = parameter;
            Init = init;
            BiasInit = biasInit;
            IsLooped = isLooped;
            UsesSpans = usesSpans;
            IsOutput = isOutput;
        }

        public int Number { get; }
        public int FanIn { get; }
        public int Units { get; }
        public int WeightOffset { get; }
        public int BiasOffset => WeightOffset + Units * FanIn;
        public int ParameterCount => Units * (FanIn + 1);
        public Activation Activation { get; }

        /// <summary>The activation's parameter after defaults (slope, threshold or α); 0 when it has none.</summary>
        public double Parameter { get; }

        public WeightInit Init { get; }
        public double BiasInit { get; }

        /// <summary>Whether the layer's arithmetic is a loop over rows rather than unrolled statements.</summary>
        public bool IsLooped { get; }

        /// <summary>Whether z, a and δ live in stackalloc'd spans (needed when this layer or the next one loops).</summary>
        public bool UsesSpans { get; }

        public bool IsOutput { get; }

        public bool IsSoftmax => Activation == Activation.Softmax;

        /// <summary>The offset of W⁽ˡ⁾[j, i] in Parameters.</summary>
        public int Weight(int j, int i) => WeightOffset + j * FanIn + i;

        /// <summary>A quantity (z, a, d for δ, g for ∂C/∂a) of neuron <paramref name="index"/>: a local or a span element.</summary>
        public string Ref(char quantity, int index) => UsesSpans ? $"{quantity}{Number}[{index}]" : $"{quantity}{Number}_{index}";

        /// <summary>A quantity at a loop index such as "j" (span storage only).</summary>
        public string Ref(char quantity, string index) => $"{quantity}{Number}[{index}]";

        /// <summary>The left-hand side that defines a quantity: "var z2_0" or "z2[0]".</summary>
        public string Define(char quantity, int index) => UsesSpans ? Ref(quantity, index) : "var " + Ref(quantity, index);

        /// <summary>The span holding a quantity.</summary>
        public string Span(char quantity) => $"{quantity}{Number}";
    }
}
