using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generators.Layers;

namespace NetGen.Generators.Onnx
{
    /// <summary>
    /// Activations that exporters write as several nodes because the opset has no operator for them, read back as one: each
    /// pattern is the expression its nodes compute from the chain's value x, with its constants as they are written (in the
    /// constant's own precision, compared bit for bit), so that only exactly that computation is taken for the activation.
    /// torch.onnx.export (opsets 11 to 17) and OnnxModel.Save write GELU and Mish this way; OnnxModel.Save also writes Step,
    /// PiecewiseLinear and a Linear activation with a slope k.
    /// </summary>
    internal static class OnnxPatterns
    {
        /// <summary>A term of a pattern: x, a constant, the activation's one parameter, or an operator applied to terms.</summary>
        private abstract record Term;

        private sealed record ChainValue : Term;

        private sealed record Constant(double Value) : Term;

        /// <summary>Any one-value constant: the activation's parameter (Step's threshold, Linear's slope).</summary>
        private sealed record Parameter : Term;

        /// <summary>A node of <paramref name="OpType"/> whose inputs are <paramref name="Inputs"/> (either order for Add and Mul), and for which <paramref name="Holds"/>.</summary>
        private sealed record Operator(string OpType, Term[] Inputs, Func<OnnxImport, OnnxNode, bool>? Holds = null) : Term
        {
            public int Count => 1 + Inputs.OfType<Operator>().Sum(o => o.Count);

            public int ChainReads => Inputs.Sum(t => t switch { ChainValue => 1, Operator o => o.ChainReads, _ => 0 });
        }

        private static readonly Term X = new ChainValue();

        private static Operator Op(string opType, params Term[] inputs) => new(opType, inputs);

        /// <summary>Longest first: a shorter pattern may be the start of a longer one.</summary>
        private static readonly (Operator Expression, Func<double?, ActivationSpec> Activation)[] Patterns = new (Operator, Func<double?, ActivationSpec>)[]
        {
            // GELU, ½ x (1 + erf(x/√2)), with the ½ last (torch.onnx.export, OnnxModel.Save) or first.
            (Op("Mul", Op("Mul", X, Op("Add", Op("Erf", Op("Div", X, new Constant(Math.Sqrt(2)))), new Constant(1))), new Constant(0.5)), _ => Plain(Activation.GELU)),
            (Op("Mul", Op("Mul", X, new Constant(0.5)), Op("Add", Op("Erf", Op("Div", X, new Constant(Math.Sqrt(2)))), new Constant(1))), _ => Plain(Activation.GELU)),
            // Mish, x tanh(softplus(x)).
            (Op("Mul", X, Op("Tanh", Op("Softplus", X))), _ => Plain(Activation.Mish)),
            // Step, 1 where x ≥ k (a Cast of the comparison back to the network's numbers).
            (new Operator("Cast", new Term[] { Op("GreaterOrEqual", X, new Parameter()) }, (import, node) => import.Int(node, "to", 0) is OnnxFile.Float or OnnxFile.Double),
                k => new ActivationSpec(Activation.Step, null, k == 0 ? null : k, null)),
            // PiecewiseLinear, min(max(x + ½, 0), 1).
            (Op("Clip", Op("Add", X, new Constant(0.5)), new Constant(0), new Constant(1)), _ => Plain(Activation.PiecewiseLinear)),
            // Linear with a slope, k x.
            (Op("Mul", X, new Parameter()), k => new ActivationSpec(Activation.Linear, k == 1 ? null : k, null, null)),
        };

        private static ActivationSpec Plain(Activation activation) => new(activation, null, null, null);

        /// <summary>Every operator some pattern has: after a broken chain, a node of one of them is not named as an operator NetGen does not know.</summary>
        public static readonly IReadOnlyCollection<string> Operators = new HashSet<string>(Patterns.SelectMany(p => OperatorsOf(p.Expression)), StringComparer.Ordinal);

        private static IEnumerable<string> OperatorsOf(Operator term) => new[] { term.OpType }.Concat(term.Inputs.OfType<Operator>().SelectMany(OperatorsOf));

        /// <summary>
        /// The pattern that the graph's nodes from index <paramref name="start"/> on compute from the value <paramref name="x"/>,
        /// if one does: its nodes (the next ones in the graph, the last giving the result) and the activation they are. Every
        /// value inside the pattern must be read by the pattern alone, and x by the pattern's nodes alone.
        /// </summary>
        public static (IReadOnlyList<OnnxNode> Nodes, ActivationSpec Activation)? Match(OnnxImport import, int start, string x)
        {
            foreach (var (expression, activation) in Patterns)
            {
                if (import.Nodes(start, expression.Count) is not { } window) continue;
                var matching = new Matching(import, window, x);
                if (!matching.Matches(expression, window[window.Count - 1].Outputs.FirstOrDefault() ?? "") || matching.Used.Count != window.Count) continue;
                bool privateValues = window.All(node => node == window[window.Count - 1] || node.Outputs.Count == 1 && import.Readers(node.Outputs[0]) == 1);
                if (privateValues && import.Readers(x) == expression.ChainReads) return (window, activation(matching.Parameter));
            }
            return null;
        }

        /// <summary>One attempt to read a pattern in a window of nodes, x being the chain's value: the nodes it has used, and the parameter it has read.</summary>
        private sealed class Matching
        {
            private readonly OnnxImport _import;
            private readonly IReadOnlyList<OnnxNode> _window;
            private readonly string _x;

            public Matching(OnnxImport import, IReadOnlyList<OnnxNode> window, string x) => (_import, _window, _x) = (import, window, x);

            public List<OnnxNode> Used { get; } = new();

            public double? Parameter { get; private set; }

            /// <summary>Whether <paramref name="value"/> is computed as <paramref name="term"/> says; on failure, nothing stays used.</summary>
            public bool Matches(Term term, string value)
            {
                switch (term)
                {
                    case ChainValue:
                        return value == _x;
                    case Constant constant:
                        return Scalar(_import, value) is (double written, int type) && written == AsWritten(constant.Value, type);
                    case OnnxPatterns.Parameter:
                        if (Scalar(_import, value) is not (double number, int dataType)) return false;
                        Parameter = dataType == OnnxFile.Float ? OnnxOperators.FloatDecimal(number) : number;
                        return true;
                    case Operator op:
                        var node = _window.FirstOrDefault(n => !Used.Contains(n) && n.Outputs.Count > 0 && n.Outputs[0] == value);
                        if (node is null || node.OpType != op.OpType || node.Domain is not ("" or "ai.onnx") || node.Inputs.Count != op.Inputs.Length || op.Holds?.Invoke(_import, node) == false)
                            return false;
                        int mark = Used.Count;
                        Used.Add(node);
                        if (InputsMatch(op.Inputs, node.Inputs)) return true;
                        Used.RemoveRange(mark + 1, Used.Count - mark - 1);
                        if (op.OpType is "Add" or "Mul" && InputsMatch(op.Inputs, new[] { node.Inputs[1], node.Inputs[0] })) return true;
                        Used.RemoveRange(mark, Used.Count - mark);
                        return false;
                    default:
                        return false;
                }
            }

            private bool InputsMatch(Term[] terms, IReadOnlyList<string> inputs) => terms.Select((term, i) => (term, i)).All(t => Matches(t.term, inputs[t.i]));
        }

        /// <summary>A one-value float or double constant, and its element type.</summary>
        private static (double Value, int DataType)? Scalar(OnnxImport import, string value) =>
            import.ConstantNamed(value) is { Values: { Length: 1 } values, DataType: OnnxFile.Float or OnnxFile.Double } tensor ? (values[0], tensor.DataType) : null;

        /// <summary>A pattern's constant as an exporter writes it in a tensor of <paramref name="dataType"/>: √2 as a float is 1.41421354.</summary>
        private static double AsWritten(double value, int dataType) => dataType == OnnxFile.Float ? (float)value : value;
    }
}
