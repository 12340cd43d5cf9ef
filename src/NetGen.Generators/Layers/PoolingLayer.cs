using System.Collections.Generic;
using NetGen.Generators.Emitting;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using NetGen.Generators.Rules;
using static NetGen.Generators.Emitting.MathText;

namespace NetGen.Generators.Layers
{
    /// <summary>How a pooling window turns its pixels into one value.</summary>
    internal enum PoolKind
    {
        Max,
        Average,
    }

    /// <summary>Where a pooling layer's windows come from.</summary>
    internal enum PoolReach
    {
        /// <summary>[MaxPool1D(size)], [AvgPool1D(size)]: windows along a sequence.</summary>
        Sequence,

        /// <summary>[MaxPool2D(size | height, width)], [AvgPool2D(…)]: windows over an image.</summary>
        Image,

        /// <summary>[GlobalMaxPool], [GlobalAvgPool]: one window, the whole map, per channel; the output is a vector.</summary>
        Global,
    }

    /// <summary>
    /// Max and average pooling, as nn.MaxPool1d/2d, nn.AvgPool1d/2d and (global) nn.AdaptiveMaxPool2d(1) /
    /// nn.AdaptiveAvgPool2d(1) + Flatten: each output is the maximum or the mean of a window of the map below. Padding never
    /// wins a maximum (−∞); in a mean it counts as zeros unless CountPadding = false or Same. No parameters and no
    /// activation stage.
    /// </summary>
    /// <param name="Rectangular">Whether a 2-D window was declared as (height, width) (for pointing at the arguments).</param>
    /// <param name="DeclaredStride">The Stride named argument; null when unset (the window's size).</param>
    /// <param name="DeclaredStrideWidth">StrideWidth; 0 (unset) follows Stride when set, else the window's width.</param>
    /// <param name="DeclaredCountPadding">CountPadding as declared; null when unset.</param>
    internal sealed record PoolingLayer(PoolKind Pooling, PoolReach Reach, int WindowHeight, int WindowWidth, bool Rectangular, int? DeclaredStride,
        int DeclaredStrideWidth, int Padding, bool Same, bool? DeclaredCountPadding) : LayerSpec
    {
        public const string MaxPool1DMetadataName = "NetGen.MaxPool1DAttribute";
        public const string AvgPool1DMetadataName = "NetGen.AvgPool1DAttribute";
        public const string MaxPool2DMetadataName = "NetGen.MaxPool2DAttribute";
        public const string AvgPool2DMetadataName = "NetGen.AvgPool2DAttribute";
        public const string GlobalMaxPoolMetadataName = "NetGen.GlobalMaxPoolAttribute";
        public const string GlobalAvgPoolMetadataName = "NetGen.GlobalAvgPoolAttribute";

        public static PoolingLayer ParseMax1D(AttributeArguments arguments) => Parse(PoolKind.Max, PoolReach.Sequence, arguments);

        public static PoolingLayer ParseAverage1D(AttributeArguments arguments) => Parse(PoolKind.Average, PoolReach.Sequence, arguments);

        public static PoolingLayer ParseMax2D(AttributeArguments arguments) => Parse(PoolKind.Max, PoolReach.Image, arguments);

        public static PoolingLayer ParseAverage2D(AttributeArguments arguments) => Parse(PoolKind.Average, PoolReach.Image, arguments);

        public static PoolingLayer ParseGlobalMax(AttributeArguments arguments) => Parse(PoolKind.Max, PoolReach.Global, arguments);

        public static PoolingLayer ParseGlobalAverage(AttributeArguments arguments) => Parse(PoolKind.Average, PoolReach.Global, arguments);

        /// <summary>A 1-D window is (1, size); a 2-D one (size, size) or (height, width), which binds two constructor arguments.</summary>
        private static PoolingLayer Parse(PoolKind pooling, PoolReach reach, AttributeArguments arguments)
        {
            bool rectangular = reach == PoolReach.Image && arguments.Count == 2;
            int first = arguments.Int(0) ?? 0;
            var (height, width) = reach switch
            {
                PoolReach.Sequence => (1, first),
                PoolReach.Image => (first, rectangular ? arguments.Int(1) ?? 0 : first),
                _ => (0, 0),
            };
            return new(pooling, reach, height, width, rectangular, arguments.NamedInt(KnownNames.Stride), arguments.NamedInt(KnownNames.StrideWidth) ?? 0,
                arguments.NamedInt(KnownNames.Padding) ?? 0, arguments.NamedBool(KnownNames.Same) ?? false, arguments.NamedBool(KnownNames.CountPadding));
        }

        public override string Kind => (Pooling, Reach) switch
        {
            (PoolKind.Max, PoolReach.Sequence) => "MaxPool1D",
            (PoolKind.Average, PoolReach.Sequence) => "AvgPool1D",
            (PoolKind.Max, PoolReach.Image) => "MaxPool2D",
            (PoolKind.Average, PoolReach.Image) => "AvgPool2D",
            (PoolKind.Max, _) => "GlobalMaxPool",
            _ => "GlobalAvgPool",
        };

        /// <summary>Padding counts as zeros in a mean unless declared otherwise; "same" padding never counts.</summary>
        public bool CountPadding => !Same && (DeclaredCountPadding ?? true);

        /// <summary>
        /// The pooling the generated code has always written in its short form: a square 2-D window, one stride, no padding.
        /// </summary>
        private bool IsPlain => Reach == PoolReach.Image && WindowHeight == WindowWidth && RowStride == ColumnStride && Padding == 0 && !Same;

        private int RowStride => Reach == PoolReach.Sequence ? 1 : DeclaredStride ?? WindowHeight;

        private int ColumnStride => DeclaredStrideWidth > 0 ? DeclaredStrideWidth : DeclaredStride ?? WindowWidth;

        private string SizeArgument => Rectangular ? "height" : "size";

        public override ActivationSpec? Activation => null;

        public override bool Accepts(Activation activation) => false;

        public override Shape? Check(LayerCheck check)
        {
            if (Reach == PoolReach.Global)
                return check.Input is Shape map && CheckMapInput(check, map) ? OutputShape(map) : null;

            // An unset stride follows the size, whose own rule already reports a bad value.
            bool valid = WindowRules.CheckArguments(check, ArgumentRules());
            valid &= WindowRules.CheckExclusive(check, Padding != 0, KnownNames.Padding, Same, KnownNames.Same);
            valid &= WindowRules.CheckExclusive(check, DeclaredCountPadding == true, KnownNames.CountPadding, Same, KnownNames.Same);
            if (!valid || check.Input is not Shape input || !WindowRules.CheckMapKind(check, input, Reach == PoolReach.Sequence ? ShapeKind.Sequence : ShapeKind.Image)) return null;
            var (rows, columns) = Axes(input);
            return WindowRules.CheckFits(check, SizeArgument, "window", Reach == PoolReach.Sequence ? $"{WindowWidth}" : $"{WindowHeight}×{WindowWidth}", input, rows, columns,
                "make the window smaller or remove a layer that shrinks the map") ? OutputShape(input) : null;
        }

        private IEnumerable<WindowRules.ArgumentRule> ArgumentRules()
        {
            yield return WindowRules.AtLeastOne(SizeArgument, WindowHeight, "window size");
            if (Rectangular) yield return WindowRules.AtLeastOne("width", WindowWidth, "window size");
            yield return WindowRules.AtLeastOne(KnownNames.Stride, DeclaredStride ?? 1, "stride");
            yield return WindowRules.NotNegative(KnownNames.StrideWidth, DeclaredStrideWidth, "stride along the width (0: the same as Stride)");
            yield return WindowRules.NotNegative(KnownNames.Padding, Padding, "padding");
            // PyTorch's rule, which keeps a pixel of the map in every window.
            int half = System.Math.Min(WindowHeight, WindowWidth) / 2;
            if (Reach == PoolReach.Sequence) half = WindowWidth / 2;
            yield return new WindowRules.ArgumentRule(KnownNames.Padding, Padding, Padding <= System.Math.Max(half, 0) || Padding < 0 || WindowHeight < 1 || WindowWidth < 1,
                $"the padding must be at most half the window ({System.Math.Max(half, 0)}), so that every window holds a value of the map");
        }

        /// <summary>The rows' and the columns' geometry over <paramref name="input"/>; a global pool's window is the whole map.</summary>
        public (Axis Rows, Axis Columns) Axes(Shape input)
        {
            if (Reach == PoolReach.Global) return (new Axis(input.Height, 1, 1, 0, 0), new Axis(input.Width, 1, 1, 0, 0));
            var rows = Reach == PoolReach.Sequence ? Axis.Single
                : Same ? Axis.Same(input.Height, WindowHeight, RowStride, 1)
                : Axis.Symmetric(WindowHeight, RowStride, 1, Padding);
            var columns = Same ? Axis.Same(input.Width, WindowWidth, ColumnStride, 1) : Axis.Symmetric(WindowWidth, ColumnStride, 1, Padding);
            return (rows, columns);
        }

        public override Shape OutputShape(Shape input)
        {
            if (Reach == PoolReach.Global) return Shape.Vector(input.Channels);
            var (rows, columns) = Axes(input);
            return input.WithMap(input.Channels, rows.Output(input.Height), columns.Output(input.Width));
        }

        public override string Describe() => Reach switch
        {
            PoolReach.Global => Kind,
            PoolReach.Sequence => $"{Kind} {WindowWidth}{Geometry()}",
            _ => IsPlain ? $"{Kind} {WindowHeight}" + (RowStride == WindowHeight ? "" : $" s{RowStride}") : $"{Kind} {WindowHeight}×{WindowWidth}{Geometry()}",
        };

        /// <summary>The declared geometry in the architecture string, e.g. " s1 p1", " s2×1 same", " p1 uncounted".</summary>
        private string Geometry()
        {
            string stride = Reach == PoolReach.Sequence ? (ColumnStride == WindowWidth ? "" : $" s{ColumnStride}")
                : RowStride == ColumnStride ? (RowStride == WindowHeight && ColumnStride == WindowWidth ? "" : $" s{RowStride}")
                : $" s{RowStride}×{ColumnStride}";
            return stride + (Same ? " same" : "") + (Padding == 0 ? "" : $" p{Padding}") +
                   (Pooling == PoolKind.Average && Padding > 0 && !CountPadding ? " uncounted" : "");
        }

        public override string KindColumn => Describe();

        public override bool HasShapeField => true;

        public override string ShapeDeclaration(LayerPlan plan)
        {
            var input = plan.Input;
            if (IsPlain)
                return $"{RuntimeNames.Pool2DShape} {plan.ShapeField} = new(channels: {input.Channels}, height: {input.Height}, width: {input.Width}, " +
                       $"size: {WindowHeight}, stride: {RowStride});";
            var (rows, columns) = Axes(input);
            return $"{RuntimeNames.Pool2DShape} {plan.ShapeField} = new(channels: {input.Channels}, height: {input.Height}, width: {input.Width}, " +
                   $"windowHeight: {rows.Size}, windowWidth: {columns.Size}, strideHeight: {rows.Stride}, strideWidth: {columns.Stride}, " +
                   $"padTop: {rows.PadBefore}, padBottom: {rows.PadAfter}, padLeft: {columns.PadBefore}, padRight: {columns.PadAfter}, " +
                   $"countPadding: {(CountPadding ? "true" : "false")});";
        }

        /// <summary>The runtime kernel: every pooling layer is a 2-D pooling over a map (a sequence has height 1; a global window is the map).</summary>
        private string Kernel => Pooling == PoolKind.Max ? "MaxPool2D" : "AvgPool2D";

        public override void EmitForward(LayerEmission e)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), belowSup = Sup(l.Number - 1);
            string operation = Pooling == PoolKind.Max ? "max" : "mean";
            if (Reach == PoolReach.Global)
            {
                string all = l.Input.Kind == ShapeKind.Sequence ? "a{0}[c, :]" : "a{0}[c, :, :]";
                e.W.Comment($"a{sup}[c] = {operation} {string.Format(System.Globalization.CultureInfo.InvariantCulture, all, belowSup)}: global {(Pooling == PoolKind.Max ? "max" : "average")} pooling, " +
                            $"one value per channel of the {l.Input.Text} map{(Pooling == PoolKind.Max ? " (NaN wins)" : $" (the sum over {l.Input.Height * l.Input.Width} values, divided by {l.Input.Height * l.Input.Width})")}.");
            }
            else if (IsPlain)
            {
                string window = $"a{belowSup}[c, i·{RowStride} .. i·{RowStride}+{WindowHeight - 1}, j·{RowStride} .. j·{RowStride}+{WindowHeight - 1}]";
                e.W.Comment(Pooling == PoolKind.Max
                    ? $"a{sup}[c,i,j] = max {window}: {WindowHeight}×{WindowHeight} windows, stride {RowStride}, over the {l.Input.Text} map (NaN wins)."
                    : $"a{sup}[c,i,j] = mean {window}: {WindowHeight}×{WindowHeight} windows, stride {RowStride}, over the {l.Input.Text} map.");
            }
            else
            {
                var (rows, columns) = Axes(l.Input);
                string window = Reach == PoolReach.Sequence
                    ? $"a{sup}[c,t] = {operation} a{belowSup}[c, {Range('t', columns)}]"
                    : $"a{sup}[c,i,j] = {operation} a{belowSup}[c, {Range('i', rows)}, {Range('j', columns)}]";
                string size = Reach == PoolReach.Sequence ? $"windows of {WindowWidth}, stride {columns.Stride}" : $"{WindowHeight}×{WindowWidth} windows, stride {StrideText(rows, columns)}";
                e.W.Comment($"{window}: {size}, over the {l.Input.Text} {(Reach == PoolReach.Sequence ? "sequence" : "map")},");
                e.W.Comment($"{PaddingSentence(rows, columns)}.");
            }
            e.W.Line($"{RuntimeNames.NetMath}.{Kernel}({e.BelowSpan}, {l.Span('a')}, {l.ShapeField});");
        }

        private static string Range(char output, Axis axis)
        {
            string start = $"{output}·{axis.Stride}{(axis.PadBefore == 0 ? "" : $"−{axis.PadBefore}")}";
            return $"{start} .. {start}+{axis.Size - 1}";
        }

        private static string StrideText(Axis rows, Axis columns) => rows.Stride == columns.Stride ? $"{rows.Stride}" : $"{rows.Stride} down, {columns.Stride} across";

        /// <summary>What the padding is and how it counts, e.g. "padding 1 above and below, … (−∞: never the maximum)".</summary>
        private string PaddingSentence(Axis rows, Axis columns)
        {
            string where = Reach == PoolReach.Sequence
                ? $"padding {WindowRules.PaddingText(columns, "before", "after")}"
                : $"padding: rows {WindowRules.PaddingText(rows, "above", "below")}, columns {WindowRules.PaddingText(columns, "left", "right")}";
            if (Same) where = "\"same\" " + where;
            bool padded = rows.PadBefore + rows.PadAfter + columns.PadBefore + columns.PadAfter > 0;
            if (!padded) return where + (Pooling == PoolKind.Max ? " (NaN wins)" : "");
            return where + (Pooling == PoolKind.Max ? " (−∞, so never the maximum; NaN wins)"
                : CountPadding ? $" (zeros that count: every mean divides by {rows.Size * columns.Size})"
                : " (not counted: a mean divides by its window's values inside the map)");
        }

        public override string InputGradientText(LayerPlan plan) => Pooling == PoolKind.Max
            ? $"δ{Sup(plan.Number)} routed to each window's maximum"
            : $"δ{Sup(plan.Number)} spread evenly over each window";

        public override void EmitInputGradient(LayerEmission e, string target, GradientSink? stepAlong)
        {
            var l = e.Plan;
            string sup = Sup(l.Number);
            if (Pooling == PoolKind.Max)
            {
                e.W.Comment(Reach == PoolReach.Global
                    ? $"Only a channel's maximum moved its output: it gets δ{sup}[c] (the first maximum on ties), the other values 0."
                    : $"Only a window's maximum moved its output: it gets δ{sup}[c,{(Reach == PoolReach.Sequence ? "t" : "i,j")}] (the first maximum on ties), the other {(Reach == PoolReach.Sequence ? "values" : "pixels")} 0;");
                if (Reach != PoolReach.Global)
                    e.W.Comment(IsPlain || Padding == 0 && !Same ? "a pixel in several windows sums what it gets." : "a pixel in several windows sums what it gets; the padding never won, so it takes nothing.");
                e.W.Line($"{RuntimeNames.NetMath}.MaxPool2DBackward({e.BelowSpan}, {l.Span('d')}, {target}, {l.ShapeField});");
                return;
            }

            if (Reach == PoolReach.Global)
            {
                int area = l.Input.Height * l.Input.Width;
                e.W.Comment($"Every value of channel c moved its mean by 1/{area}: each gets δ{sup}[c] / {area}.");
            }
            else if (IsPlain)
                e.W.Comment($"Every pixel of a window moved its mean by 1/{WindowHeight * WindowHeight}: each gets δ{sup}[c,i,j] / {WindowHeight * WindowHeight}, summed over the windows it is in.");
            else
                e.W.Comment($"Every value of a window inside the map moved its mean by 1/divisor: each gets δ{sup} / divisor, summed over the windows it is in " +
                            $"({(CountPadding ? $"divisor {WindowHeight * WindowWidth}, the whole window" : "divisor: the window's values inside the map")}).");
            e.W.Line($"{RuntimeNames.NetMath}.AvgPool2DBackward({l.Span('d')}, {target}, {l.ShapeField});");
        }

        public override void EmitBatchForward(BatchEmission e)
        {
            var l = e.Plan;
            e.W.Comment($"A{Sup(l.Number)} row r = {(Reach == PoolReach.Global ? "global " : "")}{(Pooling == PoolKind.Max ? "max" : "mean")} pooling of sample r's map.");
            e.ForEachRow($"{RuntimeNames.NetMath}.{Kernel}({BatchEmission.Row(e.BelowMatrix, l.FanIn)}, {BatchEmission.Row(l.Matrix('a'), l.Units)}, {l.ShapeField});");
        }

        public override void EmitBatchInputGradient(BatchEmission e, string target)
        {
            var l = e.Plan;
            e.W.Comment($"Row r = {InputGradientText(l)}, for sample r.");
            e.ForEachRow(Pooling == PoolKind.Max
                ? $"{RuntimeNames.NetMath}.MaxPool2DBackward({BatchEmission.Row(e.BelowMatrix, l.FanIn)}, {BatchEmission.Row(l.Matrix('d'), l.Units)}, {BatchEmission.Row(target, l.FanIn)}, {l.ShapeField});"
                : $"{RuntimeNames.NetMath}.AvgPool2DBackward({BatchEmission.Row(l.Matrix('d'), l.Units)}, {BatchEmission.Row(target, l.FanIn)}, {l.ShapeField});");
        }
    }
}
