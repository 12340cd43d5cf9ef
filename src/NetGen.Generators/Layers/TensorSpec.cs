using System.Linq;
using NetGen.Generators.Emitting;
using NetGen.Generators.Model;

namespace NetGen.Generators.Layers
{
    /// <summary>
    /// One named tensor of a layer, as a torch.nn.Module registers it: its state_dict name ("weight", "bias"), its shape
    /// (outermost dimension first), the symbol the generated comments give it (W, K, b) and the rule for its initial values.
    /// </summary>
    internal sealed record TensorSpec(string Name, EquatableArray<int> Shape, string Symbol, TensorInit Init)
    {
        public long Length => Shape.Aggregate(1L, (product, size) => product * size);

        /// <summary>A layer's weight: drawn from <paramref name="init"/> with the layer's fans.</summary>
        public static TensorSpec Weight(string symbol, WeightInit init, int fanIn, int fanOut, params int[] shape) =>
            new("weight", shape.ToEquatableArray(), symbol, new DrawnInit(init, fanIn, fanOut));

        /// <summary>A layer's bias: one value per unit or filter, all <paramref name="value"/>.</summary>
        public static TensorSpec Bias(int length, double value) => new("bias", new[] { length }.ToEquatableArray(), "b", new ConstantInit(value));
    }

    /// <summary>How a tensor gets its initial values; the generated constructor writes each rule in tensor order.</summary>
    internal abstract record TensorInit
    {
        /// <summary>The rule in the header's "init" column, e.g. "He" or "0".</summary>
        public abstract string Text { get; }

        /// <summary>The rule for the tensor written <paramref name="symbol"/>, in the constructor's comments: "W⁽²⁾ ~ He", "b⁽²⁾ = 0".</summary>
        public abstract string Describe(string symbol);

        /// <summary>Writes the statement that initialises <paramref name="slice"/> (the tensor's span) from <c>random</c>.</summary>
        public abstract string Statement(string slice, ScalarType t);
    }

    /// <summary>
    /// Values drawn from a scheme of docs/math.md in index order (Auto already resolved for the activation): the fans are the
    /// tensor's, as PyTorch computes them from a weight's shape.
    /// </summary>
    internal sealed record DrawnInit(WeightInit Scheme, int FanIn, int FanOut) : TensorInit
    {
        public override string Text => Scheme.ToString();

        public override string Describe(string symbol) => $"{symbol} ~ {Scheme}";

        public override string Statement(string slice, ScalarType t) =>
            $"{RuntimeNames.ParameterInitializer}.Draw({slice}, fanIn: {FanIn}, fanOut: {FanOut}, {RuntimeNames.WeightInit}.{Scheme}, random);";
    }

    /// <summary>PyTorch's default for every tensor of a recurrent layer of <paramref name="Units"/> units: U(−1/√H, 1/√H).</summary>
    internal sealed record UniformInit(int Units) : TensorInit
    {
        public override string Text => $"U(±1/√{Units})";

        public override string Describe(string symbol) => $"{symbol} ~ U(−1/√{Units}, 1/√{Units})";

        public override string Statement(string slice, ScalarType t) =>
            $"{RuntimeNames.ParameterInitializer}.Uniform({slice}, 1 / global::System.Math.Sqrt({Units}), random);";
    }

    /// <summary>Every value the same constant (a bias, BatchNorm's γ = 1 and β = 0).</summary>
    internal sealed record ConstantInit(double Value) : TensorInit
    {
        public override string Text => MathText.Number(Value);

        public override string Describe(string symbol) => $"{symbol} = {Text}";

        public override string Statement(string slice, ScalarType t) => $"{slice}.Fill({t.Literal(Value)});";
    }
}
