using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;

namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// A network as the attributes a user could have written, for the header of an imported network: the import can be
    /// read, copied and edited. Arguments at their defaults are left out, as a user would.
    /// </summary>
    internal static class AttributeText
    {
        public static IEnumerable<string> Declaration(NetworkSpec spec)
        {
            var network = new List<string> { $"Loss.{spec.Loss}" };
            if (spec.Precision == Precision.Double) network.Add("Precision = Precision.Double");
            if (spec.ModelFile is string model) network.Add($"{KnownNames.Model} = \"{model}\"");
            if (spec.Frozen) network.Add($"{KnownNames.Frozen} = true");
            yield return $"[Network({string.Join(", ", network)})]";
            if (spec.Inputs.Count == 1) yield return $"[Input({InputArguments(spec.Inputs[0])})]";
            foreach (var layer in spec.Layers) yield return Layer(layer);
        }

        private static string Layer(LayerSpec layer) => layer switch
        {
            DenseLayer dense => Attribute(dense.Kind, new[] { MathText.Number(dense.Units) }.Concat(Activation(dense.ActivationStage))
                .Concat(dense.Bias ? Array.Empty<string>() : new[] { $"{KnownNames.Bias} = false" })),
            ConvolutionLayer conv => Attribute(conv.Kind, Convolution(conv)),
            PoolingLayer { Reach: PoolReach.Global } pool => $"[{pool.Kind}]",
            PoolingLayer pool => Attribute(pool.Kind, Pooling(pool)),
            ActivateLayer activate => Attribute(activate.Kind, Activation(activate.ActivationStage, always: true)),
            DropoutLayer dropout => Attribute(dropout.Kind, new[] { MathText.Number(dropout.P) }),
            BatchNormLayer norm => Attribute(norm.Kind, BatchNorm(norm)),
            RecurrentLayer recurrent => Attribute(recurrent.Kind, Recurrent(recurrent)),
            PReLULayer prelu => Attribute(prelu.Kind, prelu.PerChannel ? new[] { $"{KnownNames.PerChannel} = true" } : Array.Empty<string>()),
            _ => $"[{layer.Kind}] // {layer.Describe()}",
        };

        private static IEnumerable<string> Convolution(ConvolutionLayer conv)
        {
            yield return MathText.Number(conv.Filters);
            if (conv.Dimensions == 2 && conv.KernelHeight != conv.KernelWidth) yield return MathText.Number(conv.KernelHeight);
            yield return MathText.Number(conv.KernelWidth);
            foreach (var argument in Activation(conv.ActivationStage)) yield return argument;
            foreach (var argument in Named(KnownNames.Stride, conv.Stride, 1)) yield return argument;
            foreach (var argument in Named(KnownNames.StrideWidth, conv.DeclaredStrideWidth, 0)) yield return argument;
            foreach (var argument in Named(KnownNames.Dilation, conv.Dilation, 1)) yield return argument;
            foreach (var argument in Named(KnownNames.DilationWidth, conv.DeclaredDilationWidth, 0)) yield return argument;
            foreach (var argument in Named(KnownNames.Padding, conv.Padding, 0)) yield return argument;
            if (conv.Same) yield return $"{KnownNames.Same} = true";
            if (conv.Causal) yield return $"{KnownNames.Causal} = true";
            foreach (var argument in Named(KnownNames.Groups, conv.Groups, 1)) yield return argument;
            if (!conv.Bias) yield return $"{KnownNames.Bias} = false";
        }

        /// <summary>"3, 2" for a map; "3, Steps = 6" for steps.</summary>
        public static string InputArguments(InputSpec input) =>
            string.Join(", ", input.Dimensions) + (input.Steps is int steps ? $", {KnownNames.Steps} = {MathText.Number(steps)}" : "");

        private static IEnumerable<string> Recurrent(RecurrentLayer recurrent)
        {
            yield return MathText.Number(recurrent.Units);
            if (recurrent.Cell == RecurrentCell.RNN && recurrent.Nonlinearity != NetGen.Activation.Tanh) yield return $"Activation.{recurrent.Nonlinearity}";
            if (!recurrent.Bias) yield return $"{KnownNames.Bias} = false";
            if (recurrent.ReturnSequences) yield return $"{KnownNames.ReturnSequences} = true";
        }

        private static IEnumerable<string> BatchNorm(BatchNormLayer norm)
        {
            foreach (var argument in Activation(norm.ActivationStage)) yield return argument;
            if (norm.Momentum != BatchNormDefaults.Momentum) yield return $"{KnownNames.Momentum} = {MathText.Number(norm.Momentum)}";
            if (norm.Epsilon != BatchNormDefaults.Epsilon) yield return $"{KnownNames.Epsilon} = {MathText.Number(norm.Epsilon)}";
            if (!norm.Affine) yield return $"{KnownNames.Affine} = false";
        }

        private static IEnumerable<string> Pooling(PoolingLayer pool)
        {
            if (pool.Rectangular) yield return MathText.Number(pool.WindowHeight);
            yield return MathText.Number(pool.WindowWidth);
            if (pool.DeclaredStride is int stride) yield return $"{KnownNames.Stride} = {MathText.Number(stride)}";
            foreach (var argument in Named(KnownNames.StrideWidth, pool.DeclaredStrideWidth, 0)) yield return argument;
            foreach (var argument in Named(KnownNames.Padding, pool.Padding, 0)) yield return argument;
            if (pool.Same) yield return $"{KnownNames.Same} = true";
            if (pool.DeclaredCountPadding is bool count) yield return $"{KnownNames.CountPadding} = {(count ? "true" : "false")}";
        }

        private static IEnumerable<string> Named(string name, int value, int fallback)
        {
            if (value != fallback) yield return $"{name} = {MathText.Number(value)}";
        }

        /// <summary>"[Name(arguments)]", or "[Name]" when every argument is at its default.</summary>
        private static string Attribute(string name, IEnumerable<string> arguments) =>
            string.Join(", ", arguments) is { Length: > 0 } list ? $"[{name}({list})]" : $"[{name}]";

        /// <summary>The activation argument and its parameter, e.g. "Activation.LeakyReLU, Slope = 0.1"; nothing for a plain Linear.</summary>
        private static IEnumerable<string> Activation(ActivationSpec activation, bool always = false)
        {
            if (activation.Activation == NetGen.Activation.Linear && activation.Parameter == 1 && !always) yield break;
            yield return $"Activation.{activation.Activation}";
            if (activation.Slope is double slope) yield return $"{KnownNames.Slope} = {MathText.Number(slope)}";
            if (activation.Threshold is double threshold) yield return $"{KnownNames.Threshold} = {MathText.Number(threshold)}";
            if (activation.Alpha is double alpha) yield return $"{KnownNames.Alpha} = {MathText.Number(alpha)}";
        }
    }
}
