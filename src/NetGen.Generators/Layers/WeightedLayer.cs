using System.Collections.Immutable;
using NetGen.Generators.Rules;
using static NetGen.Generators.DiagnosticDescriptors;

namespace NetGen.Generators.Layers
{
    /// <summary>
    /// A layer with weights, a bias and an activation stage (Dense, Conv2D): what they declare alike and the rules they
    /// share (a defined Init, a BiasInit the network's precision can hold, the activation's own rules).
    /// </summary>
    internal abstract record WeightedLayer(ActivationSpec ActivationStage, WeightInit DeclaredInit, double DeclaredBiasInit) : LayerSpec
    {
        public override ActivationSpec Activation => ActivationStage;

        /// <summary>
        /// The weight (<paramref name="weightShape"/>, outermost the units or filters) drawn from the declared Init, Auto
        /// resolved for the activation, with the layer's fans; then one bias per unit or filter, all BiasInit.
        /// </summary>
        protected ImmutableArray<TensorSpec> WeightAndBias(string weightSymbol, int fanIn, int fanOut, params int[] weightShape) =>
            ImmutableArray.Create(
                TensorSpec.Weight(weightSymbol, ActivationStage.ResolveInit(DeclaredInit), fanIn, fanOut, weightShape),
                TensorSpec.Bias(weightShape[0], DeclaredBiasInit));

        /// <summary>The shared rules; returns whether the activation is a defined value (its further rules are the kind's).</summary>
        protected bool CheckWeightsAndActivation(LayerCheck check)
        {
            if (!System.Enum.IsDefined(typeof(WeightInit), DeclaredInit))
                check.Report(UndefinedEnumValue, "Init", $"Init of {check.LayerName}", check.NetworkName, RuleFormat.Enum(DeclaredInit), nameof(WeightInit));
            if (check.ConstantProblem(DeclaredBiasInit) is string problem)
                check.Report(ParameterOutOfRange, "BiasInit", "BiasInit", RuleFormat.Number(DeclaredBiasInit), check.LayerName, check.NetworkName, problem);
            return ActivationStage.Check(check);
        }
    }
}
