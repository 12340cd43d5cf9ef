using System.Collections.Immutable;
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
    /// [PReLU]: the parametric ReLU, as nn.PReLU: a⁽ˡ⁾ᵢ = a⁽ˡ⁻¹⁾ᵢ where a⁽ˡ⁻¹⁾ᵢ &gt; 0, else α⁽ˡ⁾[c] a⁽ˡ⁻¹⁾ᵢ, with one learnable slope
    /// (the tensor "weight", initially <see cref="InitialSlope"/>) for the layer, or with <see cref="PerChannel"/> one per
    /// channel of a map (c is i's channel) or per unit of a vector (c = i). Gradients as PyTorch's autograd takes them, also at
    /// the kink: ∂C/∂a⁽ˡ⁻¹⁾ᵢ = δ⁽ˡ⁾ᵢ where a⁽ˡ⁻¹⁾ᵢ &gt; 0, else α[c] δ⁽ˡ⁾ᵢ; ∂C/∂α[c] = Σ over c's values with a⁽ˡ⁻¹⁾ᵢ ≤ 0 of
    /// a⁽ˡ⁻¹⁾ᵢ δ⁽ˡ⁾ᵢ. No activation stage (its own computation is the non-linearity); the same in both modes.
    /// </summary>
    internal sealed record PReLULayer(bool PerChannel, double InitialSlope) : LayerSpec
    {
        public const string MetadataName = "NetGen.PReLUAttribute";

        /// <summary>nn.PReLU's default init.</summary>
        public const double DefaultInitialSlope = 0.25;

        public static PReLULayer Parse(AttributeArguments arguments) =>
            new(arguments.NamedBool(KnownNames.PerChannel) ?? false, arguments.NamedDouble(KnownNames.InitialSlope) ?? DefaultInitialSlope);

        public override string Kind => "PReLU";

        public override ActivationSpec? Activation => null;

        public override string? AppliedNonlinearity => Kind;

        public override bool Accepts(Activation activation) => false;

        /// <summary>
        /// One selection per value: a small vector is unrolled like an activation layer; a map always calls the kernels, whose
        /// blocks are its channels (unrolled, a map's slope gradient would be one long sum per channel).
        /// </summary>
        public override long? UnrolledTerms(Shape input, Shape output) => output.IsMap ? null : output.Size;

        public override Shape? Check(LayerCheck check)
        {
            if (check.ConstantProblem(InitialSlope) is string problem)
                check.Report(ParameterOutOfRange, KnownNames.InitialSlope, KnownNames.InitialSlope, RuleFormat.Number(InitialSlope), check.LayerName, check.NetworkName, problem);
            if (check.Below?.AppliedNonlinearity is string below)
                check.Report(ActivationAfterActivation, null, check.LayerName, check.NetworkName, Kind, below);
            return check.Input is Shape input ? OutputShape(input) : null;
        }

        public override Shape OutputShape(Shape input) => input;

        public override ImmutableArray<TensorSpec> Tensors(Shape input) =>
            ImmutableArray.Create(new TensorSpec("weight", new[] { Slopes(input) }.ToEquatableArray(), "α", new ConstantInit(InitialSlope)));

        public override string Describe() => PerChannel ? "PReLU per channel" : "PReLU";

        public override void EmitForward(LayerEmission e)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), below = $"a{Sup(l.Number - 1)}";
            e.W.Comment($"a{sup}ᵢ = {below}ᵢ where {below}ᵢ > 0, else α{sup}{SlopeIndexText(l.Input)} {below}ᵢ{SlopeIndexNote(l.Input)}.");
            if (l.IsLooped)
            {
                e.W.Line($"{RuntimeNames.NetMath}.PReLU({e.BelowSpan}, {e.Tensor(0)}, {l.Span('a')}, {ValuesPerSlope(l.Input)});");
                return;
            }

            for (int j = 0; j < l.Units; j++) e.W.Line($"{l.Define('a', j)} = {Select(e.BelowRef(j), e.BelowRef(j), e.Parameter(Slope(l, j)))};");
        }

        public override string InputGradientText(LayerPlan plan) =>
            $"δ{Sup(plan.Number)} where a{Sup(plan.Number - 1)} > 0, else α{Sup(plan.Number)}{SlopeIndexText(plan.Input)} δ{Sup(plan.Number)}";

        public override string? InputGradientTerm(LayerEmission e, int i) => Select(e.BelowRef(i), e.Plan.Ref('d', i), e.Parameter(Slope(e.Plan, i)));

        public override void EmitInputGradient(LayerEmission e, string target, GradientSink? stepAlong)
        {
            var l = e.Plan;
            if (l.IsLooped)
            {
                e.W.Line($"{RuntimeNames.NetMath}.PReLUBackward({e.BelowSpan}, {e.Tensor(0)}, {l.Span('d')}, {target}, {ValuesPerSlope(l.Input)});");
                return;
            }

            for (int i = 0; i < l.Units; i++) e.W.Line($"{target}[{i}] = {InputGradientTerm(e, i)};");
        }

        public override void EmitParameterGradient(LayerEmission e, GradientSink sink)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), below = $"a{Sup(l.Number - 1)}";
            string sum = $"Σ {below}ᵢ δ{sup}ᵢ over the {(PerChannel ? (l.Input.IsMap ? "channel's " : "unit's ") : "")}values with {below}ᵢ ≤ 0";
            e.W.Comment(sink == GradientSink.Accumulate
                ? $"∂C/∂α{sup}{SlopeIndexText(l.Input)} = {sum}, added into gradient."
                : $"Step on layer {l.Number}: α{sup}{SlopeIndexText(l.Input)} −= η {sum}.");

            string target = sink == GradientSink.Accumulate ? "gradient" : "p";
            if (l.IsLooped)
            {
                string scale = sink == GradientSink.Accumulate ? e.T.Literal(1) : "-learningRate";
                e.W.Line($"{RuntimeNames.NetMath}.AddPReLUSlopeGradient({e.BelowSpan}, {l.Span('d')}, {scale}, {e.Tensor(0, target)}, {ValuesPerSlope(l.Input)});");
                return;
            }

            int valuesPerSlope = ValuesPerSlope(l.Input);
            for (int c = 0; c < l.Tensors[0].Length; c++)
            {
                var terms = Enumerable.Range(c * valuesPerSlope, valuesPerSlope)
                    .Select(i => $"({e.BelowRef(i)} > 0 ? {e.T.Literal(0)} : {e.BelowRef(i)} * {l.Ref('d', i)})");
                string gradient = string.Join(" + ", terms);
                e.W.Line(sink == GradientSink.Accumulate
                    ? $"gradient[{l.Tensors[0].Offset + c}] += {gradient};"
                    : $"p[{l.Tensors[0].Offset + c}] -= learningRate * ({gradient});");
            }
        }

        public override void EmitBatchForward(BatchEmission e)
        {
            var l = e.Plan;
            e.W.Comment($"Row r of A{Sup(l.Number)} = PReLU of row r of A{Sup(l.Number - 1)} with the slopes α{Sup(l.Number)}.");
            e.ForEachRow($"{RuntimeNames.NetMath}.PReLU({BatchEmission.Row(e.BelowMatrix, l.FanIn)}, {e.Tensor(0)}, {BatchEmission.Row(l.Matrix('a'), l.Units)}, {ValuesPerSlope(l.Input)});");
        }

        public override void EmitBatchInputGradient(BatchEmission e, string target)
        {
            var l = e.Plan;
            e.ForEachRow($"{RuntimeNames.NetMath}.PReLUBackward({BatchEmission.Row(e.BelowMatrix, l.FanIn)}, {e.Tensor(0)}, {BatchEmission.Row(l.Matrix('d'), l.Units)}, " +
                $"{BatchEmission.Row(target, l.FanIn)}, {ValuesPerSlope(l.Input)});");
        }

        /// <summary>The slopes are few: one part, every sample's contribution added in sample order.</summary>
        public override int GradientParts(LayerPlan plan) => 1;

        public override void EmitBatchParameterGradient(BatchEmission e, string part)
        {
            var l = e.Plan;
            e.W.Comment($"∂C/∂α{Sup(l.Number)}: each sample's Σ a{Sup(l.Number - 1)}ᵢ δ{Sup(l.Number)}ᵢ over its values ≤ 0, added in sample order.");
            e.ForEachRow($"{RuntimeNames.NetMath}.AddPReLUSlopeGradient({BatchEmission.Row(e.BelowMatrix, l.FanIn)}, {BatchEmission.Row(l.Matrix('d'), l.Units)}, " +
                $"{e.T.Literal(1)}, {e.Tensor(0, "gradient")}, {ValuesPerSlope(l.Input)});");
        }

        /// <summary>The slopes: one per channel of a map or unit of a vector (a vector's channels are its units), else one.</summary>
        private int Slopes(Shape input) => PerChannel ? input.Channels : 1;

        /// <summary>How many consecutive values share a slope (the layout is C, H, W): H·W per channel, 1 per unit, or all.</summary>
        private int ValuesPerSlope(Shape input) => (int)(input.Size / Slopes(input));

        /// <summary>The offset in Parameters of value i's slope.</summary>
        private int Slope(LayerPlan l, int i) => l.Tensors[0].Offset + i / ValuesPerSlope(l.Input);

        private string SlopeIndexText(Shape input) => PerChannel ? "[c]" : "";

        private string SlopeIndexNote(Shape input) => !PerChannel ? ", one slope for the layer" : input.IsMap ? ", c the channel of i" : ", c = i (one slope per unit)";

        /// <summary>"x > 0 ? v : α * v": the selection of the forward pass (v = x) and of the input gradient (v = δ).</summary>
        private static string Select(string x, string value, string slope) => $"{x} > 0 ? {value} : {slope} * {value}";
    }
}
