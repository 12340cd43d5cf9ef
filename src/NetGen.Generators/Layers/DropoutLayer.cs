using NetGen.Generators.Emitting;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using NetGen.Generators.Rules;
using static NetGen.Generators.DiagnosticDescriptors;
using static NetGen.Generators.Emitting.MathText;

namespace NetGen.Generators.Layers
{
    /// <summary>
    /// [Dropout(p)]: inverted dropout, as nn.Dropout. Training mode: a⁽ˡ⁾ = m⁽ˡ⁾ ⊙ a⁽ˡ⁻¹⁾ with mᵢ = 0 with probability p, else
    /// 1/(1 − p), drawn from the step's <see cref="RuntimeNames.TrainingNoise"/> by the sample's position and i, so the
    /// backward pass recomputes the mask: ∂C/∂a⁽ˡ⁻¹⁾ = m⁽ˡ⁾ ⊙ δ⁽ˡ⁾. Inference mode: the identity (m = 1). No parameters and no
    /// activation stage.
    /// </summary>
    internal sealed record DropoutLayer(double P) : LayerSpec
    {
        public const string MetadataName = "NetGen.DropoutAttribute";

        public static DropoutLayer Parse(AttributeArguments arguments) => new(arguments.Double(0) ?? 0);

        public override string Kind => "Dropout";

        public override ActivationSpec? Activation => null;

        public override bool Accepts(Activation activation) => false;

        public override bool UsesTrainingNoise => true;

        /// <summary>One copy or product per value, unrolled like an activation layer when small.</summary>
        public override long? UnrolledTerms(Shape input, Shape output) => output.Size;

        public override Shape? Check(LayerCheck check)
        {
            if (!(P >= 0 && P < 1))
                check.Report(ParameterOutOfRange, "p", "p", RuleFormat.Number(P), check.LayerName, check.NetworkName,
                    "the probability of dropping a value must be at least 0 and less than 1");
            return check.Input is Shape input ? OutputShape(input) : null;
        }

        public override Shape OutputShape(Shape input) => input;

        public override bool ActsOnSteps => true;

        public override string Describe() => $"Dropout {Number(P)}";

        public override void EmitForward(LayerEmission e)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), belowSup = Sup(l.Number - 1);
            if (e.Mode == PassMode.Inference)
            {
                e.W.Comment($"a{sup} = a{belowSup}: dropout is the identity in inference mode.");
                if (l.UsesSpans && e.BelowInSpan) e.W.Line($"{e.BelowSpan}.CopyTo({l.Span('a')});");
                else
                    for (int j = 0; j < l.Units; j++) e.W.Line($"{l.Define('a', j)} = {e.BelowRef(j)};");
                return;
            }

            e.W.Comment($"a{sup} = m{sup} ⊙ a{belowSup}, training mode: mᵢ = 0 with probability p = {Number(P)}, else 1/(1 − p) (inverted");
            e.W.Comment("dropout), drawn from this step's noise by the sample and i, so the backward pass draws the same mask.");
            if (l.UsesSpans && e.BelowInSpan) e.W.Line($"{RuntimeNames.TrainingNoise}.Dropout({e.BelowSpan}, {l.Span('a')}, {LayerStream(e.NoiseStream, l)}, {e.Sample}, {Probability}, {Scale(e.T)});");
            else
                for (int j = 0; j < l.Units; j++) e.W.Line($"{l.Define('a', j)} = {e.BelowRef(j)} * {Factor(e.T, LayerStream(e.NoiseStream, l), e.Sample, j.ToString(System.Globalization.CultureInfo.InvariantCulture))};");
        }

        public override string InputGradientText(LayerPlan plan) => $"m{Sup(plan.Number)} ⊙ δ{Sup(plan.Number)}";

        public override string? InputGradientTerm(LayerEmission e, int i) => e.Mode == PassMode.Inference
            ? e.Plan.Ref('d', i)
            : $"{e.Plan.Ref('d', i)} * {Factor(e.T, LayerStream(e.NoiseStream, e.Plan), e.Sample, i.ToString(System.Globalization.CultureInfo.InvariantCulture))}";

        public override void EmitInputGradient(LayerEmission e, string target, GradientSink? stepAlong)
        {
            var l = e.Plan;
            if (e.Mode == PassMode.Inference) e.W.Comment("In inference mode m = 1.");
            if (!l.UsesSpans)
                for (int i = 0; i < l.Units; i++) e.W.Line($"{target}[{i}] = {InputGradientTerm(e, i)};");
            else if (e.Mode == PassMode.Inference) e.W.Line($"{l.Span('d')}.CopyTo({target});");
            else e.W.Line($"{RuntimeNames.TrainingNoise}.Dropout({l.Span('d')}, {target}, {LayerStream(e.NoiseStream, l)}, {e.Sample}, {Probability}, {Scale(e.T)});");
        }

        public override void EmitBatchForward(BatchEmission e)
        {
            var l = e.Plan;
            if (e.Mode == PassMode.Inference)
            {
                e.W.Comment($"A{Sup(l.Number)} = A{Sup(l.Number - 1)}: dropout is the identity in inference mode.");
                e.W.Line($"{e.BelowMatrix}.CopyTo({l.Matrix('a')});");
                return;
            }

            e.W.Comment($"Row r of A{Sup(l.Number)} = m ⊙ (row r of A{Sup(l.Number - 1)}), sample r's mask keyed by its position in the batch.");
            e.ForEachRow($"{RuntimeNames.TrainingNoise}.Dropout({BatchEmission.Row(e.BelowMatrix, l.FanIn)}, {BatchEmission.Row(l.Matrix('a'), l.Units)}, " +
                $"{LayerStream(e.NoiseStream, l)}, {e.Sample}, {Probability}, {Scale(e.T)});");
        }

        public override void EmitBatchInputGradient(BatchEmission e, string target)
        {
            var l = e.Plan;
            e.ForEachRow($"{RuntimeNames.TrainingNoise}.Dropout({BatchEmission.Row(l.Matrix('d'), l.Units)}, {BatchEmission.Row(target, l.FanIn)}, " +
                $"{LayerStream(e.NoiseStream, l)}, {e.Sample}, {Probability}, {Scale(e.T)});");
        }

        /// <summary>This layer's stream of the step's noise, so that each dropout layer draws its own masks.</summary>
        private static string LayerStream(string noise, LayerPlan l) => $"{RuntimeNames.TrainingNoise}.ForLayer({noise}, {l.Number})";

        private string Probability => ScalarType.Double.Literal(P);

        /// <summary>1/(1 − p), the factor of the values dropout keeps.</summary>
        private string Scale(ScalarType t) => t.Literal(1 / (1 - P));

        private string Factor(ScalarType t, string noise, string sample, string index) =>
            $"{RuntimeNames.TrainingNoise}.DropoutFactor({noise}, {sample}, {index}, {Probability}, {Scale(t)})";
    }
}
