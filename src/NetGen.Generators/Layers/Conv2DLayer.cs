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
    /// [Conv2D(filters, kernel, activation, Stride, Padding)]: z[f,i,j] = b[f] + Σ_c,u,v K[f,c,u,v] · a[c, i·s−p+u, j·s−p+v],
    /// as nn.Conv2d (K [filters, channels, k, k] row-major, then b). Always computed by the runtime's convolution kernels.
    /// </summary>
    internal sealed record Conv2DLayer(int Filters, int KernelSize, int Stride, int Padding, ActivationSpec ActivationStage, WeightInit DeclaredInit, double DeclaredBiasInit)
        : WeightedLayer(ActivationStage, DeclaredInit, DeclaredBiasInit)
    {
        public const string MetadataName = "NetGen.Conv2DAttribute";

        public static Conv2DLayer Parse(AttributeArguments arguments) => new(
            arguments.Int(0) ?? 0,
            arguments.Int(1) ?? 0,
            arguments.NamedInt(KnownNames.Stride) ?? 1,
            arguments.NamedInt(KnownNames.Padding) ?? 0,
            ActivationSpec.Parse(arguments, 2),
            (WeightInit)(arguments.NamedInt(KnownNames.Init) ?? 0),
            arguments.NamedDouble(KnownNames.BiasInit) ?? 0);

        public override string Kind => "Conv2D";

        /// <summary>Softmax normalises a vector; a map's activation is element-wise (NG0025).</summary>
        public override bool Accepts(Activation activation) => activation is not (NetGen.Activation.Softmax or NetGen.Activation.LogSoftmax);

        public override Shape? Check(LayerCheck check)
        {
            bool valid = true;
            if (Filters < 1)
            {
                check.Report(SizeNotPositive, "filters", check.LayerName, check.NetworkName, Filters);
                valid = false;
            }

            valid &= WindowRules.CheckArguments(check, "kernel", KernelSize, Stride, Padding);
            if (CheckWeightsAndActivation(check) && ActivationStage.Activation == NetGen.Activation.Softmax)
                check.Report(SoftmaxOnConv2D, "activation", check.LayerName, check.NetworkName);

            if (!valid || check.Input is not Shape input || !CheckMapInput(check, input)) return null;
            return WindowRules.CheckFits(check, "kernel", "kernel", KernelSize, input, Padding,
                "make the kernel smaller, add padding, or remove a layer that shrinks the map") ? OutputShape(input) : null;
        }

        public override Shape OutputShape(Shape input) =>
            Shape.Map(Filters, (input.Height + 2 * Padding - KernelSize) / Stride + 1, (input.Width + 2 * Padding - KernelSize) / Stride + 1);

        public override ImmutableArray<TensorSpec> Tensors(Shape input) =>
            ImmutableArray.Create(new TensorSpec("weight", Filters, input.Channels, KernelSize, KernelSize), new TensorSpec("bias", Filters));

        /// <summary>Each output sees C·k² inputs; each input feeds F·k² outputs (PyTorch's convention).</summary>
        public override (int FanIn, int FanOut) Fans(Shape input) => (input.Channels * KernelSize * KernelSize, Filters * KernelSize * KernelSize);

        public override string Describe() => $"Conv2D {Filters} {KernelSize}×{KernelSize}{Geometry()} {ActivationStage.Label}";

        public override string KindColumn => $"Conv2D {KernelSize}×{KernelSize}{Geometry()}";

        private string Geometry() => (Stride == 1 ? "" : $" s{Stride}") + (Padding == 0 ? "" : $" p{Padding}");

        public override string ShapeDeclaration(LayerPlan plan) =>
            $"{RuntimeNames.Conv2DShape} {plan.ShapeField} = new(channels: {plan.Input.Channels}, height: {plan.Input.Height}, width: {plan.Input.Width}, " +
            $"filters: {Filters}, kernel: {KernelSize}, stride: {Stride}, padding: {Padding});";

        public override void EmitForward(LayerEmission e)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), belowSup = Sup(l.Number - 1);
            e.W.Comment($"z{sup} = K{sup} ⋆ a{belowSup} + b{sup}: {Filters} filters of {l.Input.Channels}×{KernelSize}×{KernelSize} slide over the {l.Input.Text} map");
            e.W.Comment($"({StrideText()}, {PaddingText()}), z[f,i,j] = b[f] + Σ_c,u,v K[f,c,u,v] · a[c, i·{Stride}{PaddingTerm()}+u, j·{Stride}{PaddingTerm()}+v].");
            e.W.Line($"{RuntimeNames.NetMath}.Conv2D({e.BelowSpan}, {e.Tensor(0)}, {e.Tensor(1)}, {l.Span('z')}, {l.ShapeField});");
        }

        public override string InputGradientText(LayerPlan plan) => Stride == 1
            ? $"fullconv(δ{Sup(plan.Number)}, flip K{Sup(plan.Number)})"
            : $"fullconv(δ{Sup(plan.Number)} spread by {Stride}, flip K{Sup(plan.Number)})";

        public override void EmitInputGradient(LayerEmission e, string target, GradientSink? stepAlong)
        {
            var l = e.Plan;
            string sup = Sup(l.Number);
            e.W.Comment(Stride == 1
                ? $"The full convolution of δ{sup} with the kernel flipped in u and v: every input pixel collects δ[f,i,j] · K[f,c,u,v]"
                : $"The transposed (strided) convolution: every input pixel collects δ[f,i,j] · K[f,c,u,v]");
            e.W.Comment($"from each output it fed, ∂C/∂a[c,y,x] = Σ over f and i·{Stride}{PaddingTerm()}+u = y, j·{Stride}{PaddingTerm()}+v = x.");
            e.W.Line($"{RuntimeNames.NetMath}.Conv2DBackwardInput({l.Span('d')}, {e.Tensor(0)}, {target}, {l.ShapeField});");
        }

        public override void EmitParameterGradient(LayerEmission e, GradientSink sink)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), belowSup = Sup(l.Number - 1);
            e.W.Comment(sink == GradientSink.Accumulate
                ? $"∂C/∂K{sup}[f,c,u,v] = Σ_i,j δ{sup}[f,i,j] · a{belowSup}[c, i·{Stride}{PaddingTerm()}+u, j·{Stride}{PaddingTerm()}+v] (the correlation of the input"
                : $"Step on layer {l.Number}: K{sup} −= η ∂C/∂K{sup} and b{sup} −= η ∂C/∂b{sup}, with ∂C/∂K{sup}[f,c,u,v] = Σ_i,j δ{sup}[f,i,j] · a{belowSup}[c, …]");
            e.W.Comment(sink == GradientSink.Accumulate
                ? $"with δ) and ∂C/∂b{sup}[f] = Σ_i,j δ{sup}[f,i,j], added into gradient."
                : $"(the correlation of the input with δ) and ∂C/∂b{sup}[f] = Σ_i,j δ{sup}[f,i,j].");
            string target = sink == GradientSink.Accumulate ? "gradient" : "p";
            string scale = sink == GradientSink.Accumulate ? e.T.Literal(1) : "-learningRate";
            e.W.Line($"{RuntimeNames.NetMath}.Conv2DAddWeightGradient({e.BelowSpan}, {l.Span('d')}, {scale}, {e.Tensor(0, target)}, {e.Tensor(1, target)}, {l.ShapeField});");
        }

        public override void EmitBatchForward(BatchEmission e)
        {
            var l = e.Plan;
            e.W.Comment($"Z{Sup(l.Number)} row r = K{Sup(l.Number)} ⋆ (A{Sup(l.Number - 1)} row r) + b{Sup(l.Number)}, each sample's map through the convolution kernel.");
            e.ForEachRow($"{RuntimeNames.NetMath}.Conv2D({BatchEmission.Row(e.BelowMatrix, l.FanIn)}, {e.Tensor(0)}, {e.Tensor(1)}, {BatchEmission.Row(l.Matrix('z'), l.Units)}, {l.ShapeField});");
        }

        public override void EmitBatchInputGradient(BatchEmission e, string target)
        {
            var l = e.Plan;
            e.W.Comment($"Row r = {InputGradientText(l)} of sample r.");
            e.ForEachRow($"{RuntimeNames.NetMath}.Conv2DBackwardInput({BatchEmission.Row(l.Matrix('d'), l.Units)}, {e.Tensor(0)}, {BatchEmission.Row(target, l.FanIn)}, {l.ShapeField});");
        }

        public override int GradientParts(LayerPlan plan) => 1;

        public override void EmitBatchParameterGradient(BatchEmission e, string part)
        {
            var l = e.Plan;
            e.W.Comment($"∂C/∂K{Sup(l.Number)} and ∂C/∂b{Sup(l.Number)}: each sample's correlation of its input with its δ, added in sample order.");
            e.ForEachRow($"{RuntimeNames.NetMath}.Conv2DAddWeightGradient({BatchEmission.Row(e.BelowMatrix, l.FanIn)}, {BatchEmission.Row(l.Matrix('d'), l.Units)}, " +
                $"{e.T.Literal(1)}, {e.Tensor(0, "gradient")}, {e.Tensor(1, "gradient")}, {l.ShapeField});");
        }

        private string StrideText() => Stride == 1 ? "stride 1" : $"stride {Stride}";

        private string PaddingText() => Padding == 0 ? "no padding" : $"{Padding} zero pixel{(Padding == 1 ? "" : "s")} of padding on every side";

        private string PaddingTerm() => Padding == 0 ? "" : $"−{Padding}";
    }
}
