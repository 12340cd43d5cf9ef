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

    /// <summary>
    /// [MaxPool2D(size)] and [AvgPool2D(size)] with named Stride (the window size by default): each output is the maximum or
    /// the mean of a window, as nn.MaxPool2d / nn.AvgPool2d without padding. No parameters and no activation stage.
    /// </summary>
    /// <param name="DeclaredStride">The Stride named argument; null when unset (the window's size).</param>
    internal sealed record Pool2DLayer(PoolKind Pooling, int Size, int? DeclaredStride) : LayerSpec
    {
        public const string MaxMetadataName = "NetGen.MaxPool2DAttribute";
        public const string AverageMetadataName = "NetGen.AvgPool2DAttribute";

        public static Pool2DLayer ParseMax(AttributeArguments arguments) => Parse(PoolKind.Max, arguments);

        public static Pool2DLayer ParseAverage(AttributeArguments arguments) => Parse(PoolKind.Average, arguments);

        private static Pool2DLayer Parse(PoolKind pooling, AttributeArguments arguments) =>
            new(pooling, arguments.Int(0) ?? 0, arguments.NamedInt(KnownNames.Stride));

        /// <summary>The step between windows: as declared, else the window's size (windows side by side).</summary>
        public int Stride => DeclaredStride ?? Size;

        public override string Kind => Pooling == PoolKind.Max ? "MaxPool2D" : "AvgPool2D";

        public override ActivationSpec? Activation => null;

        public override bool Accepts(Activation activation) => false;

        public override Shape? Check(LayerCheck check)
        {
            // An unset stride follows the size, whose own rule already reports a bad value.
            bool valid = WindowRules.CheckArguments(check, "size", Size, DeclaredStride ?? 1, padding: 0);
            if (!valid || check.Input is not Shape input || !CheckMapInput(check, input)) return null;
            return WindowRules.CheckFits(check, "size", "window", Size, input, padding: 0,
                "make the window smaller or remove a layer that shrinks the map (pooling has no padding)") ? OutputShape(input) : null;
        }

        public override Shape OutputShape(Shape input) => Shape.Map(input.Channels, (input.Height - Size) / Stride + 1, (input.Width - Size) / Stride + 1);

        public override string Describe() => $"{Kind} {Size}" + (Stride == Size ? "" : $" s{Stride}");

        public override string KindColumn => Describe();

        public override bool HasShapeField => true;

        public override string ShapeDeclaration(LayerPlan plan) =>
            $"{RuntimeNames.Pool2DShape} {plan.ShapeField} = new(channels: {plan.Input.Channels}, height: {plan.Input.Height}, width: {plan.Input.Width}, " +
            $"size: {Size}, stride: {Stride});";

        public override void EmitForward(LayerEmission e)
        {
            var l = e.Plan;
            string sup = Sup(l.Number), belowSup = Sup(l.Number - 1);
            string window = $"a{belowSup}[c, i·{Stride} .. i·{Stride}+{Size - 1}, j·{Stride} .. j·{Stride}+{Size - 1}]";
            if (Pooling == PoolKind.Max)
            {
                e.W.Comment($"a{sup}[c,i,j] = max {window}: {Size}×{Size} windows, stride {Stride}, over the {l.Input.Text} map (NaN wins).");
                e.W.Line($"{RuntimeNames.NetMath}.MaxPool2D({e.BelowSpan}, {l.Span('a')}, {l.ShapeField});");
            }
            else
            {
                e.W.Comment($"a{sup}[c,i,j] = mean {window}: {Size}×{Size} windows, stride {Stride}, over the {l.Input.Text} map.");
                e.W.Line($"{RuntimeNames.NetMath}.AvgPool2D({e.BelowSpan}, {l.Span('a')}, {l.ShapeField});");
            }
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
                e.W.Comment($"Only a window's maximum moved its output: it gets δ{sup}[c,i,j] (the first maximum on ties), the other pixels 0;");
                e.W.Comment("a pixel in several windows sums what it gets.");
                e.W.Line($"{RuntimeNames.NetMath}.MaxPool2DBackward({e.BelowSpan}, {l.Span('d')}, {target}, {l.ShapeField});");
            }
            else
            {
                e.W.Comment($"Every pixel of a window moved its mean by 1/{Size * Size}: each gets δ{sup}[c,i,j] / {Size * Size}, summed over the windows it is in.");
                e.W.Line($"{RuntimeNames.NetMath}.AvgPool2DBackward({l.Span('d')}, {target}, {l.ShapeField});");
            }
        }

        public override void EmitBatchForward(BatchEmission e)
        {
            var l = e.Plan;
            e.W.Comment($"A{Sup(l.Number)} row r = {(Pooling == PoolKind.Max ? "max" : "mean")} pooling of sample r's map.");
            e.ForEachRow($"{RuntimeNames.NetMath}.{Kind}({BatchEmission.Row(e.BelowMatrix, l.FanIn)}, {BatchEmission.Row(l.Matrix('a'), l.Units)}, {l.ShapeField});");
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
