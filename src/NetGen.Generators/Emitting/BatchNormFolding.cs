using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;
using NetGen.Generators.Rules;

namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// A [BatchNorm] folded into the layer before it: the two declared layers' numbers (l of docs/math.md) and the layer of
    /// the computed network that does their work.
    /// </summary>
    internal sealed record BatchNormFold(int LayerNumber, string LayerKind, int BatchNormNumber, int ComputedNumber)
    {
        /// <summary>The fold in one line, for the file header.</summary>
        public string Text(string weightSymbol) =>
            $"Layer {BatchNormNumber} (BatchNorm) is folded into layer {LayerNumber} ({LayerKind}): {weightSymbol}′ = s ⊙ {weightSymbol}, b′ = s ⊙ (b − μ̄) + β, s = γ/√(σ̄² + ε) per channel.";
    }

    /// <summary>
    /// What a frozen network computes in place of what it declares. A [BatchNorm] in inference mode is an affine map per
    /// channel, z = s ⊙ (x − μ̄) + β with s = γ/√(σ̄² + ε), so directly after a Dense or convolution layer without an
    /// activation of its own (x = W a + b) the two are one layer with W′ = s ⊙ W (each output channel's row or kernel
    /// scaled) and b′ = s ⊙ (b − μ̄) + β, whose activation is the BatchNorm's (docs/math.md, "Folding BatchNorm"): one pass
    /// over the values fewer, the same function. The folded values are computed in double from the weights file's and
    /// rounded once to the network's precision when the emitter writes them. Any other BatchNorm stays a layer.
    /// </summary>
    internal static class BatchNormFolding
    {
        /// <summary>The computed network, its parameters then buffers (the layout of its own spec), and what was folded.</summary>
        public sealed record Folded(NetworkSpec Spec, EquatableArray<double> Values, ImmutableArray<BatchNormFold> Folds);

        /// <summary>
        /// Folds every foldable BatchNorm of <paramref name="spec"/> (valid, with <paramref name="values"/> its parameters
        /// then its buffers); null when none is.
        /// </summary>
        public static Folded? Fold(NetworkSpec spec, EquatableArray<double> values)
        {
            var shapes = NetworkRules.Shapes(spec)!.Value;
            var layers = spec.Layers;
            var computed = new List<LayerSpec>();
            var folds = ImmutableArray.CreateBuilder<BatchNormFold>();
            List<double> parameters = new(), buffers = new();
            int parameter = 0, buffer = ParameterTensors.Of(spec, shapes).Sum(t => t.Length);
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                int tensorValues = Length(layer.Tensors(shapes[i])), bufferValues = Length(layer.Buffers(shapes[i]));
                if (FoldsInto(layers, i) && layers[i + 1] is BatchNormLayer norm && layer is WeightedLayer weighted)
                {
                    int channels = shapes[i + 1].Channels, normValues = Length(norm.Tensors(shapes[i + 1]));
                    var weight = Slice(values, parameter, Length(layer.Tensors(shapes[i]).Take(1)));
                    var bias = weighted.Bias ? Slice(values, parameter + weight.Length, channels) : new double[channels];
                    var gamma = norm.Affine ? Slice(values, parameter + tensorValues, channels) : Enumerable.Repeat(1.0, channels).ToArray();
                    var beta = norm.Affine ? Slice(values, parameter + tensorValues + channels, channels) : new double[channels];
                    var (mean, variance) = (Slice(values, buffer + bufferValues, channels), Slice(values, buffer + bufferValues + channels, channels));
                    var scale = Enumerable.Range(0, channels).Select(c => gamma[c] / System.Math.Sqrt(variance[c] + norm.Epsilon)).ToArray();
                    int row = weight.Length / channels;
                    parameters.AddRange(weight.Select((w, k) => w * scale[k / row]));
                    parameters.AddRange(Enumerable.Range(0, channels).Select(c => (bias[c] - mean[c]) * scale[c] + beta[c]));
                    computed.Add(weighted with { ActivationStage = norm.ActivationStage, Bias = true });
                    folds.Add(new BatchNormFold(i + 2, layer.Kind, i + 3, computed.Count + 1));
                    parameter += tensorValues + normValues;
                    buffer += bufferValues + Length(norm.Buffers(shapes[i + 1]));
                    i++;
                    continue;
                }

                parameters.AddRange(Slice(values, parameter, tensorValues));
                buffers.AddRange(Slice(values, buffer, bufferValues));
                parameter += tensorValues;
                buffer += bufferValues;
                computed.Add(layer);
            }

            return folds.Count == 0 ? null : new Folded(spec with { Layers = computed.ToEquatableArray() }, parameters.Concat(buffers).ToEquatableArray(), folds.ToImmutable());
        }

        /// <summary>
        /// The computed network's layer numbers in declared ones when a fold renumbered the layers above it, e.g.
        /// "2 = 2 + 3, 3 = 4"; null when nothing moved (the only fold is the last two layers).
        /// </summary>
        public static string? Numbering(ImmutableArray<BatchNormFold> folds, int declaredLayers)
        {
            int last = declaredLayers + 1;
            if (folds.All(f => f.BatchNormNumber == last)) return null;
            var entries = new List<string>();
            for (int declared = 2, number = 2; declared <= last; declared++, number++)
                entries.Add(folds.Any(f => f.LayerNumber == declared) ? $"{number} = {declared} + {++declared}" : $"{number} = {declared}");
            return string.Join(", ", entries);
        }

        /// <summary>Whether the activation stage leaves z as it is (Linear with slope 1): only then is the layer's output the BatchNorm's x.</summary>
        /// <summary>Whether layer <paramref name="i"/> (a Dense or convolution without an activation of its own) takes in the BatchNorm after it.</summary>
        public static bool FoldsInto(EquatableArray<LayerSpec> layers, int i) =>
            i + 1 < layers.Count && layers[i + 1] is BatchNormLayer && layers[i] is WeightedLayer weighted && IsIdentity(weighted.ActivationStage);

        /// <summary>What a frozen network with weights declares because of folding: FoldedParameters when a BatchNorm folds, FoldedBuffers when another one stays.</summary>
        public static (bool Parameters, bool Buffers) FoldedConstants(NetworkSpec spec)
        {
            var layers = spec.Layers;
            bool folds = spec.Frozen && spec.ParameterFile is not null && Enumerable.Range(0, layers.Count).Any(i => FoldsInto(layers, i));
            return (folds, folds && Enumerable.Range(0, layers.Count).Any(i => layers[i] is BatchNormLayer && (i == 0 || !FoldsInto(layers, i - 1))));
        }

        private static bool IsIdentity(ActivationSpec stage) => stage.Activation == Activation.Linear && stage.Parameter == 1;

        private static int Length(IEnumerable<TensorSpec> tensors) => (int)tensors.Sum(t => t.Length);

        private static double[] Slice(EquatableArray<double> values, int offset, int length) =>
            values.AsImmutableArray().Skip(offset).Take(length).ToArray();
    }
}
