using System.Collections.Immutable;
using System.Linq;
using NetGen.Generators.Model;
using static NetGen.Generators.DiagnosticDescriptors;

namespace NetGen.Generators.Rules
{
    /// <summary>
    /// Where LogSoftmax may stand: only on the output layer, on one that takes it (a Dense vector, not a map), over at least
    /// two units, and with the loss made for log-probabilities. NegativeLogLikelihood without LogSoftmax is NG0005, which
    /// NetworkRules reports for every loss that needs a particular output.
    /// </summary>
    internal static class LogSoftmaxRules
    {
        public static void Check(NetworkSpec spec, ImmutableArray<Shape>? shapes, NetworkRules.Reporter report)
        {
            string name = spec.Type.DisplayName;
            int outputIndex = spec.Layers.Count - 1;
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                var layer = spec.Layers[i];
                if (layer.Activation?.Activation != Activation.LogSoftmax) continue;
                string layerName = NetworkRules.LayerName(i, layer.Kind, spec.Layers.Take(i + 1).Count(l => l.Kind == layer.Kind));
                var activation = new RuleTarget(TargetKind.Layer, i, "activation");

                string? misplaced = !layer.Accepts(Activation.LogSoftmax) ? $"normalises a vector and cannot apply to the output of a [{layer.Kind}]"
                    : i != outputIndex ? "belongs on the output layer, not a hidden one"
                    : null;
                if (misplaced is not null)
                {
                    report(LogSoftmaxNotOnOutput, activation, layerName, name, misplaced);
                    continue;
                }

                if (shapes is { } known && known[i + 1].Size == 1)
                    report(LogSoftmaxOfOneUnit, new RuleTarget(TargetKind.Layer, i, "units"), layerName, name);
                // A loss that needs another output is NG0005 already; only the losses that take any output get this warning.
                if (spec.Loss is Loss loss && System.Enum.IsDefined(typeof(Loss), loss) && NetworkRules.RequiredOutputActivation(loss) is null)
                    report(LogSoftmaxWithoutNegativeLogLikelihood, activation, name, layerName, loss);
            }
        }
    }
}
