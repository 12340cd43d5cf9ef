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
    /// [Dense(units, activation)]: z = W a + b over the flattened layer below, W [units, fanIn] row-major (nn.Linear); with
    /// Bias = false, z = W a and the layer's parameters are W alone (nn.Linear(bias=False)).
    /// Small layers are unrolled into named locals; wider ones call the runtime's vectorised matrix-vector kernels. On a
    /// sequence of steps it acts on every step with the same weights (Keras' Dense on a sequence): W [units, features], one
    /// matrix-vector product per step, always looped.
    /// </summary>
    internal sealed record DenseLayer(int Units, ActivationSpec ActivationStage, WeightInit DeclaredInit, double DeclaredBiasInit, bool Bias)
        : WeightedLayer(ActivationStage, DeclaredInit, DeclaredBiasInit, Bias)
    {
        public const string MetadataName = "NetGen.DenseAttribute";

        public static DenseLayer Parse(AttributeArguments arguments) => new(
            arguments.Int(0) ?? 0,
            ActivationSpec.Parse(arguments, 1),
            (WeightInit)(arguments.NamedInt(KnownNames.Init) ?? 0),
            arguments.NamedDouble(KnownNames.BiasInit) ?? 0,
            arguments.NamedBool(KnownNames.Bias) ?? true);

        public override string Kind => "Dense";

        public override long? UnrolledTerms(Shape input, Shape output) => input.IsSteps ? null : input.Size * output.Size;

        public override bool ActsOnSteps => ActivationStage.Activation is not (NetGen.Activation.Softmax or NetGen.Activation.LogSoftmax);

        public override bool Accepts(Activation activation) => true;

        public override Shape? Check(LayerCheck check)
        {
            if (Units < 1) check.Report(SizeNotPositive, "units", check.LayerName, check.NetworkName, Units);
            if (CheckWeightsAndActivation(check))
            {
                if (ActivationStage.Activation == NetGen.Activation.Softmax && Units == 1)
                    check.Report(SoftmaxOfOneUnit, "units", check.LayerName, check.NetworkName);
                if (ActivationStage.Activation == NetGen.Activation.Softmax && !check.IsOutput)
                    check.Report(SoftmaxOnHiddenLayer, "activation", check.LayerName, check.NetworkName);
            }

            // A Dense layer reads any input, a map flattened in C, H, W order.
            return Units >= 1 && check.Input is not null ? OutputShape(check.Input) : null;
        }

        public override Shape OutputShape(Shape input) => input.IsSteps ? Shape.Steps(Units, input.Width) : Shape.Vector(Units);

        public override ImmutableArray<TensorSpec> Tensors(Shape input) => WeightAndBias("W", fanIn: Features(input), fanOut: Units, Units, Features(input));

        /// <summary>The values one product reads: a step's features on a sequence of steps, else the whole input flattened.</summary>
        private static int Features(Shape input) => input.IsSteps ? input.Channels : (int)input.Size;

        /// <summary>The products per sample: one per step on a sequence of steps, else one.</summary>
        private static int Steps(LayerPlan l) => l.Input.IsSteps ? l.Input.Width : 1;

        public override string Describe() => $"Dense {Units}{BiasText} {ActivationStage.Label}";

        public override string KindColumn => Kind + BiasText;

        /// <summary>" + b⁽ˡ⁾" in a formula, or nothing without a bias.</summary>
        private string PlusBias(string sup) => Bias ? $" + b{sup}" : "";

        public override void EmitForward(LayerEmission e)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), belowSup = Sup(l.Number - 1);
            if (l.Input.IsSteps)
            {
                int features = Features(l.Input);
                e.W.Comment($"z{sup}ₜ = W{sup} a{belowSup}ₜ{PlusBias(sup)} for every step t: the same weights on each step's {features} features.");
                using (e.W.Block($"for (int t = 0; t < {Steps(l)}; t++)"))
                    e.W.Line($"{RuntimeNames.NetMath}.MultiplyAdd({e.Tensor(0)}, {e.BelowSpan}.Slice(t * {features}, {features}), {BiasSpan(e.Tensor)}, {l.Span('z')}.Slice(t * {Units}, {Units}));");
                return;
            }

            if (l.IsLooped)
            {
                e.W.Comment($"z{sup} = W{sup} a{belowSup}{PlusBias(sup)}: {l.Units} rows of {l.FanIn} weights, too many to unroll, so one vectorised");
                e.W.Comment($"matrix-vector product{(Bias ? "" : " (no bias: the kernel gets an empty span)")}.");
                e.W.Line($"{RuntimeNames.NetMath}.MultiplyAdd({e.Tensor(0)}, {e.BelowSpan}, {BiasSpan(e.Tensor)}, {l.Span('z')});");
                return;
            }

            e.W.Comment($"z{sup} = W{sup} a{belowSup}{PlusBias(sup)}");
            for (int j = 0; j < l.Units; j++)
            {
                var terms = Enumerable.Range(0, l.FanIn).Select(i => $"{e.Parameter(Weight(l, j, i))} * {e.BelowRef(i)}");
                if (Bias) terms = terms.Append(e.Parameter(l.Tensors[1].Offset + j));
                e.W.Line($"{l.Define('z', j)} = {string.Join(" + ", terms)};");
            }
        }

        public override string InputGradientText(LayerPlan plan) => $"W{Sup(plan.Number)}ᵀ δ{Sup(plan.Number)}";

        /// <summary>(Wᵀ δ)ᵢ as one unrolled sum, for an unrolled layer below.</summary>
        public override string? InputGradientTerm(LayerEmission e, int i) =>
            string.Join(" + ", Enumerable.Range(0, e.Plan.Units).Select(j => $"p[{Weight(e.Plan, j, i)}] * {e.Plan.Ref('d', j)}"));

        public override void EmitInputGradient(LayerEmission e, string target, GradientSink? stepAlong)
        {
            var upper = e.Plan;
            string sup = Sup(upper.Number);
            if (!upper.IsLooped)
            {
                for (int i = 0; i < upper.FanIn; i++) e.W.Line($"{target}[{i}] = {InputGradientTerm(e, i)};");
                return;
            }

            if (upper.Input.IsSteps)
            {
                int features = Features(upper.Input);
                e.W.Comment($"Step by step: row j of W{sup} contributes δ{sup}ₜ[j] · W{sup}[j,:] to step t.");
                using (e.W.Block($"for (int t = 0; t < {Steps(upper)}; t++)"))
                    e.W.Line($"{RuntimeNames.NetMath}.MultiplyTransposed({e.Tensor(0)}, {upper.Span('d')}.Slice(t * {Units}, {Units}), {target}.Slice(t * {features}, {features}));");
                return;
            }

            if (StepsWithInputGradient(e, stepAlong))
            {
                string belowSup = Sup(upper.Number - 1);
                e.W.Comment($"Vectorised, one pass over W{sup}: row j adds δ{sup}[j] · W{sup}[j,:] into δ{belowSup}, then takes its step,");
                e.W.Comment($"W{sup}[j,:] −= η δ{sup}[j] a{belowSup}.");
                e.W.Line($"{RuntimeNames.NetMath}.MultiplyTransposedAndAddOuterProduct({e.Tensor(0)}, {upper.Span('d')}, {e.BelowSpan}, -learningRate, {target});");
                return;
            }

            e.W.Comment($"Vectorised: row j of W{sup} contributes δ{sup}[j] · W{sup}[j,:].");
            e.W.Line($"{RuntimeNames.NetMath}.MultiplyTransposed({e.Tensor(0)}, {upper.Span('d')}, {target});");
        }

        public override void EmitParameterGradient(LayerEmission e, GradientSink sink)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), belowSup = Sup(l.Number - 1);
            if (StepsWithInputGradient(e, sink))
            {
                if (!Bias)
                {
                    e.W.Comment($"Step on layer {l.Number}: W{sup} took its step above, and the layer has no bias.");
                    return;
                }

                e.W.Comment($"Step on layer {l.Number}: W{sup} took its step above; b{sup}[j] −= η δ{sup}[j].");
                e.W.Line($"{RuntimeNames.NetMath}.AddScaled({e.Tensor(1, "p")}, {l.Span('d')}, -learningRate);");
                return;
            }

            e.W.Comment(sink == GradientSink.Accumulate
                ? $"∂C/∂W{sup}[j,i] = δ{sup}[j] · a{belowSup}[i]{(Bias ? $" and ∂C/∂b{sup}[j] = δ{sup}[j]" : " (no bias)")}, added into gradient."
                : $"Step on layer {l.Number}: W{sup}[j,i] −= η δ{sup}[j] a{belowSup}[i]{(Bias ? $" and b{sup}[j] −= η δ{sup}[j]" : " (no bias)")}.");

            string target = sink == GradientSink.Accumulate ? "gradient" : "p";
            if (l.Input.IsSteps)
            {
                int features = Features(l.Input);
                string scale = sink == GradientSink.Accumulate ? e.T.Literal(1) : "-learningRate";
                e.W.Comment("Summed over the steps, which share the weights.");
                using (e.W.Block($"for (int t = 0; t < {Steps(l)}; t++)"))
                {
                    e.W.Line($"{RuntimeNames.NetMath}.AddOuterProduct({e.Tensor(0, target)}, {l.Span('d')}.Slice(t * {Units}, {Units}), {e.BelowSpan}.Slice(t * {features}, {features}), {scale});");
                    if (Bias) e.W.Line($"{RuntimeNames.NetMath}.AddScaled({e.Tensor(1, target)}, {l.Span('d')}.Slice(t * {Units}, {Units}), {scale});");
                }
                return;
            }

            if (l.IsLooped)
            {
                string scale = sink == GradientSink.Accumulate ? e.T.Literal(1) : "-learningRate";
                e.W.Line($"{RuntimeNames.NetMath}.AddOuterProduct({e.Tensor(0, target)}, {l.Span('d')}, {e.BelowSpan}, {scale});");
                if (Bias) e.W.Line($"{RuntimeNames.NetMath}.AddScaled({e.Tensor(1, target)}, {l.Span('d')}, {scale});");
                return;
            }

            for (int j = 0; j < l.Units; j++)
            {
                string delta = l.Ref('d', j);
                if (sink == GradientSink.Update)
                {
                    delta = $"step{l.Number}_{j}";
                    e.W.Line($"var {delta} = learningRate * {l.Ref('d', j)};");
                }

                string assign = sink == GradientSink.Accumulate ? "+=" : "-=";
                for (int i = 0; i < l.FanIn; i++) e.W.Line($"{target}[{Weight(l, j, i)}] {assign} {delta} * {e.BelowRef(i)};");
                if (Bias) e.W.Line($"{target}[{l.Tensors[1].Offset + j}] {assign} {delta};");
            }
        }

        public override void EmitBatchForward(BatchEmission e)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), belowSup = Sup(l.Number - 1);
            e.W.Comment($"Z{sup} = A{belowSup} W{sup}ᵀ{PlusBias(sup)}: one matrix-matrix product, row r is {(l.Input.IsSteps ? "one step of a sample" : "sample r")}'s z{sup} = W{sup} a{belowSup}{PlusBias(sup)}.");
            e.W.Line($"{RuntimeNames.BatchMath}.MultiplyTransposedAdd({e.BelowMatrix}, {e.Tensor(0)}, {BiasSpan(e.Tensor)}, {l.Matrix('z')}, {ProductRows(e)}, units: {Units});");
        }

        public override void EmitBatchInputGradient(BatchEmission e, string target)
        {
            var l = e.Plan;
            e.W.Comment($"Row r is W{Sup(l.Number)}ᵀ δ{Sup(l.Number)} of sample r: Δ{Sup(l.Number)} W{Sup(l.Number)}, one matrix-matrix product.");
            e.W.Line($"{RuntimeNames.BatchMath}.Multiply({l.Matrix('d')}, {e.Tensor(0)}, {target}, {ProductRows(e)});");
        }

        /// <summary>Rows of W in one part of the batched gradient: a part's ∂W rows and the batch's A stay in the cache together.</summary>
        private const int GradientRowsPerPart = 16;

        public override int GradientParts(LayerPlan plan) => (Units + GradientRowsPerPart - 1) / GradientRowsPerPart;

        public override void EmitBatchParameterGradient(BatchEmission e, string part)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), belowSup = Sup(l.Number - 1);
            e.W.Comment(Bias
                ? $"∂C/∂W{sup} += Δ{sup}ᵀ A{belowSup} and ∂C/∂b{sup} += the sum of Δ{sup}'s rows, for the rows of W{sup} in this part."
                : $"∂C/∂W{sup} += Δ{sup}ᵀ A{belowSup} for the rows of W{sup} in this part (no bias).");
            string first = $"first{l.Number}", units = $"units{l.Number}";
            e.W.Line($"int {first} = {part} * {GradientRowsPerPart}, {units} = global::System.Math.Min({GradientRowsPerPart}, {Units} - {first});");
            var weight = l.Tensors[0];
            string biasGradient = Bias ? $"gradient.Slice({l.Tensors[1].Offset} + {first}, {units})" : "default";
            int features = Features(l.Input);
            e.W.Line($"{RuntimeNames.BatchMath}.AddWeightGradient({l.Matrix('d')}.Slice({first}), {Units}, {e.BelowMatrix}, " +
                $"gradient.Slice({weight.Offset} + {first} * {features}, {units} * {features}), {biasGradient}, {ProductRows(e)});");
        }

        /// <summary>The rows of the batched products: the tile's samples, times the steps on a sequence of steps (each step is a row).</summary>
        private static string ProductRows(BatchEmission e) => e.Plan.Input.IsSteps ? $"{e.Rows} * {Steps(e.Plan)}" : e.Rows;

        /// <summary>
        /// In TrainStep a looped layer's step rides along with the pass over its weights that computes δ of the layer below
        /// (each row feeds Wᵀδ, then takes its step), so the weights are read once. The first layer has no δ below.
        /// </summary>
        private static bool StepsWithInputGradient(LayerEmission e, GradientSink? sink) =>
            sink == GradientSink.Update && e.Plan.IsLooped && e.Below is not null && !e.Plan.Input.IsSteps;

        /// <summary>The offset of W⁽ˡ⁾[j, i] in Parameters.</summary>
        private static int Weight(LayerPlan l, int j, int i) => l.Tensors[0].Offset + j * l.FanIn + i;
    }
}
