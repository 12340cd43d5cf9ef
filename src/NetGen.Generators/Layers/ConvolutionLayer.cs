using System.Collections.Generic;
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
    /// [Conv2D(filters, kernel | kernelHeight, kernelWidth, activation, ...)] over an image and [Conv1D(filters, kernel,
    /// activation, ...)] over a sequence: z[f,i,j] = b[f] + Σ_c,u,v K[f,c,u,v] · a[g·C/G + c, i·sh − pt + u·dh, j·sw − pl + v·dw],
    /// as nn.Conv2d / nn.Conv1d (K [filters, channels / Groups, kh, kw] or [filters, channels / Groups, k] row-major, then b
    /// unless Bias = false). A sequence is a map of height 1, so both run on the runtime's one convolution kernel.
    /// </summary>
    /// <param name="Dimensions">1 for Conv1D, 2 for Conv2D.</param>
    /// <param name="Rectangular">Whether the Conv2D was declared with kernelHeight and kernelWidth (for pointing at them).</param>
    /// <param name="DeclaredStrideWidth">StrideWidth; 0 (unset) follows Stride.</param>
    /// <param name="DeclaredDilationWidth">DilationWidth; 0 (unset) follows Dilation.</param>
    internal sealed record ConvolutionLayer(int Dimensions, int Filters, int KernelHeight, int KernelWidth, bool Rectangular, int Stride, int DeclaredStrideWidth,
        int Dilation, int DeclaredDilationWidth, int Padding, bool Same, bool Causal, int Groups, bool Bias,
        ActivationSpec ActivationStage, WeightInit DeclaredInit, double DeclaredBiasInit)
        : WeightedLayer(ActivationStage, DeclaredInit, DeclaredBiasInit, Bias)
    {
        public const string Conv1DMetadataName = "NetGen.Conv1DAttribute";
        public const string Conv2DMetadataName = "NetGen.Conv2DAttribute";

        public static ConvolutionLayer ParseConv1D(AttributeArguments arguments) => Parse(arguments, 1, 1, arguments.Int(1) ?? 0, rectangular: false, activationPosition: 2);

        /// <summary>Conv2D(filters, kernel, activation) binds three constructor arguments, Conv2D(filters, kernelHeight, kernelWidth, activation) four.</summary>
        public static ConvolutionLayer ParseConv2D(AttributeArguments arguments) => arguments.Count == 4
            ? Parse(arguments, 2, arguments.Int(1) ?? 0, arguments.Int(2) ?? 0, rectangular: true, activationPosition: 3)
            : Parse(arguments, 2, arguments.Int(1) ?? 0, arguments.Int(1) ?? 0, rectangular: false, activationPosition: 2);

        private static ConvolutionLayer Parse(AttributeArguments arguments, int dimensions, int kernelHeight, int kernelWidth, bool rectangular, int activationPosition) => new(
            dimensions,
            arguments.Int(0) ?? 0,
            kernelHeight,
            kernelWidth,
            rectangular,
            arguments.NamedInt(KnownNames.Stride) ?? 1,
            arguments.NamedInt(KnownNames.StrideWidth) ?? 0,
            arguments.NamedInt(KnownNames.Dilation) ?? 1,
            arguments.NamedInt(KnownNames.DilationWidth) ?? 0,
            arguments.NamedInt(KnownNames.Padding) ?? 0,
            arguments.NamedBool(KnownNames.Same) ?? false,
            arguments.NamedBool(KnownNames.Causal) ?? false,
            arguments.NamedInt(KnownNames.Groups) ?? 1,
            arguments.NamedBool(KnownNames.Bias) ?? true,
            ActivationSpec.Parse(arguments, activationPosition),
            (WeightInit)(arguments.NamedInt(KnownNames.Init) ?? 0),
            arguments.NamedDouble(KnownNames.BiasInit) ?? 0);

        public override string Kind => Dimensions == 1 ? "Conv1D" : "Conv2D";

        private bool IsSequence => Dimensions == 1;

        public int StrideWidth => DeclaredStrideWidth == 0 ? Stride : DeclaredStrideWidth;

        public int DilationWidth => DeclaredDilationWidth == 0 ? Dilation : DeclaredDilationWidth;

        /// <summary>The constructor parameter that holds the kernel's height (width), for pointing at it.</summary>
        private string HeightArgument => Rectangular ? "kernelHeight" : "kernel";

        private string WidthArgument => Rectangular ? "kernelWidth" : "kernel";

        /// <summary>
        /// nn.Conv2d's common case, which the generated code has always written in its short form: a square kernel, one
        /// stride, no dilation, the same padding on every side, one group, a bias.
        /// </summary>
        private bool IsPlain => !IsSequence && KernelHeight == KernelWidth && StrideWidth == Stride && Dilation == 1 && DilationWidth == 1 &&
                                !Same && Groups == 1 && Bias;

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

            valid &= WindowRules.CheckArguments(check, ArgumentRules());
            valid &= WindowRules.CheckExclusive(check, Padding != 0, KnownNames.Padding, Same, KnownNames.Same);
            valid &= WindowRules.CheckExclusive(check, Causal, KnownNames.Causal, Same, KnownNames.Same);
            valid &= WindowRules.CheckExclusive(check, Causal, KnownNames.Causal, Padding != 0, KnownNames.Padding);
            if (CheckWeightsAndActivation(check) && ActivationStage.Activation == NetGen.Activation.Softmax)
                check.Report(SoftmaxOnMap, "activation", check.LayerName, check.NetworkName);

            if (!valid || check.Input is not Shape input || !WindowRules.CheckMapKind(check, input, IsSequence ? ShapeKind.Sequence : ShapeKind.Image)) return null;
            if (input.Channels % Groups != 0 || Filters % Groups != 0)
            {
                check.Report(GroupsDoNotDivide, KnownNames.Groups, check.LayerName, check.NetworkName, KnownNames.Groups, Groups, input.Channels, Filters);
                return null;
            }
            var (rows, columns) = Axes(input);
            return WindowRules.CheckFits(check, HeightArgument, "kernel", KernelText, input, rows, columns,
                "make the kernel or its dilation smaller, add padding, or remove a layer that shrinks the map") ? OutputShape(input) : null;
        }

        private IEnumerable<WindowRules.ArgumentRule> ArgumentRules()
        {
            yield return WindowRules.AtLeastOne(HeightArgument, KernelHeight, "kernel size");
            if (Rectangular) yield return WindowRules.AtLeastOne(WidthArgument, KernelWidth, "kernel size");
            yield return WindowRules.AtLeastOne(KnownNames.Stride, Stride, "stride");
            yield return WindowRules.AtLeastOne(KnownNames.Dilation, Dilation, "dilation");
            yield return WindowRules.NotNegative(KnownNames.Padding, Padding, "padding");
            yield return WindowRules.AtLeastOne(KnownNames.Groups, Groups, "number of groups");
            yield return WindowRules.NotNegative(KnownNames.StrideWidth, DeclaredStrideWidth, "stride along the width (0: the same as Stride)");
            yield return WindowRules.NotNegative(KnownNames.DilationWidth, DeclaredDilationWidth, "dilation along the width (0: the same as Dilation)");
        }

        /// <summary>The rows' and the columns' geometry over <paramref name="input"/>, padding resolved ("same" depends on the input's size).</summary>
        public (Axis Rows, Axis Columns) Axes(Shape input)
        {
            var rows = IsSequence ? Axis.Single
                : Same ? Axis.Same(input.Height, KernelHeight, Stride, Dilation)
                : Axis.Symmetric(KernelHeight, Stride, Dilation, Padding);
            var columns = Same ? Axis.Same(input.Width, KernelWidth, StrideWidth, DilationWidth)
                : Causal ? Axis.Causal(KernelWidth, StrideWidth, DilationWidth)
                : Axis.Symmetric(KernelWidth, StrideWidth, DilationWidth, Padding);
            return (rows, columns);
        }

        public override Shape OutputShape(Shape input)
        {
            var (rows, columns) = Axes(input);
            return input.WithMap(Filters, rows.Output(input.Height), columns.Output(input.Width));
        }

        /// <summary>
        /// K [F, C/G, kernel…], then b [F] unless Bias = false. The fans are PyTorch's, from the weight's shape: fan-in C/G ·
        /// kernel area, fan-out F · kernel area.
        /// </summary>
        public override ImmutableArray<TensorSpec> Tensors(Shape input)
        {
            int channels = input.Channels / Groups;
            int[] shape = IsSequence ? new[] { Filters, channels, KernelWidth } : new[] { Filters, channels, KernelHeight, KernelWidth };
            return WeightAndBias("K", fanIn: channels * KernelHeight * KernelWidth, fanOut: Filters * KernelHeight * KernelWidth, shape);
        }

        private string KernelText => IsSequence ? KernelWidth.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{KernelHeight}×{KernelWidth}";

        public override string Describe() => IsSequence
            ? $"Conv1D {Filters} k{KernelText}{Geometry()} {ActivationStage.Label}"
            : $"Conv2D {Filters} {KernelText}{Geometry()} {ActivationStage.Label}";

        public override string KindColumn => IsSequence ? $"Conv1D k{KernelText}{Geometry()}" : $"Conv2D {KernelText}{Geometry()}";

        /// <summary>The declared geometry in the architecture string, e.g. " s2 p1", " s2×1 d2 same g4 no bias".</summary>
        private string Geometry() =>
            Pair("s", Stride, StrideWidth, 1) + Pair("d", Dilation, DilationWidth, 1) +
            (Same ? " same" : "") + (Causal ? " causal" : "") + (Padding == 0 ? "" : $" p{Padding}") +
            (Groups == 1 ? "" : $" g{Groups}") + BiasText;

        private string Pair(string letter, int rows, int columns, int plain) =>
            IsSequence || rows == columns ? (columns == plain ? "" : $" {letter}{columns}") : $" {letter}{rows}×{columns}";

        public override bool HasShapeField => true;

        public override string ShapeDeclaration(LayerPlan plan)
        {
            var input = plan.Input;
            if (IsPlain)
                return $"{RuntimeNames.Conv2DShape} {plan.ShapeField} = new(channels: {input.Channels}, height: {input.Height}, width: {input.Width}, " +
                       $"filters: {Filters}, kernel: {KernelHeight}, stride: {Stride}, padding: {Padding});";
            var (rows, columns) = Axes(input);
            return $"{RuntimeNames.Conv2DShape} {plan.ShapeField} = new(channels: {input.Channels}, height: {input.Height}, width: {input.Width}, " +
                   $"filters: {Filters}, kernelHeight: {rows.Size}, kernelWidth: {columns.Size}, strideHeight: {rows.Stride}, strideWidth: {columns.Stride}, " +
                   $"dilationHeight: {rows.Dilation}, dilationWidth: {columns.Dilation}, padTop: {rows.PadBefore}, padBottom: {rows.PadAfter}, " +
                   $"padLeft: {columns.PadBefore}, padRight: {columns.PadAfter}, groups: {Groups}, bias: {(Bias ? "true" : "false")});";
        }

        public override void EmitForward(LayerEmission e)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), belowSup = Sup(l.Number - 1);
            string bias = Bias ? $" + b{sup}" : "";
            if (IsPlain)
            {
                e.W.Comment($"z{sup} = K{sup} ⋆ a{belowSup} + b{sup}: {Filters} filters of {l.Input.Channels}×{KernelHeight}×{KernelWidth} slide over the {l.Input.Text} map");
                e.W.Comment($"({StrideText()}, {PlainPaddingText()}), z[f,i,j] = b[f] + Σ_c,u,v K[f,c,u,v] · a[c, {Index(l.Input, 'i', 'u', rows: true)}, {Index(l.Input, 'j', 'v', rows: false)}].");
            }
            else
            {
                e.W.Comment($"z{sup} = K{sup} ⋆ a{belowSup}{bias}: {Filters} filters of {FilterText(l.Input)} slide over the {l.Input.Text} {MapNoun}");
                foreach (string line in GeometryLines(l.Input)) e.W.Comment(line);
                e.W.Comment($"{OutputElement} = {(Bias ? "b[f] + " : "")}Σ_{TapIndices} K[f,c,{TapList}] · a[{ChannelText(l.Input)}, {Positions(l.Input)}].");
            }
            e.W.Line($"{RuntimeNames.NetMath}.Conv2D({e.BelowSpan}, {e.Tensor(0)}, {BiasSpan(e.Tensor)}, {l.Span('z')}, {l.ShapeField});");
        }

        public override string InputGradientText(LayerPlan plan) => IsPlain && Stride == 1
            ? $"fullconv(δ{Sup(plan.Number)}, flip K{Sup(plan.Number)})"
            : IsPlain
                ? $"fullconv(δ{Sup(plan.Number)} spread by {Stride}, flip K{Sup(plan.Number)})"
                : $"K{Sup(plan.Number)}ᵀ ⋆ δ{Sup(plan.Number)} (the transposed convolution)";

        public override void EmitInputGradient(LayerEmission e, string target, GradientSink? stepAlong)
        {
            var l = e.Plan;
            string sup = Sup(l.Number);
            if (IsPlain)
            {
                e.W.Comment(Stride == 1
                    ? $"The full convolution of δ{sup} with the kernel flipped in u and v: every input pixel collects δ[f,i,j] · K[f,c,u,v]"
                    : $"The transposed (strided) convolution: every input pixel collects δ[f,i,j] · K[f,c,u,v]");
                e.W.Comment($"from each output it fed, ∂C/∂a[c,y,x] = Σ over f and {Index(l.Input, 'i', 'u', rows: true)} = y, {Index(l.Input, 'j', 'v', rows: false)} = x.");
            }
            else if (IsSequence)
            {
                e.W.Comment($"The transposed convolution: every input step collects δ[f,t] · K[f,c,u] from each output it fed{GroupClause}");
                e.W.Comment($"∂C/∂a[c,τ] = Σ over f and {Index(l.Input, 't', 'u', rows: false)} = τ (taps that fell on padding send nothing back).");
            }
            else
            {
                e.W.Comment($"The transposed convolution: every input pixel collects δ[f,i,j] · K[f,c,u,v] from each output it fed{GroupClause}");
                e.W.Comment($"∂C/∂a[c,y,x] = Σ over f and {Index(l.Input, 'i', 'u', rows: true)} = y, {Index(l.Input, 'j', 'v', rows: false)} = x (taps that fell on padding send nothing back).");
            }
            e.W.Line($"{RuntimeNames.NetMath}.Conv2DBackwardInput({l.Span('d')}, {e.Tensor(0)}, {target}, {l.ShapeField});");
        }

        public override void EmitParameterGradient(LayerEmission e, GradientSink sink)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), belowSup = Sup(l.Number - 1);
            if (IsPlain)
            {
                e.W.Comment(sink == GradientSink.Accumulate
                    ? $"∂C/∂K{sup}[f,c,u,v] = Σ_i,j δ{sup}[f,i,j] · a{belowSup}[c, {Index(l.Input, 'i', 'u', rows: true)}, {Index(l.Input, 'j', 'v', rows: false)}] (the correlation of the input"
                    : $"Step on layer {l.Number}: K{sup} −= η ∂C/∂K{sup} and b{sup} −= η ∂C/∂b{sup}, with ∂C/∂K{sup}[f,c,u,v] = Σ_i,j δ{sup}[f,i,j] · a{belowSup}[c, …]");
                e.W.Comment(sink == GradientSink.Accumulate
                    ? $"with δ) and ∂C/∂b{sup}[f] = Σ_i,j δ{sup}[f,i,j], added into gradient."
                    : $"(the correlation of the input with δ) and ∂C/∂b{sup}[f] = Σ_i,j δ{sup}[f,i,j].");
            }
            else
            {
                string gradient = $"∂C/∂K{sup}[f,c,{TapList}] = Σ_{OutputIndices} δ{sup}[f,{OutputIndices}] · a{belowSup}[{ChannelText(l.Input)}, {Positions(l.Input)}]";
                string biasGradient = Bias ? $" and ∂C/∂b{sup}[f] = Σ_{OutputIndices} δ{sup}[f,{OutputIndices}]" : " (no bias)";
                e.W.Comment(sink == GradientSink.Accumulate
                    ? $"{gradient}{biasGradient}, added into gradient."
                    : $"Step on layer {l.Number}: K{sup} −= η ∂C/∂K{sup}{(Bias ? $" and b{sup} −= η ∂C/∂b{sup}" : "")}, with {gradient}{biasGradient}.");
            }
            string target = sink == GradientSink.Accumulate ? "gradient" : "p";
            string scale = sink == GradientSink.Accumulate ? e.T.Literal(1) : "-learningRate";
            e.W.Line($"{RuntimeNames.NetMath}.Conv2DAddWeightGradient({e.BelowSpan}, {l.Span('d')}, {scale}, {e.Tensor(0, target)}, {BiasSpan(e.Tensor, target)}, {l.ShapeField});");
        }

        public override void EmitBatchForward(BatchEmission e)
        {
            var l = e.Plan;
            e.W.Comment($"Z{Sup(l.Number)} row r = K{Sup(l.Number)} ⋆ (A{Sup(l.Number - 1)} row r){(Bias ? $" + b{Sup(l.Number)}" : "")}, each sample's map through the convolution kernel.");
            e.ForEachRow($"{RuntimeNames.NetMath}.Conv2D({BatchEmission.Row(e.BelowMatrix, l.FanIn)}, {e.Tensor(0)}, {BiasSpan(e.Tensor)}, {BatchEmission.Row(l.Matrix('z'), l.Units)}, {l.ShapeField});");
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
            e.W.Comment(Bias
                ? $"∂C/∂K{Sup(l.Number)} and ∂C/∂b{Sup(l.Number)}: each sample's correlation of its input with its δ, added in sample order."
                : $"∂C/∂K{Sup(l.Number)}: each sample's correlation of its input with its δ, added in sample order (no bias).");
            e.ForEachRow($"{RuntimeNames.NetMath}.Conv2DAddWeightGradient({BatchEmission.Row(e.BelowMatrix, l.FanIn)}, {BatchEmission.Row(l.Matrix('d'), l.Units)}, " +
                $"{e.T.Literal(1)}, {e.Tensor(0, "gradient")}, {BiasSpan(e.Tensor, "gradient")}, {l.ShapeField});");
        }

        private string MapNoun => IsSequence ? "sequence" : "map";

        private string OutputElement => IsSequence ? "z[f,t]" : "z[f,i,j]";

        private string OutputIndices => IsSequence ? "t" : "i,j";

        private string TapIndices => IsSequence ? "c,u" : "c,u,v";

        private string TapList => IsSequence ? "u" : "u,v";

        private string FilterText(Shape input) => IsSequence ? $"{input.Channels / Groups}×{KernelWidth}" : $"{input.Channels / Groups}×{KernelHeight}×{KernelWidth}";

        /// <summary>The input positions a tap reads, e.g. "i·2−1+u, j·1+2u" or, for a sequence, "t·1−4+2u".</summary>
        private string Positions(Shape input) => IsSequence
            ? Index(input, 't', 'u', rows: false)
            : $"{Index(input, 'i', 'u', rows: true)}, {Index(input, 'j', 'v', rows: false)}";

        /// <summary>o·s − p_before + d·tap along one axis, written as the plain form always has been ("i·1+u", "i·2−1+u").</summary>
        private string Index(Shape input, char output, char tap, bool rows)
        {
            var (rowAxis, columnAxis) = Axes(input);
            var axis = rows ? rowAxis : columnAxis;
            return $"{output}·{axis.Stride}{(axis.PadBefore == 0 ? "" : $"−{axis.PadBefore}")}+{(axis.Dilation == 1 ? "" : axis.Dilation.ToString(System.Globalization.CultureInfo.InvariantCulture))}{tap}";
        }

        /// <summary>The input channel filter f reads: c itself with one group, else channel c of f's group g = f div (F/G).</summary>
        private string ChannelText(Shape input) => Groups == 1 ? "c" : input.Channels / Groups == 1 ? "g" : $"g·{input.Channels / Groups}+c";

        private string GroupClause => Groups == 1 ? "," : " (its filters f are those of its group),";

        /// <summary>The exact geometry of a layer that is not the plain case, in the generated comments.</summary>
        private IEnumerable<string> GeometryLines(Shape input)
        {
            var (rows, columns) = Axes(input);
            string rule = Same ? "\"same\" padding (⌈in / stride⌉ outputs, the extra padding after)" : Causal ? "causal padding (d·(k − 1) before, none after)" : "padding";
            if (IsSequence)
                yield return $"(stride {columns.Stride}, dilation {columns.Dilation}, {rule}: {WindowRules.PaddingText(columns, "before", "after")}{GroupText(input)}),";
            else
            {
                string stride = rows.Stride == columns.Stride ? $"stride {rows.Stride}" : $"stride {rows.Stride} down, {columns.Stride} across";
                string dilation = rows.Dilation == columns.Dilation ? $"dilation {rows.Dilation}" : $"dilation {rows.Dilation} down, {columns.Dilation} across";
                yield return $"({stride}, {dilation}, {rule}: rows {WindowRules.PaddingText(rows, "above", "below")}, columns {WindowRules.PaddingText(columns, "left", "right")}{GroupText(input)}),";
            }
        }

        private string GroupText(Shape input) => Groups == 1 ? ""
            : $"; {Groups} groups: filter f reads only the {input.Channels / Groups} channel{(input.Channels / Groups == 1 ? "" : "s")} of its group g = f div {Filters / Groups}" +
              (Groups == input.Channels ? " (depthwise)" : "");

        private string StrideText() => Stride == 1 ? "stride 1" : $"stride {Stride}";

        private string PlainPaddingText() => Padding == 0 ? "no padding" : $"{Padding} zero pixel{(Padding == 1 ? "" : "s")} of padding on every side";
    }
}
