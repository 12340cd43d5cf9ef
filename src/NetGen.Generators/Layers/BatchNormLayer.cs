using System.Collections.Immutable;
using NetGen.Generators.Emitting;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using NetGen.Generators.Rules;
using static NetGen.Generators.DiagnosticDescriptors;
using static NetGen.Generators.Emitting.MathText;

namespace NetGen.Generators.Layers
{
    /// <summary>
    /// [BatchNorm(activation)]: nn.BatchNorm1d/2d, one statistic per channel (per unit on a vector), z = γ ⊙ x̂ + β with
    /// x̂ = (x − μ)/√(σ² + ε), then the activation stage. Inference mode reads the running statistics (buffers); the batched
    /// training pass uses the batch's own, which it computes over the whole batch between two stages of its tiles
    /// (<see cref="LayerSpec.BatchStatisticsLength"/>), backpropagates through them and folds into the running ones.
    /// </summary>
    internal sealed record BatchNormLayer(ActivationSpec ActivationStage, double Momentum, double Epsilon, bool Affine) : LayerSpec
    {
        public const string MetadataName = "NetGen.BatchNormAttribute";

        public static BatchNormLayer Parse(AttributeArguments arguments) => new(
            ActivationSpec.Parse(arguments, 0),
            arguments.NamedDouble(KnownNames.Momentum) ?? BatchNormDefaults.Momentum,
            arguments.NamedDouble(KnownNames.Epsilon) ?? BatchNormDefaults.Epsilon,
            arguments.NamedBool(KnownNames.Affine) ?? true);

        public override string Kind => "BatchNorm";

        public override ActivationSpec Activation => ActivationStage;

        public override bool Accepts(Activation activation) => activation is not (NetGen.Activation.Softmax or NetGen.Activation.LogSoftmax);

        public override Shape? Check(LayerCheck check)
        {
            if (!(Momentum >= 0 && Momentum <= 1))
                check.Report(ParameterOutOfRange, KnownNames.Momentum, KnownNames.Momentum, RuleFormat.Number(Momentum), check.LayerName, check.NetworkName,
                    "the running statistics' momentum must be between 0 and 1");
            if (!(Epsilon > 0) || check.ConstantProblem(Epsilon) is not null)
                check.Report(ParameterOutOfRange, KnownNames.Epsilon, KnownNames.Epsilon, RuleFormat.Number(Epsilon), check.LayerName, check.NetworkName,
                    "ε must be a positive number the network's precision can hold");
            if (check.Index == 0) check.Report(BatchNormFirst, null, check.LayerName, check.NetworkName);
            else if (check.Below is BatchNormLayer) check.Report(BatchNormAfterBatchNorm, null, check.LayerName, check.NetworkName);
            bool defined = ActivationStage.Check(check);
            if (defined && !Accepts(ActivationStage.Activation))
                check.Report(SoftmaxOnHiddenLayer, "activation", check.LayerName, check.NetworkName);
            return check.Input is Shape input ? OutputShape(input) : null;
        }

        public override Shape OutputShape(Shape input) => input;

        /// <summary>γ (weight) = 1, then β (bias) = 0, one per channel; none without Affine.</summary>
        public override ImmutableArray<TensorSpec> Tensors(Shape input) => Affine
            ? ImmutableArray.Create(
                new TensorSpec("weight", new[] { input.Channels }.ToEquatableArray(), "γ", new ConstantInit(1)),
                new TensorSpec("bias", new[] { input.Channels }.ToEquatableArray(), "β", new ConstantInit(0)))
            : ImmutableArray<TensorSpec>.Empty;

        /// <summary>PyTorch's buffers, with its keys: the running mean (0) and variance (1), and the count of training batches.</summary>
        public override ImmutableArray<TensorSpec> Buffers(Shape input) => ImmutableArray.Create(
            new TensorSpec("running_mean", new[] { input.Channels }.ToEquatableArray(), "μ̄", new ConstantInit(0)),
            new TensorSpec("running_var", new[] { input.Channels }.ToEquatableArray(), "σ̄²", new ConstantInit(1)),
            new TensorSpec("num_batches_tracked", new[] { 1 }.ToEquatableArray(), "n", new ConstantInit(0)));

        /// <summary>The batch's μ and 1/√(σ² + ε), then Σ δ and Σ δ ⊙ x̂, one each per channel.</summary>
        public override int BatchStatisticsLength(Shape input) => 4 * input.Channels;

        public override string Describe() =>
            "BatchNorm" + (Momentum != BatchNormDefaults.Momentum ? $" m={Number(Momentum)}" : "") + (Epsilon != BatchNormDefaults.Epsilon ? $" ε={Number(Epsilon)}" : "") +
            (Affine ? "" : " no-affine") + " " + ActivationStage.Label;

        public override void EmitForward(LayerEmission e)
        {
            var l = e.Plan;
            e.W.Comment($"z{Sup(l.Number)} = {Normalised(l)} per channel, with the running statistics (inference mode, as every one-sample pass).");
            e.W.Line($"{RuntimeNames.BatchNormMath}.Normalize({e.BelowSpan}, {l.Span('z')}, {e.Buffer(0)}, {e.Buffer(1)}, {Gamma(e.Tensor)}, {Beta(e.Tensor)}, " +
                $"{ScalarType.Double.Literal(Epsilon)}, positions: {Positions(l)});");
        }

        public override string InputGradientText(LayerPlan plan) =>
            (Affine ? $"γ{Sup(plan.Number)} ⊙ " : "") + $"δ{Sup(plan.Number)} / √(σ̄²{Sup(plan.Number)} + ε)";

        public override void EmitInputGradient(LayerEmission e, string target, GradientSink? stepAlong) =>
            e.W.Line($"{RuntimeNames.BatchNormMath}.InputGradient({e.Plan.Span('d')}, {target}, {e.Buffer(1)}, {Gamma(e.Tensor)}, {ScalarType.Double.Literal(Epsilon)}, positions: {Positions(e.Plan)});");

        public override void EmitParameterGradient(LayerEmission e, GradientSink sink)
        {
            if (!Affine) return;
            var l = e.Plan;
            string sup = Sup(l.Number);
            e.W.Comment(sink == GradientSink.Accumulate
                ? $"∂C/∂γ{sup} = Σ δ{sup} ⊙ x̂ and ∂C/∂β{sup} = Σ δ{sup} over each channel's positions, x̂ = (a{Sup(l.Number - 1)} − μ̄)/√(σ̄² + ε), added into gradient."
                : $"Step on layer {l.Number}: γ{sup} −= η Σ δ{sup} ⊙ x̂ and β{sup} −= η Σ δ{sup} over each channel's positions.");
            string target = sink == GradientSink.Accumulate ? "gradient" : "p";
            string scale = sink == GradientSink.Accumulate ? e.T.Literal(1) : "-learningRate";
            e.W.Line($"{RuntimeNames.BatchNormMath}.AddParameterGradient({e.BelowSpan}, {l.Span('d')}, {e.Buffer(0)}, {e.Buffer(1)}, {ScalarType.Double.Literal(Epsilon)}, " +
                $"positions: {Positions(l)}, {scale}, {e.Tensor(0, target)}, {e.Tensor(1, target)});");
        }

        public override void EmitBatchForward(BatchEmission e)
        {
            var l = e.Plan;
            string sup = Sup(l.Number);
            if (e.Mode == PassMode.Inference)
            {
                e.W.Comment($"Z{sup} = {Normalised(l)} per channel of every row, with the running statistics (inference mode).");
                e.W.Line($"{RuntimeNames.BatchNormMath}.Normalize({e.BelowMatrix}, {l.Matrix('z')}, {e.Buffer(0)}, {e.Buffer(1)}, {Gamma(e.Tensor)}, {Beta(e.Tensor)}, " +
                    $"{ScalarType.Double.Literal(Epsilon)}, positions: {Positions(l)});");
                return;
            }

            e.W.Comment($"Z{sup} = {(Affine ? "γ ⊙ x̂ + β" : "x̂")} per channel of every row, x̂ = (x − μ)/√(σ² + ε) with the whole batch's μ and σ² (training mode).");
            e.W.Line($"{RuntimeNames.BatchNormMath}.NormalizeWithBatch({e.BelowMatrix}, {l.Matrix('z')}, {e.Statistics(0, 2 * l.Input.Channels)}, {Gamma(e.Tensor)}, {Beta(e.Tensor)}, positions: {Positions(l)});");
        }

        public override void EmitBatchStatistics(BatchEmission e)
        {
            var l = e.Plan;
            e.W.Comment($"Layer {l.Number} (BatchNorm): μ and 1/√(σ² + ε) of each channel over the whole batch (σ² biased), and the running");
            e.W.Comment($"statistics updated with momentum m = {Number(Momentum)} and the unbiased variance, as PyTorch's train() forward does.");
            e.W.Line($"{RuntimeNames.BatchNormMath}.BatchStatistics({e.BelowMatrix}, {e.Statistics(0, 2 * l.Input.Channels)}, {e.Buffer(0)}, {e.Buffer(1)}, {e.Buffer(2)}, " +
                $"momentum: {ScalarType.Double.Literal(Momentum)}, epsilon: {ScalarType.Double.Literal(Epsilon)}, positions: {Positions(l)}, layer: {l.Number});");
        }

        public override void EmitBatchDeltaStatistics(BatchEmission e)
        {
            var l = e.Plan;
            e.W.Comment($"Layer {l.Number} (BatchNorm): Σ δ and Σ δ ⊙ x̂ of each channel over the whole batch, which every sample's input gradient needs.");
            e.W.Line($"{RuntimeNames.BatchNormMath}.DeltaSums({e.BelowMatrix}, {l.Matrix('d')}, {e.Statistics(0, 2 * l.Input.Channels)}, {e.Statistics(2 * l.Input.Channels, 2 * l.Input.Channels)}, positions: {Positions(l)});");
        }

        public override void EmitBatchInputGradient(BatchEmission e, string target)
        {
            var l = e.Plan;
            int channels = l.Input.Channels;
            e.W.Comment($"Row r = {(Affine ? "γ" : "1")}/√(σ² + ε) ⊙ (δ − Σδ/N − x̂ ⊙ Σ(δ ⊙ x̂)/N) of sample r: the gradient through the batch's statistics, N values per channel.");
            e.W.Line($"{RuntimeNames.BatchNormMath}.BatchInputGradient({e.BelowMatrix}, {l.Matrix('d')}, {target}, count, {e.Statistics(0, 2 * channels)}, " +
                $"{e.Statistics(2 * channels, 2 * channels)}, {Gamma(e.Tensor)}, positions: {Positions(l)});");
        }

        public override int GradientParts(LayerPlan plan) => Affine ? 1 : 0;

        public override void EmitBatchParameterGradient(BatchEmission e, string part)
        {
            var l = e.Plan;
            int channels = l.Input.Channels;
            e.W.Comment($"∂C/∂γ{Sup(l.Number)} = Σ δ ⊙ x̂ and ∂C/∂β{Sup(l.Number)} = Σ δ over the batch: the sums its input gradient used.");
            e.W.Line($"{RuntimeNames.BatchNormMath}.AddBatchParameterGradient({e.Statistics(2 * channels, 2 * channels)}, {e.Tensor(0, "gradient")}, {e.Tensor(1, "gradient")});");
        }

        private string Normalised(LayerPlan l) =>
            Affine ? $"γ{Sup(l.Number)} ⊙ (a{Sup(l.Number - 1)} − μ̄)/√(σ̄² + ε) + β{Sup(l.Number)}" : $"(a{Sup(l.Number - 1)} − μ̄)/√(σ̄² + ε)";

        private string Gamma(System.Func<int, string, string> tensor) => Affine ? tensor(0, "p") : "default";

        private string Beta(System.Func<int, string, string> tensor) => Affine ? tensor(1, "p") : "default";

        /// <summary>The values of one channel: 1 on a vector, the map's H·W.</summary>
        private static string Positions(LayerPlan l) => (l.Input.Size / l.Input.Channels).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
