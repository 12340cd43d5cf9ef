using System.Linq;
using NetGen.Generators.Emitting;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using NetGen.Generators.Rules;
using static NetGen.Generators.DiagnosticDescriptors;
using static NetGen.Generators.Emitting.MathText;

namespace NetGen.Generators.Layers
{
    /// <summary>
    /// [Activate(activation)]: an activation as its own layer, z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ and a⁽ˡ⁾ = σ(z⁽ˡ⁾), on a vector or a map of any
    /// shape. No parameters; its own computation is the identity, so ∂C/∂a⁽ˡ⁻¹⁾ = δ⁽ˡ⁾, and the driver applies σ and σ' as it
    /// does for every activation stage.
    /// </summary>
    internal sealed record ActivateLayer(ActivationSpec ActivationStage) : LayerSpec
    {
        public const string MetadataName = "NetGen.ActivateAttribute";

        public static ActivateLayer Parse(AttributeArguments arguments) => new(ActivationSpec.Parse(arguments, 0));

        public override string Kind => "Activate";

        public override ActivationSpec Activation => ActivationStage;

        public override bool Accepts(Activation activation) => true;

        /// <summary>One copy per value: small layers are unrolled like Dense ones, larger ones copy spans.</summary>
        public override long? UnrolledTerms(Shape input, Shape output) => output.Size;

        public override Shape? Check(LayerCheck check)
        {
            bool defined = ActivationStage.Check(check);
            if (defined && check.Below?.AppliedNonlinearity is string below)
                check.Report(ActivationAfterActivation, "activation", check.LayerName, check.NetworkName, ActivationStage.Label, below);
            if (defined && ActivationStage.Activation == NetGen.Activation.Softmax && check.Input is Shape input)
            {
                if (input.IsMap) check.Report(SoftmaxOnMap, "activation", check.LayerName, check.NetworkName);
                else if (input.Size == 1) check.Report(SoftmaxOfOneUnit, "activation", check.LayerName, check.NetworkName);
                else if (!check.IsOutput) check.Report(SoftmaxOnHiddenLayer, "activation", check.LayerName, check.NetworkName);
            }

            return check.Input is Shape shape ? OutputShape(shape) : null;
        }

        public override Shape OutputShape(Shape input) => input;

        public override bool ActsOnSteps => ActivationStage.Activation is not (NetGen.Activation.Softmax or NetGen.Activation.LogSoftmax);

        public override string Describe() => $"Activate {ActivationStage.Label}";

        public override void EmitForward(LayerEmission e)
        {
            var l = e.Plan;
            e.W.Comment($"z{Sup(l.Number)} = a{Sup(l.Number - 1)}: the layer is its activation alone.");
            if (l.UsesSpans && e.BelowInSpan) e.W.Line($"{e.BelowSpan}.CopyTo({l.Span('z')});");
            else
                for (int j = 0; j < l.Units; j++) e.W.Line($"{l.Define('z', j)} = {e.BelowRef(j)};");
        }

        public override string InputGradientText(LayerPlan plan) => $"δ{Sup(plan.Number)}";

        public override string? InputGradientTerm(LayerEmission e, int i) => e.Plan.Ref('d', i);

        public override void EmitInputGradient(LayerEmission e, string target, GradientSink? stepAlong)
        {
            var l = e.Plan;
            if (l.UsesSpans) e.W.Line($"{l.Span('d')}.CopyTo({target});");
            else
                for (int i = 0; i < l.Units; i++) e.W.Line($"{target}[{i}] = {InputGradientTerm(e, i)};");
        }

        public override void EmitBatchForward(BatchEmission e)
        {
            var l = e.Plan;
            e.W.Comment($"Z{Sup(l.Number)} = A{Sup(l.Number - 1)}: the layer is its activation alone.");
            e.W.Line($"{e.BelowMatrix}.CopyTo({l.Matrix('z')});");
        }

        public override void EmitBatchInputGradient(BatchEmission e, string target) => e.W.Line($"{e.Plan.Matrix('d')}.CopyTo({target});");
    }
}
