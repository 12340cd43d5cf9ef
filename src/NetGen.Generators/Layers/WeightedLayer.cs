using System.Collections.Immutable;
using NetGen.Generators.Rules;
using static NetGen.Generators.DiagnosticDescriptors;

namespace NetGen.Generators.Layers
{
    /// <summary>
    /// A layer with weights, a bias unless Bias = false, and an activation stage (Dense, Conv1D, Conv2D): what they declare
    /// alike and the rules they share (a defined Init, a BiasInit the network's precision can hold, the activation's own rules).
    /// </summary>
    internal abstract record WeightedLayer(ActivationSpec ActivationStage, WeightInit DeclaredInit, double DeclaredBiasInit, bool Bias) : LayerSpec
    {
        public override ActivationSpec Activation => ActivationStage;

        /// <summary>
        /// The weight (<paramref name="weightShape"/>, outermost the units or filters) drawn from the declared Init, Auto
        /// resolved for the activation, with the layer's fans; then, unless Bias = false, one bias per unit or filter, all
        /// BiasInit. A layer without a bias has no bias tensor at all, as PyTorch's <c>bias=False</c>.
        /// </summary>
        protected ImmutableArray<TensorSpec> WeightAndBias(string weightSymbol, int fanIn, int fanOut, params int[] weightShape)
        {
            var weight = TensorSpec.Weight(weightSymbol, ActivationStage.ResolveInit(DeclaredInit), fanIn, fanOut, weightShape);
            return Bias ? ImmutableArray.Create(weight, TensorSpec.Bias(weightShape[0], DeclaredBiasInit)) : ImmutableArray.Create(weight);
        }

        /// <summary>The bias tensor's span, or <c>default</c> (an empty span, which the runtime kernels read as no bias) without one.</summary>
        protected string BiasSpan(System.Func<int, string, string> tensor, string span = "p") => Bias ? tensor(1, span) : "default";

        /// <summary>" no bias" when the layer has none, for its architecture line (e.g. "Dense 4 no bias Tanh").</summary>
        protected string BiasText => Bias ? "" : " no bias";

        /// <summary>The shared rules; returns whether the activation is a defined value (its further rules are the kind's).</summary>
        protected bool CheckWeightsAndActivation(LayerCheck check)
        {
            if (!System.Enum.IsDefined(typeof(WeightInit), DeclaredInit))
                check.Report(UndefinedEnumValue, "Init", $"Init of {check.LayerName}", check.NetworkName, RuleFormat.Enum(DeclaredInit), nameof(WeightInit));
            if (check.ConstantProblem(DeclaredBiasInit) is string problem)
                check.Report(ParameterOutOfRange, "BiasInit", "BiasInit", RuleFormat.Number(DeclaredBiasInit), check.LayerName, check.NetworkName, problem);
            else if (!Bias && DeclaredBiasInit != 0)
                check.Report(BiasInitWithoutBias, "BiasInit", check.LayerName, check.NetworkName, RuleFormat.Number(DeclaredBiasInit));
            return ActivationStage.Check(check);
        }
    }
}
