using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;
using NetGen.Generators.Rules;

namespace NetGen.Generators.Onnx
{
    /// <summary>
    /// Turns an ONNX graph into NetGen's layers by walking it from its one input to its one output: each node must take the
    /// value the node before it gave (NetGen networks are chains), and <see cref="OnnxOperators.Table"/> says what it becomes.
    /// The first node that cannot be mapped stops the walk; it and every later node of an operator NetGen does not know are
    /// reported, each with what NetGen supports instead.
    /// </summary>
    internal sealed class OnnxImport
    {
        private readonly OnnxModel _model;
        private readonly string _file;
        private readonly Dictionary<string, OnnxTensor> _constants = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _consumers = new(StringComparer.Ordinal);
        private readonly List<OnnxNode> _nodes;
        private readonly List<LayerSpec> _layers = new();
        private readonly List<string> _sources = new();
        private readonly List<double> _parameters = new();
        private readonly List<double> _buffers = new();
        private int _index;
        private string _current = "";
        private bool _channelsLast;
        private bool _activationSinceLayer;
        private string? _nextValue;
        private readonly HashSet<string> _zeroStates = new(StringComparer.Ordinal);

        private OnnxImport(OnnxModel model, string file)
        {
            _model = model;
            _file = file;
            foreach (var tensor in model.Graph.Initializers) _constants[tensor.Name] = tensor;
            _nodes = new List<OnnxNode>();
            foreach (var node in model.Graph.Nodes)
            {
                if (node.OpType == "Constant" && node.Domain.Length == 0 && node.Outputs.Count == 1 && node.Attribute("value")?.T is { } value)
                    _constants[node.Outputs[0]] = value;
                // PyTorch keeps one of two equal initializers (an untrained BatchNorm's γ and running variance) and passes it on through an Identity.
                else if (node.OpType == "Identity" && node.Domain.Length == 0 && node.Inputs.Count == 1 && node.Outputs.Count == 1 && _constants.TryGetValue(node.Inputs[0], out var copied))
                    _constants[node.Outputs[0]] = copied;
                else _nodes.Add(node);
                foreach (var input in node.Inputs.Where(i => i.Length > 0))
                    _consumers[input] = _consumers.TryGetValue(input, out int seen) ? seen + 1 : 1;
            }
            foreach (var output in model.Graph.Outputs)
                _consumers[output.Name] = _consumers.TryGetValue(output.Name, out int seen) ? seen + 1 : 1;
            SetAsideZeroStates();
        }

        /// <summary>
        /// torch.onnx.export gives a recurrent node a zero initial state built from the batch size at run time (Shape → Gather →
        /// Unsqueeze → Concat → ConstantOfShape(0)): a branch off the chain that computes nothing but zeros. Those nodes are set
        /// aside, and their result counts as a zero state (<see cref="IsZeroState"/>), when they feed nothing but the initial
        /// states of LSTM, GRU and RNN nodes; so is a Transpose whose only reader is such a Shape (between stacked layers the
        /// exporter cancels the Transposes back and forth, and keeps one for the shape of the next layer's state).
        /// </summary>
        private void SetAsideZeroStates()
        {
            var readers = new Dictionary<string, List<(OnnxNode Node, int Slot)>>(StringComparer.Ordinal);
            foreach (var node in _nodes)
                for (int slot = 0; slot < node.Inputs.Count; slot++)
                {
                    if (!readers.TryGetValue(node.Inputs[slot], out var list)) readers[node.Inputs[slot]] = list = new List<(OnnxNode, int)>();
                    list.Add((node, slot));
                }
            bool OnlyReadBy(OnnxNode node, Func<OnnxNode, int, bool> reader) => node.Outputs.All(output =>
                !_model.Graph.Outputs.Any(o => o.Name == output) && readers.TryGetValue(output, out var list) && list.All(r => reader(r.Node, r.Slot)));

            static bool FillsZeros(OnnxNode node) => node.Attribute("value")?.T is not { } value || value.Values is { } values && values.All(v => v == 0);
            var aside = new HashSet<OnnxNode>(_nodes.Where(node => IsDefaultDomain(node) && node.OpType == "ConstantOfShape" && node.Outputs.Count == 1 && FillsZeros(node)
                && OnlyReadBy(node, (reader, slot) => IsDefaultDomain(reader) && reader.OpType is "LSTM" or "GRU" or "RNN" && slot is 5 or 6)));
            foreach (var node in aside) _zeroStates.Add(node.Outputs[0]);
            for (bool grew = aside.Count > 0; grew;)
            {
                grew = false;
                foreach (var node in _nodes.Where(n => !aside.Contains(n) && IsDefaultDomain(n) && n.OpType is "Shape" or "Gather" or "Unsqueeze" or "Concat" or "Cast" or "Slice" or "Squeeze" or "Transpose"))
                    if (OnlyReadBy(node, (reader, _) => aside.Contains(reader))) grew |= aside.Add(node);
            }
            foreach (var node in aside)
                foreach (var input in node.Inputs.Where(i => i.Length > 0 && _consumers.ContainsKey(i)))
                    _consumers[input]--;
            _nodes.RemoveAll(aside.Contains);
        }

        /// <summary>Whether a value is a recurrent node's zero initial state computed from the batch size (<see cref="SetAsideZeroStates"/>).</summary>
        public bool IsZeroState(string value) => _zeroStates.Contains(value);

        /// <summary>How the current value's axes lie when a recurrent graph moves them around its LSTM, GRU and RNN nodes.</summary>
        public StepLayout Layout { get; set; }

        /// <summary>The newest default-domain opset whose operators NetGen's table was checked against.</summary>
        public const long NewestOpset = 21;

        /// <summary>The opset the graph's nodes follow (attribute defaults differ between opsets).</summary>
        public long Opset => _model.Opset;

        /// <summary>NetGen's shape of the value the next node takes (a map stays a map after Flatten: Dense reads it in C, H, W order).</summary>
        public Shape? Shape { get; private set; }

        /// <summary>Whether the value has been flattened to [batch, n] since the last map layer.</summary>
        public bool IsFlat { get; private set; }

        /// <summary>The number of values per sample of the current value.</summary>
        public long Size => Shape?.Size ?? 0;

        /// <summary>
        /// Size-1 axes that the ONNX value has after its units and NetGen's vector has not: a global pool's [batch, C, 1, 1]
        /// (or [batch, C, 1]) until a Flatten or Reshape.
        /// </summary>
        private int _trailingOnes;

        /// <summary>
        /// The rank of the ONNX value the next node takes, batch included, where <see cref="Layout"/> is None, BatchFirst or
        /// SecondOne: NetGen's shape leaves out the size-1 axes of a kept last step ([batch, 1, U]) and of a global pool.
        /// </summary>
        public int Rank => (IsFlat || Shape is null ? 2 : Shape.Kind switch { ShapeKind.Vector => 2, ShapeKind.Image => 4, _ => 3 })
            + _trailingOnes + (Layout == StepLayout.SecondOne ? 1 : 0);

        /// <summary>The axis of the ONNX value (<see cref="Rank"/>) that holds the units: a vector's values, a map's channels, steps' features.</summary>
        public int UnitsAxis => (Shape is { IsSteps: true } ? 2 : 1) + (Layout == StepLayout.SecondOne ? 1 : 0);

        /// <summary>The ONNX value's dimensions after the batch, for messages: [batch, 1, 5] for a kept last step of 5 units.</summary>
        public string OnnxShapeText => IsFlat || Shape is not { Kind: ShapeKind.Vector }
            ? Shape?.Text ?? "?"
            : $"[batch, {string.Join(", ", Enumerable.Range(1, Rank - 1).Select(axis => axis == UnitsAxis ? Size : 1))}]";

        /// <summary>Imports a parsed model; <paramref name="file"/> only names it in messages.</summary>
        public static ImportedModel Run(OnnxModel model, string file)
        {
            if (model.Opset > NewestOpset)
                return ImportedModel.Failed(file, $"it uses opset {model.Opset}, newer than NetGen knows (up to {NewestOpset}); export with opset_version={NewestOpset} or lower");
            if (model.Graph.Initializers.FirstOrDefault(t => t.IsExternal) is { } external)
                return ImportedModel.Failed(file, $"tensor '{external.Name}' keeps its data in another file, which NetGen does not read; save the model with its data inside (onnx.save_model(model, path, save_as_external_data=False))");
            return new OnnxImport(model, file).Walk(file);
        }

        private ImportedModel Walk(string file)
        {
            var graph = _model.Graph;
            var inputs = graph.Inputs.Where(i => !_constants.ContainsKey(i.Name)).ToList();
            if (inputs.Count != 1) return ImportedModel.Failed(file, $"its graph has {inputs.Count} inputs; a NetGen network has exactly one");
            if (graph.Outputs.Count != 1) return ImportedModel.Failed(file, $"its graph has {graph.Outputs.Count} outputs; a NetGen network has exactly one");
            bool recurrent = _nodes.Any(n => IsDefaultDomain(n) && n.OpType is "LSTM" or "GRU" or "RNN");
            if (InputShape(inputs[0], recurrent, out string inputProblem) is not { } input) return ImportedModel.Failed(file, inputProblem);

            Shape = input.Shape;
            Layout = input.Steps is null ? StepLayout.None : StepLayout.BatchFirst;
            _current = inputs[0].Name;
            var problems = new List<NodeProblem>();
            for (_index = 0; _index < _nodes.Count; _index++)
            {
                var node = _nodes[_index];
                if (Map(node) is not string problem) continue;
                problems.Add(new NodeProblem(node.DisplayName, node.OpType, problem));
                // The chain is broken here: later nodes cannot be placed, but unknown operators among them are still named.
                problems.AddRange(_nodes.Skip(_index + 1)
                    .Where(n => !IsDefaultDomain(n) || !OnnxOperators.Table.ContainsKey(n.OpType) && !OnnxPatterns.Operators.Contains(n.OpType))
                    .Select(n => new NodeProblem(n.DisplayName, n.OpType, Unsupported(n))));
                break;
            }

            if (problems.Count == 0 && _current != graph.Outputs[0].Name)
                return ImportedModel.Failed(file, $"its output '{graph.Outputs[0].Name}' is not the end of the chain of nodes from its input '{inputs[0].Name}'");
            if (problems.Count == 0 && _layers.Count == 0)
                return ImportedModel.Failed(file, "its graph computes nothing NetGen has a layer for (its output is its input)");
            if (problems.Count == 0 && _channelsLast)
                problems.Add(new NodeProblem(_nodes.Last().DisplayName, _nodes.Last().OpType, "a channels-last transpose must be followed by a Flatten and a Dense layer"));

            return new ImportedModel(file, null, input, _layers.ToEquatableArray(), _sources.ToEquatableArray(), _parameters.Concat(_buffers).ToEquatableArray(),
                problems.ToEquatableArray());
        }

        private static bool IsDefaultDomain(OnnxNode node) => node.Domain is "" or "ai.onnx";

        private string? Map(OnnxNode node)
        {
            var pattern = IsDefaultDomain(node) ? OnnxPatterns.Match(this, _index, _current) : null;
            OnnxOperators.Table.TryGetValue(node.OpType, out var map);
            if (pattern is null && (!IsDefaultDomain(node) || map is null)) return Unsupported(node);

            var data = node.Inputs.Where(i => i.Length > 0 && !_constants.ContainsKey(i) && !_zeroStates.Contains(i)).ToList();
            if (data.Count != 1 || data[0] != _current)
                return $"it takes {string.Join(" and ", data.Select(d => $"'{d}'"))} where NetGen's chain has '{_current}'; a second input, a skip connection or a branch has no NetGen layer";
            if (_consumers.TryGetValue(_current, out int readers) && readers > 1 && GatePartner(node) is null && pattern is null)
                return $"its input '{_current}' is also read by another node (a branch); NetGen networks are chains";
            if (node.Outputs.Count == 0 || node.Outputs[0].Length == 0) return "it has no output";
            if (_channelsLast && node.OpType is not ("Flatten" or "Reshape" or "Gemm" or "MatMul" or "Identity"))
                return "it follows a channels-last Transpose; NetGen reads that transpose only directly before a Flatten and a Dense layer";

            if (Layout is not (StepLayout.None or StepLayout.BatchFirst or StepLayout.SecondOne) && node.OpType is not ("Transpose" or "Squeeze" or "Gather" or "Slice" or "LSTM" or "GRU" or "RNN" or "Identity"))
                return $"it reads {OnnxRecurrent.Describe(Layout)}; NetGen reads that only through the Transpose, Squeeze, Gather or Slice that torch.onnx.export writes around nn.LSTM, nn.GRU and nn.RNN(batch_first=True)";

            if (Shape is { IsSteps: true } && node.OpType is "BatchNormalization" or "PRelu" or "Conv" or "MaxPool" or "AveragePool" or "GlobalAveragePool" or "GlobalMaxPool")
                return _layers.Count == 0
                    // The input was read as steps only because the graph has a recurrent node; the exporter meant [batch, channels, length].
                    ? $"it reads the 3-D input as [batch, channels, length], and the LSTM, GRU or RNN node later in the graph reads steps: NetGen does not import a recurrent layer after a {node.OpType} yet (it reads the 3-D input of a recurrent graph as [batch, steps, features])"
                    : $"a {node.OpType} of [batch, steps, features] takes the steps (axis 1) as its channels; NetGen's layers on steps act on each step's features (a Dense layer, an activation, Dropout)";

            _nextValue = null;
            string? problem = pattern is ({ } nodes, { } activation) ? ActivatePattern(nodes, activation) : map!(this, node);
            if (problem is null) _current = _nextValue ?? _nodes[_index].Outputs[0];
            return problem;
        }

        private static string Unsupported(OnnxNode node) => IsDefaultDomain(node)
            ? $"NetGen has no layer for {node.OpType}: {OnnxOperators.Alternative(node.OpType)}"
            : $"an operator of domain '{node.Domain}'; NetGen imports the default ONNX operators only";

        /// <summary>
        /// [batch, n] is a vector, [batch, C, L] a sequence, [batch, C, H, W] an image; the batch dimension may be a number or
        /// a symbol, the others must be numbers.
        /// </summary>
        /// <param name="recurrent">The graph has an LSTM, GRU or RNN node: a 3-D input is [batch, steps, features], steps of features.</param>
        private static InputSpec? InputShape(OnnxValueInfo input, bool recurrent, out string problem)
        {
            problem = "";
            if (input.ElementType is not (OnnxFile.Float or OnnxFile.Double))
            {
                problem = $"its input '{input.Name}' has element type {input.ElementType}; NetGen takes float or double";
                return null;
            }
            if (input.Dims is not { Count: 2 or 3 or 4 } dims)
            {
                problem = $"its input '{input.Name}' has {(input.Dims is null ? "no shape" : $"{input.Dims.Count} dimensions")}; NetGen takes [batch, n] (a vector), [batch, channels, length] (a sequence) or [batch, channels, height, width] (an image)";
                return null;
            }
            if (recurrent && dims.Count == 3 && dims[1].Value is null)
            {
                problem = $"the number of steps (dimension 1 of its input '{input.Name}', [batch, steps, features]) is {(dims[1].Symbol is string symbol ? $"the symbol '{symbol}'" : "unknown")}; NetGen's [Input(features, Steps = L)] has a fixed number of steps: export with a fixed sequence length (no dynamic axis on dimension 1)";
                return null;
            }
            var sizes = new List<int>();
            for (int d = 1; d < dims.Count; d++)
            {
                if (dims[d].Value is not long value || value < 1 || value > NetworkRules.MaxMapValues)
                {
                    problem = $"dimension {d} of its input '{input.Name}' is {(dims[d].Symbol is string s ? $"the symbol '{s}'" : dims[d].Value?.ToString() ?? "unknown")}; only the batch dimension may vary, and sizes must be between 1 and {NetworkRules.MaxMapValues}";
                    return null;
                }
                sizes.Add((int)value);
            }
            return recurrent && sizes.Count == 2 ? new InputSpec(new[] { sizes[1] }.ToEquatableArray(), Steps: sizes[0]) : new InputSpec(sizes.ToEquatableArray());
        }

        // ——— What the operator table uses ———

        /// <summary>The constant (initializer or Constant node) at a node's input slot, if it is one with numeric values.</summary>
        public OnnxTensor? Constant(OnnxNode node, int slot) =>
            slot < node.Inputs.Count && _constants.TryGetValue(node.Inputs[slot], out var tensor) && tensor.Values is not null ? tensor : null;

        /// <summary>Whether the node has an input at <paramref name="slot"/> (optional inputs may be left out or named "").</summary>
        public static bool HasInput(OnnxNode node, int slot) => slot < node.Inputs.Count && node.Inputs[slot].Length > 0;

        public long Int(OnnxNode node, string name, long fallback) => node.Attribute(name)?.I ?? fallback;

        public double Float(OnnxNode node, string name, double fallback) => node.Attribute(name)?.F ?? fallback;

        public IReadOnlyList<long> Ints(OnnxNode node, string name) => node.Attribute(name)?.Ints ?? Array.Empty<long>();

        public bool IsUsed(string value) => _consumers.ContainsKey(value);

        /// <summary>
        /// A Dense layer of <paramref name="units"/> from fanIn inputs, W[u, i] = <paramref name="weight"/>(u, i) with i in the
        /// ONNX value's order (channels last after a transpose), b = β·<paramref name="bias"/> (one value broadcast, or one per
        /// unit); without a bias, a layer declared Bias = false.
        /// </summary>
        public string? AddDense(OnnxNode node, int units, int fanIn, Func<int, int, double> weight, OnnxTensor? bias, double beta)
        {
            // On steps a Dense layer acts on each step with shared weights (a MatMul of [batch, steps, features]).
            int features = Shape is { IsSteps: true } steps ? steps.Channels : (int)Size;
            if (_trailingOnes > 0) return $"it multiplies the last axis of the {OnnxShapeText} value below (a global pool not flattened); flatten it first (nn.Flatten() or torch.flatten(x, 1))";
            if (fanIn != features) return $"its weights take {fanIn} inputs where the layer below gives {features}{(Shape!.IsSteps ? " per step" : "")}";
            if (units < 1) return "its weights have no units";
            if (bias is not null && bias.Count != units && bias.Count != 1)
                return $"its bias must be a constant of {units} values";

            var values = new double[(long)units * fanIn + (bias is null ? 0 : units)];
            var shape = Shape!;
            for (int u = 0; u < units; u++)
                for (int i = 0; i < fanIn; i++)
                    values[(long)u * fanIn + i] = weight(u, _channelsLast ? ChannelsLastColumn(shape, i) : i);
            if (bias is not null)
                for (int u = 0; u < units; u++) values[(long)units * fanIn + u] = beta * bias.Values![bias.Count == 1 ? 0 : u];
            _channelsLast = false;
            return AddLayer(node, new DenseLayer(units, Linear, WeightInit.Auto, 0, Bias: bias is not null), values);
        }

        /// <summary>Where NetGen's input i (C, H, W order) sits in a channels-last row (H, W, C order).</summary>
        private static int ChannelsLastColumn(Shape map, int i)
        {
            int c = i / (map.Height * map.Width), h = i / map.Width % map.Height, w = i % map.Width;
            return (h * map.Width + w) * map.Channels + c;
        }

        /// <summary>
        /// Appends a layer, its parameters and its buffers (each in NetGen's order), and moves the chain's shape past it. The
        /// layer's own rules run first, on the shape it gets here: anything they refuse (a window larger than the map, a map
        /// layer on a vector, a BatchNorm on the network's input) is this node's problem, in their words.
        /// </summary>
        public string? AddLayer(OnnxNode node, LayerSpec layer, IReadOnlyList<double> parameters, IReadOnlyList<double>? buffers = null)
        {
            var refusals = new List<string>();
            var check = new LayerCheck(_layers.Count, layer.Kind, $"The [{layer.Kind}] layer it becomes", _file, Shape, _layers.LastOrDefault(), isOutput: false,
                singlePrecision: false, (descriptor, _, arguments) =>
                {
                    if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
                        refusals.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), arguments));
                });
            var output = layer.Check(check);
            if (refusals.Count > 0 || output is null) return refusals.Count > 0 ? string.Join("; ", refusals) : $"it does not fit the {Shape!.Text} value below it";
            // ONNX's global pools keep the map's axes, of size 1 now; element-wise layers keep what they are given.
            if (layer is PoolingLayer { Reach: PoolReach.Global }) _trailingOnes = Shape!.Kind == ShapeKind.Image ? 2 : 1;
            else if (output.IsMap) _trailingOnes = 0;
            _layers.Add(layer);
            _sources.Add(node.DisplayName);
            _parameters.AddRange(parameters);
            if (buffers is not null) _buffers.AddRange(buffers);
            Shape = output;
            IsFlat = IsFlat && output.IsMap; // an element-wise layer keeps a flattened map flat
            _activationSinceLayer = false;
            return null;
        }

        /// <summary>
        /// An activation: the activation stage of the Dense, convolution or BatchNorm layer right below when it has none yet,
        /// else an [Activate] layer.
        /// </summary>
        public string? Activate(OnnxNode node, ActivationSpec activation)
        {
            LayerSpec? staged = _activationSinceLayer || _layers.Count == 0 || _layers[_layers.Count - 1].Activation != Linear
                || !_layers[_layers.Count - 1].Accepts(activation.Activation) ? null : _layers[_layers.Count - 1] switch
                {
                    DenseLayer dense => dense with { ActivationStage = activation },
                    ConvolutionLayer conv => conv with { ActivationStage = activation },
                    BatchNormLayer norm => norm with { ActivationStage = activation },
                    _ => null,
                };
            if (staged is not null)
            {
                _layers[_layers.Count - 1] = staged;
                _sources[_sources.Count - 1] += " + " + node.DisplayName;
                _activationSinceLayer = true;
                return null;
            }
            var result = AddLayer(node, new ActivateLayer(activation), Array.Empty<double>());
            _activationSinceLayer = result is null;
            return result;
        }

        public string? Flatten(OnnxNode node)
        {
            if (Shape is { IsSteps: true } steps)
                return $"it flattens the {steps.Text} below it; NetGen's layers after a recurrent one act on each step, or take the last step (ReturnSequences = false, as y[:, -1] exports)";
            IsFlat = true;
            _trailingOnes = 0;
            if (Layout == StepLayout.SecondOne) Layout = StepLayout.None;
            return null;
        }

        public string? ChannelsLast(OnnxNode node)
        {
            _channelsLast = true;
            return null;
        }

        /// <summary>
        /// When the node after a MatMul is an Add of a constant to the MatMul's output (PyTorch's nn.Linear before opset 9),
        /// takes it into the Dense layer: returns the constant and moves the walk past the Add. An Add that starts an
        /// activation's pattern (Clip(x + ½, 0, 1) after a bias-less Dense) is left to the pattern.
        /// </summary>
        public OnnxTensor? TakeBiasAdd(OnnxNode matMul)
        {
            if (_index + 1 >= _nodes.Count || _nodes[_index + 1] is not { OpType: "Add", Inputs.Count: 2 } add) return null;
            string product = matMul.Outputs[0];
            int slot = add.Inputs[0] == product ? 1 : add.Inputs[1] == product ? 0 : -1;
            if (slot < 0 || _consumers.TryGetValue(product, out int readers) && readers > 1 || Constant(add, slot) is not { } bias) return null;
            if (OnnxPatterns.Match(this, _index + 1, product) is not null) return null;
            _index++;
            return bias;
        }

        /// <summary>
        /// The Mul that multiplies the chain's value x by this node's output g(x), as exporters write x·σ(x) (SiLU) and
        /// x·hardsigmoid(x) (HardSwish): the node right after, reading exactly x and g(x), and the only other reader of x.
        /// Null when there is none.
        /// </summary>
        public OnnxNode? GatePartner(OnnxNode gate)
        {
            if (_index + 1 >= _nodes.Count || _nodes[_index + 1] is not { OpType: "Mul", Inputs.Count: 2 } mul || gate.Outputs.Count == 0) return null;
            bool reads = mul.Inputs.Contains(_current) && mul.Inputs.Contains(gate.Outputs[0]);
            bool onlyReaders = _consumers.TryGetValue(_current, out int x) && x == 2 && _consumers.TryGetValue(gate.Outputs[0], out int g) && g == 1;
            return reads && onlyReaders ? mul : null;
        }

        /// <summary>Moves the chain on to another output of the node being mapped than its first (a recurrent node's Y_h).</summary>
        public void ContinueWith(string value) => _nextValue = value;

        /// <summary>
        /// The last step of the steps a recurrent layer just gave (y[:, -1]): that layer becomes many-to-one (ReturnSequences =
        /// false) and the chain a vector of its units. Refused when any layer has acted on the steps since.
        /// </summary>
        public string? TakeLastStep(OnnxNode node)
        {
            if (_layers.Count == 0 || _layers[_layers.Count - 1] is not RecurrentLayer { ReturnSequences: true } recurrent || Shape is not { IsSteps: true })
                return "it takes the last step after a layer that acts on every step; NetGen takes the last step at the recurrent layer (ReturnSequences = false): take it right after the LSTM, GRU or RNN";
            _layers[_layers.Count - 1] = recurrent with { ReturnSequences = false };
            _sources[_sources.Count - 1] += " + " + node.DisplayName;
            Shape = NetGen.Generators.Model.Shape.Vector(recurrent.Units);
            return null;
        }

        /// <summary>Takes the Mul of a gate (<see cref="GatePartner"/>) into the activation: the walk moves past it.</summary>
        public string? ActivateGated(OnnxNode gate, Activation activation) =>
            ActivatePattern(new[] { gate, GatePartner(gate)! }, new ActivationSpec(activation, null, null, null));

        /// <summary>The nodes from the current one on, which compute one activation together, as that activation: the walk moves past them.</summary>
        private string? ActivatePattern(IReadOnlyList<OnnxNode> nodes, ActivationSpec activation)
        {
            OnnxNode first = nodes[0], last = nodes[nodes.Count - 1];
            _index += nodes.Count - 1;
            return Activate(new OnnxNode(string.Join(" + ", nodes.Select(n => n.DisplayName)), first.OpType, first.Domain, first.Inputs, last.Outputs, first.Attributes), activation);
        }

        /// <summary>The graph's <paramref name="count"/> nodes from index <paramref name="start"/> on (constants set aside); null when fewer are left.</summary>
        public IReadOnlyList<OnnxNode>? Nodes(int start, int count) => start + count <= _nodes.Count ? _nodes.GetRange(start, count) : null;

        /// <summary>How many nodes (and graph outputs) read a value.</summary>
        public int Readers(string value) => _consumers.TryGetValue(value, out int readers) ? readers : 0;

        /// <summary>The constant (initializer or Constant node) of that name, if it is one.</summary>
        public OnnxTensor? ConstantNamed(string value) => _constants.TryGetValue(value, out var tensor) ? tensor : null;

        public static readonly ActivationSpec Linear = new(Activation.Linear, null, null, null);
    }
}
