using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace NetGen.Onnx
{
    /// <summary>
    /// Builds the ONNX graph of one network, layer by layer from its architecture line, with its parameter and buffer
    /// tensors found by their state_dict keys ("layers.{i}.weight"). Field numbers are onnx.proto3's.
    /// </summary>
    internal sealed class OnnxGraphWriter<T> where T : unmanaged
    {
        // onnx.proto3: TensorProto.DataType and AttributeProto.AttributeType values.
        private const int FloatType = 1, Int64Type = 7, DoubleType = 11;
        private const int FloatAttribute = 1, IntAttribute = 2, StringAttribute = 3, IntsAttribute = 7, StringsAttribute = 8;
        private const int IrVersion = 8; // the IR version of opset 17 (ONNX 1.12)

        private readonly string _architecture;
        private readonly int _outputSize;
        private readonly T[] _parameterValues, _bufferValues;
        private readonly int _elementType = typeof(T) == typeof(float) ? FloatType : DoubleType;
        private readonly List<ProtobufWriter> _nodes = new();
        private readonly List<ProtobufWriter> _initializers = new();
        private readonly Dictionary<string, ParameterTensor> _parameters;
        private readonly Dictionary<string, ParameterTensor> _buffers;
        private int _valueCount;

        /// <summary>A network as its architecture line and its weights: a trainable network's, or a frozen one's compiled-in values.</summary>
        public OnnxGraphWriter(IInferenceNetwork<T> network, IReadOnlyList<ParameterTensor> parameterTensors, ReadOnlySpan<T> parameters,
            IReadOnlyList<ParameterTensor> bufferTensors, ReadOnlySpan<T> buffers)
        {
            _architecture = network.Architecture;
            _outputSize = network.OutputSize;
            _parameters = parameterTensors.ToDictionary(t => t.Key);
            _buffers = bufferTensors.ToDictionary(t => t.Key);
            _parameterValues = parameters.ToArray();
            _bufferValues = buffers.ToArray();
        }

        public byte[] Model()
        {
            var line = ArchitectureLine.Parse(_architecture);
            string value = "input";
            var kind = line.InputKind;
            foreach (var layer in line.Layers)
                (value, kind) = Layer(layer, value, kind);
            _nodes.Add(Node("Identity", new[] { value }, new[] { "output" })); // one output name whatever the last layer (the import removes it)

            var graph = new ProtobufWriter();
            foreach (var node in _nodes) graph.Message(1, node);
            graph.String(2, "NetGen");
            foreach (var initializer in _initializers) graph.Message(5, initializer);
            graph.Message(11, ValueInfo("input", new long?[] { null }.Concat(line.InputDimensions.Select(d => (long?)d)).ToArray()));
            graph.Message(12, ValueInfo("output", OutputDimensions(kind)));

            return new ProtobufWriter()
                .Int64(1, IrVersion)
                .String(2, "NetGen")
                .Message(7, graph)
                .Message(8, new ProtobufWriter().String(1, "").Int64(2, OnnxModel.Opset))
                .ToArray();
        }

        private long?[] OutputDimensions(ValueKind kind) => kind switch
        {
            ValueKind.Vector => new long?[] { null, _outputSize },
            ValueKind.Sequence or ValueKind.Steps => new long?[] { null, null, null },
            _ => new long?[] { null, null, null, null },
        };

        /// <summary>The nodes of one layer, from the value <paramref name="x"/> of kind <paramref name="kind"/>; returns its output.</summary>
        private (string, ValueKind) Layer(LayerWords layer, string x, ValueKind kind)
        {
            switch (layer.Kind)
            {
                case "Dense": return Dense(layer, x, kind);
                case "Conv1D":
                case "Conv2D": return (Activation(layer.Last, Convolution(layer, x)), kind);
                case "MaxPool1D":
                case "MaxPool2D":
                case "AvgPool1D":
                case "AvgPool2D": return (Pooling(layer, x, kind), kind);
                // [N, C, 1(, 1)] flattened to the [N, C] vector NetGen's global pooling gives.
                case "GlobalAvgPool": return (Emit("Flatten", new[] { Emit("GlobalAveragePool", x) }, Int("axis", 1)), ValueKind.Vector);
                case "GlobalMaxPool": return (Emit("Flatten", new[] { Emit("GlobalMaxPool", x) }, Int("axis", 1)), ValueKind.Vector);
                case "BatchNorm": return (Activation(layer.Last, BatchNorm(layer, x)), kind);
                case "PReLU": return (PRelu(layer, x, kind), kind);
                case "Dropout": return (Emit("Dropout", x, Scalar(layer.Number(layer.Size))), kind);
                case "Activate": return (Activation(layer.Last, x), kind);
                case "LSTM":
                case "GRU":
                case "RNN": return Recurrent(layer, x);
                default: throw new ArgumentException($"The architecture line has a layer \"{layer.Text}\" that OnnxModel has no ONNX form for.", "network");
            }
        }

        private (string, ValueKind) Dense(LayerWords layer, string x, ValueKind kind)
        {
            var weight = Parameter(layer, "weight");
            string? bias = layer.Has("no", "bias") ? null : ParameterInitializer(layer, "bias");
            if (kind == ValueKind.Steps)
            {
                // Every step alone: [N, L, F] · Wᵀ [F, U] (+ b), the product MatMul broadcasts over the steps.
                int units = weight.Shape[0], fanIn = weight.Shape[1];
                T[] values = Values(weight, _parameterValues), transposed = new T[values.Length];
                for (int u = 0; u < units; u++)
                    for (int f = 0; f < fanIn; f++) transposed[f * units + u] = values[u * fanIn + f];
                string product = Emit("MatMul", x, Initializer(Key(layer, "weight_t"), new long[] { fanIn, units }, transposed));
                return (Activation(layer.Last, bias is null ? product : Emit("Add", product, bias)), kind);
            }

            if (kind != ValueKind.Vector) x = Emit("Flatten", new[] { x }, Int("axis", 1)); // a map is read in C, H, W order
            var inputs = bias is null ? new[] { x, ParameterInitializer(layer, "weight") } : new[] { x, ParameterInitializer(layer, "weight"), bias };
            return (Activation(layer.Last, Emit("Gemm", inputs, Int("transB", 1))), ValueKind.Vector);
        }

        private string Convolution(LayerWords layer, string x)
        {
            var weight = Parameter(layer, "weight");
            int[] kernel = weight.Shape.Skip(2).ToArray();
            int[] strides = Pair(layer.Setting('s'), kernel.Length, 1), dilations = Pair(layer.Setting('d'), kernel.Length, 1);
            var attributes = new List<ProtobufWriter>
            {
                Ints("kernel_shape", kernel), Ints("strides", strides), Ints("dilations", dilations),
                Int("group", layer.Setting('g')?[0] ?? 1),
            };
            if (layer.Has("causal")) // before only: d·(k − 1) zeros, so output t sees inputs up to t
                attributes.Add(Ints("pads", new[] { dilations[0] * (kernel[0] - 1), 0 }));
            else
                attributes.Add(Padding(layer, kernel.Length));
            var inputs = new List<string> { x, ParameterInitializer(layer, "weight") };
            if (!layer.Has("no", "bias")) inputs.Add(ParameterInitializer(layer, "bias"));
            return Emit("Conv", inputs.ToArray(), attributes.ToArray());
        }

        private string Pooling(LayerWords layer, string x, ValueKind kind)
        {
            int axes = kind == ValueKind.Image ? 2 : 1;
            int[] window = Pair(LayerWords.Sizes(layer.Size, layer.Text), axes, 1);
            int[] strides = layer.Setting('s') is { } stride ? Pair(stride, axes, 1) : window;
            var attributes = new List<ProtobufWriter> { Ints("kernel_shape", window), Ints("strides", strides), Padding(layer, axes) };
            bool average = layer.Kind.StartsWith("Avg", StringComparison.Ordinal);
            // NetGen's "same" pooling never counts its padding; explicit padding counts unless the line says "uncounted".
            if (average) attributes.Add(Int("count_include_pad", layer.Has("uncounted") || layer.Has("same") ? 0 : 1));
            return Emit(average ? "AveragePool" : "MaxPool", new[] { x }, attributes.ToArray());
        }

        /// <summary>"same" as ONNX's SAME_UPPER (the extra zero after, as NetGen and PyTorch pad), else "p" on every side.</summary>
        private static ProtobufWriter Padding(LayerWords layer, int axes)
        {
            if (layer.Has("same")) return Text("auto_pad", "SAME_UPPER");
            int padding = layer.Setting('p')?[0] ?? 0;
            return Ints("pads", Enumerable.Repeat(padding, 2 * axes).ToArray());
        }

        private string BatchNorm(LayerWords layer, string x)
        {
            var mean = Buffer(layer, "running_mean");
            int channels = mean.Shape[0];
            bool affine = !layer.Has("no-affine");
            string scale = affine ? ParameterInitializer(layer, "weight") : Initializer(Key(layer, "weight"), new long[] { channels }, Filled(channels, 1));
            string shift = affine ? ParameterInitializer(layer, "bias") : Initializer(Key(layer, "bias"), new long[] { channels }, Filled(channels, 0));
            // ONNX's momentum weighs the old running value, NetGen's (PyTorch's) the new batch.
            return Emit("BatchNormalization", new[] { x, scale, shift, BufferInitializer(layer, "running_mean"), BufferInitializer(layer, "running_var") },
                Float("epsilon", layer.Named("ε") ?? BatchNormDefaults.Epsilon), Float("momentum", 1 - (layer.Named("m") ?? BatchNormDefaults.Momentum)));
        }

        private string PRelu(LayerWords layer, string x, ValueKind kind)
        {
            var slope = Parameter(layer, "weight");
            // One slope per channel broadcasts against [N, C, …] only with the trailing axes of size 1, as PyTorch exports nn.PReLU(C).
            long[] dimensions = !layer.Has("per", "channel") || kind == ValueKind.Vector
                ? new long[] { slope.Length }
                : new long[] { slope.Length }.Concat(Enumerable.Repeat(1L, kind == ValueKind.Image ? 2 : 1)).ToArray();
            return Emit("PRelu", x, Initializer(Key(layer, "weight"), dimensions, Values(slope, _parameterValues)));
        }

        /// <summary>
        /// LSTM, GRU or RNN over the steps: ONNX's recurrent operators read [L, N, F] and write Y [L, 1, N, H] and
        /// Y_h [1, N, H]; NetGen's (PyTorch's) gate blocks are reordered to ONNX's: LSTM i, f, g, o → i, o, f, c;
        /// GRU r, z, n → z, r, h (with linear_before_reset = 1, PyTorch's n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))).
        /// </summary>
        private (string, ValueKind) Recurrent(LayerWords layer, string x)
        {
            int units = ArchitectureLine.Integer(layer.Size, layer.Text);
            int[] order = layer.Kind switch { "LSTM" => new[] { 0, 3, 1, 2 }, "GRU" => new[] { 1, 0, 2 }, _ => new[] { 0 } };
            string stepMajor = Emit("Transpose", new[] { x }, Ints("perm", new[] { 1, 0, 2 }));
            var inputWeight = Parameter(layer, "weight_ih_l0");
            var hiddenWeight = Parameter(layer, "weight_hh_l0");
            var inputs = new List<string>
            {
                stepMajor,
                Initializer(Key(layer, "W"), new long[] { 1, inputWeight.Shape[0], inputWeight.Shape[1] }, Reordered(Values(inputWeight, _parameterValues), order)),
                Initializer(Key(layer, "R"), new long[] { 1, hiddenWeight.Shape[0], hiddenWeight.Shape[1] }, Reordered(Values(hiddenWeight, _parameterValues), order)),
            };
            if (!layer.Has("no", "bias"))
            {
                T[] b = Reordered(Values(Parameter(layer, "bias_ih_l0"), _parameterValues), order)
                    .Concat(Reordered(Values(Parameter(layer, "bias_hh_l0"), _parameterValues), order)).ToArray();
                inputs.Add(Initializer(Key(layer, "B"), new long[] { 1, b.Length }, b));
            }

            var attributes = new List<ProtobufWriter> { Int("hidden_size", units) };
            if (layer.Kind == "GRU") attributes.Add(Int("linear_before_reset", 1));
            if (layer.Kind == "RNN") attributes.Add(Texts("activations", layer.Has("ReLU") ? "Relu" : "Tanh"));
            string sequence = Fresh(), last = Fresh();
            _nodes.Add(Node(layer.Kind, inputs.ToArray(), new[] { sequence, last }, attributes.ToArray()));
            if (!layer.Has("sequences"))
                return (Emit("Squeeze", last, Int64Initializer(new long[] { 0 })), ValueKind.Vector);
            string steps = Emit("Squeeze", sequence, Int64Initializer(new long[] { 1 }));
            return (Emit("Transpose", new[] { steps }, Ints("perm", new[] { 1, 0, 2 })), ValueKind.Steps);
        }

        /// <summary>Rows in gate blocks of equal height, taken in <paramref name="order"/>.</summary>
        private static T[] Reordered(T[] values, int[] order)
        {
            int block = values.Length / order.Length;
            return order.SelectMany(gate => values.Skip(gate * block).Take(block)).ToArray();
        }

        /// <summary>The activation stage <paramref name="label"/> (ActivationSpec.Label: "Tanh", "LeakyReLU(s=0.1)") on <paramref name="z"/>.</summary>
        private string Activation(string label, string z)
        {
            int open = label.IndexOf('(');
            string name = open < 0 ? label : label.Substring(0, open);
            string? setting = open < 0 ? null : label.Substring(label.IndexOf('=') + 1).TrimEnd(')');
            double parameter = 0;
            if (setting is not null && !double.TryParse(setting, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out parameter))
                throw new ArgumentException($"The activation '{label}' has a setting that is not a number.", "network");
            switch (name)
            {
                case "Linear": return open < 0 ? z : Emit("Mul", z, Scalar(parameter));
                case "Step": return Emit("Cast", new[] { Emit("GreaterOrEqual", z, Scalar(parameter)) }, Int("to", _elementType));
                case "Sign": return Emit("Sign", z);
                case "Sigmoid": return Emit("Sigmoid", z);
                case "Tanh": return Emit("Tanh", z);
                case "ReLU": return Emit("Relu", z);
                case "LeakyReLU": return Emit("LeakyRelu", new[] { z }, Float("alpha", parameter));
                case "ELU": return Emit("Elu", new[] { z }, Float("alpha", parameter));
                case "SELU": return Emit("Selu", z);
                case "Softplus": return Emit("Softplus", z);
                case "Softsign": return Emit("Softsign", z);
                case "PiecewiseLinear": return Emit("Clip", Emit("Add", z, Scalar(0.5)), Scalar(0), Scalar(1));
                case "Softmax": return Emit("Softmax", new[] { z }, Int("axis", 1));
                case "LogSoftmax": return Emit("LogSoftmax", new[] { z }, Int("axis", 1));
                case "SiLU": return Emit("Mul", z, Emit("Sigmoid", z)); // as PyTorch exports nn.SiLU
                case "ReLU6": return Emit("Clip", z, Scalar(0), Scalar(6));
                case "HardSigmoid": return Emit("HardSigmoid", new[] { z }, Float("alpha", 1.0 / 6), Float("beta", 0.5));
                case "HardSwish": return Emit("HardSwish", z);
                case "GELU": // ½ z (1 + erf(z/√2)): ONNX has Gelu only from opset 20
                    return Emit("Mul", Emit("Mul", z, Emit("Add", Emit("Erf", Emit("Div", z, Scalar(Math.Sqrt(2)))), Scalar(1))), Scalar(0.5));
                case "Mish": return Emit("Mul", z, Emit("Tanh", Emit("Softplus", z))); // ONNX has Mish only from opset 18
                default: throw new ArgumentException($"The architecture line has an activation '{label}' that OnnxModel has no ONNX form for.", "network");
            }
        }

        private static int[] Pair(int[]? setting, int axes, int absent) =>
            setting is null ? Enumerable.Repeat(absent, axes).ToArray() : setting.Length == axes ? setting : Enumerable.Repeat(setting[0], axes).ToArray();

        // Tensors.

        private ParameterTensor Parameter(LayerWords layer, string name) =>
            _parameters.TryGetValue(Key(layer, name), out var tensor) ? tensor : throw layer.Unreadable($"has no parameter tensor '{Key(layer, name)}'");

        private ParameterTensor Buffer(LayerWords layer, string name) =>
            _buffers.TryGetValue(Key(layer, name), out var tensor) ? tensor : throw layer.Unreadable($"has no buffer '{Key(layer, name)}'");

        private string ParameterInitializer(LayerWords layer, string name) => TensorInitializer(Parameter(layer, name), _parameterValues);

        private string BufferInitializer(LayerWords layer, string name) => TensorInitializer(Buffer(layer, name), _bufferValues);

        private string TensorInitializer(ParameterTensor tensor, T[] source) =>
            Initializer(tensor.Key, tensor.Shape.Select(d => (long)d).ToArray(), Values(tensor, source));

        private static string Key(LayerWords layer, string name) => $"layers.{layer.Index}.{name}";

        private static T[] Values(ParameterTensor tensor, T[] source) => source.AsSpan(tensor.Offset, tensor.Length).ToArray();

        private static T[] Filled(int length, double value) => Enumerable.Repeat(Cast(value), length).ToArray();

        private static T Cast(double value) => typeof(T) == typeof(float) ? (T)(object)(float)value : (T)(object)value;

        private string Scalar(double value) => Initializer(Fresh(), Array.Empty<long>(), new[] { Cast(value) });

        private string Initializer(string name, long[] dimensions, T[] values)
        {
            byte[] raw = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            if (!BitConverter.IsLittleEndian) // ONNX's raw_data is little-endian
                for (int i = 0; i < raw.Length; i += Marshal.SizeOf<T>()) Array.Reverse(raw, i, Marshal.SizeOf<T>());
            _initializers.Add(new ProtobufWriter().PackedInt64s(1, dimensions).Int64(2, _elementType).String(8, name).Bytes(9, raw));
            return name;
        }

        private string Int64Initializer(long[] values)
        {
            string name = Fresh();
            byte[] raw = values.SelectMany(v => { var b = BitConverter.GetBytes(v); if (!BitConverter.IsLittleEndian) Array.Reverse(b); return b; }).ToArray();
            _initializers.Add(new ProtobufWriter().PackedInt64s(1, new long[] { values.Length }).Int64(2, Int64Type).String(8, name).Bytes(9, raw));
            return name;
        }

        // Nodes and values.

        private string Fresh() => $"v{_valueCount++}";

        private string Emit(string op, params string[] inputs) => Emit(op, inputs, Array.Empty<ProtobufWriter>());

        private string Emit(string op, string[] inputs, params ProtobufWriter[] attributes)
        {
            string output = Fresh();
            _nodes.Add(Node(op, inputs, new[] { output }, attributes));
            return output;
        }

        private ProtobufWriter Node(string op, string[] inputs, string[] outputs, params ProtobufWriter[] attributes)
        {
            var node = new ProtobufWriter();
            foreach (string input in inputs) node.String(1, input);
            foreach (string output in outputs) node.String(2, output);
            node.String(3, $"{op}_{_nodes.Count}").String(4, op);
            foreach (var attribute in attributes) node.Message(5, attribute);
            return node;
        }

        /// <summary>A ValueInfoProto of this element type; a null dimension is the symbolic batch "N".</summary>
        private ProtobufWriter ValueInfo(string name, long?[] dimensions)
        {
            var shape = new ProtobufWriter();
            for (int i = 0; i < dimensions.Length; i++)
                shape.Message(1, dimensions[i] is long size ? new ProtobufWriter().Int64(1, size) : i == 0 ? new ProtobufWriter().String(2, "N") : new ProtobufWriter());
            var tensorType = new ProtobufWriter().Int64(1, _elementType).Message(2, shape);
            return new ProtobufWriter().String(1, name).Message(2, new ProtobufWriter().Message(1, tensorType));
        }

        private static ProtobufWriter Int(string name, long value) => new ProtobufWriter().String(1, name).Int64(3, value).Int64(20, IntAttribute);

        private static ProtobufWriter Float(string name, double value) => new ProtobufWriter().String(1, name).Float(2, (float)value).Int64(20, FloatAttribute);

        private static ProtobufWriter Ints(string name, int[] values) => new ProtobufWriter().String(1, name).PackedInt64s(8, values.Select(v => (long)v)).Int64(20, IntsAttribute);

        private static ProtobufWriter Text(string name, string value) => new ProtobufWriter().String(1, name).Bytes(4, System.Text.Encoding.UTF8.GetBytes(value)).Int64(20, StringAttribute);

        private static ProtobufWriter Texts(string name, params string[] values)
        {
            var attribute = new ProtobufWriter().String(1, name);
            foreach (string value in values) attribute.String(9, value);
            return attribute.Int64(20, StringsAttribute);
        }
    }
}
