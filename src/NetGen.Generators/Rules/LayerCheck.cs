using Microsoft.CodeAnalysis;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;

namespace NetGen.Generators.Rules
{
    /// <summary>What a layer kind's rules see of their surroundings, and where they report.</summary>
    internal sealed class LayerCheck
    {
        private readonly NetworkRules.Reporter _report;

        public LayerCheck(int index, string kind, string layerName, string networkName, Shape? input, LayerSpec? below, bool isOutput, bool singlePrecision,
            NetworkRules.Reporter report)
        {
            SinglePrecision = singlePrecision;
            Index = index;
            Kind = kind;
            LayerName = layerName;
            NetworkName = networkName;
            Input = input;
            Below = below;
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

        /// <summary>The layer declared below this one; null for the first layer.</summary>
        public LayerSpec? Below { get; }

        public bool IsOutput { get; }

        /// <summary>Whether the network computes in float, so that its constants must fit a float.</summary>
        public bool SinglePrecision { get; }

        /// <summary>Why a declared constant (an activation parameter, BiasInit) cannot be written into this network's code, or null.</summary>
        public string? ConstantProblem(double value) =>
            !RuleFormat.IsFinite(value) ? "it must be a finite number"
            : SinglePrecision && float.IsInfinity((float)value) ? "it must fit a float (|x| ≤ 3.4028235E+38) in a Single-precision network"
            : null;

        /// <summary>Reports a violation at the layer's attribute, or at its argument <paramref name="argument"/> when given.</summary>
        public void Report(DiagnosticDescriptor descriptor, string? argument, params object[] arguments) =>
            _report(descriptor, new RuleTarget(TargetKind.Layer, Index, argument), arguments);
    }
}
