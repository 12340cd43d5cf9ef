using Microsoft.CodeAnalysis;
using NetGen.Generators.Model;

namespace NetGen.Generators.Rules
{
    /// <summary>What a layer kind's rules see of their surroundings, and where they report.</summary>
    internal sealed class LayerCheck
    {
        private readonly NetworkRules.Reporter _report;

        public LayerCheck(int index, string kind, string layerName, string networkName, Shape? input, bool isOutput, NetworkRules.Reporter report)
        {
            Index = index;
            Kind = kind;
            LayerName = layerName;
            NetworkName = networkName;
            Input = input;
            IsOutput = isOutput;
            _report = report;
        }

        /// <summary>The layer's position among all declared layers, counting from 0.</summary>
        public int Index { get; }

        /// <summary>The layer's kind, e.g. "Conv2D".</summary>
        public string Kind { get; }

        /// <summary>How messages name the layer, e.g. "Layer 3 ([Conv2D] #1)".</summary>
        public string LayerName { get; }

        public string NetworkName { get; }

        /// <summary>The shape the layer below gives; null when an earlier layer is broken.</summary>
        public Shape? Input { get; }

        public bool IsOutput { get; }

        /// <summary>Reports a violation at the layer's attribute, or at its argument <paramref name="argument"/> when given.</summary>
        public void Report(DiagnosticDescriptor descriptor, string? argument, params object[] arguments) =>
            _report(descriptor, new RuleTarget(TargetKind.Layer, Index, argument), arguments);
    }
}
