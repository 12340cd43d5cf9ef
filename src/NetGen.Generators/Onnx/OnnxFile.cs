using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generators.Onnx
{
    /// <summary>
    /// Reads the parts of ONNX's messages (onnx/onnx.proto, field numbers as there) that an import needs: the model's opset,
    /// its graph's nodes, attributes, initializers, inputs and outputs with their shapes, and TensorProto files of test data.
    /// Other fields are skipped. Never throws: a file that breaks the wire format or the schema (a length beyond its message,
    /// a tensor whose data does not match its dimensions, absurd sizes) is a <see cref="OnnxReadResult{T}"/> with the reason.
    /// </summary>
    internal static class OnnxFile
    {
        /// <summary>No tensor NetGen could use has more values than this; larger claims are refused before anything is allocated.</summary>
        public const long MaxTensorValues = 1 << 24;

        /// <summary>ONNX's TensorProto.DataType values the reader decodes.</summary>
        public const int Float = 1, Int32 = 6, Int64 = 7, Double = 11;

        public static OnnxReadResult<OnnxModel> ReadModel(byte[] bytes) => Guarded(() => Model(new ProtobufReader(bytes)));

        /// <summary>A TensorProto on its own, as ONNX's test data stores inputs and expected outputs (test_data_set_N/input_0.pb).</summary>
        public static OnnxReadResult<OnnxTensor> ReadTensor(byte[] bytes) => Guarded(() => Tensor(new ProtobufReader(bytes)));

        private static OnnxReadResult<T> Guarded<T>(Func<T> read) where T : class
        {
            try
            {
                return new OnnxReadResult<T>(read(), null);
            }
            catch (MalformedModelException error)
            {
                return new OnnxReadResult<T>(null, error.Message);
            }
        }

        private static OnnxModel Model(ProtobufReader r)
        {
            long irVersion = 0;
            long? opset = null;
            OnnxGraph? graph = null;
            while (!r.AtEnd)
            {
                var (field, wire) = r.ReadTag();
                switch (field)
                {
                    case 1: r.Expect(wire, ProtobufReader.Varint); irVersion = r.ReadInt64(); break;
                    case 7: r.Expect(wire, ProtobufReader.LengthDelimited); graph = Graph(r.ReadMessage()); break;
                    case 8:
                        r.Expect(wire, ProtobufReader.LengthDelimited);
                        var (domain, version) = OperatorSet(r.ReadMessage());
                        if (domain is "" or "ai.onnx") opset = version;
                        break;
                    default: r.Skip(wire); break;
                }
            }

            if (graph is null) throw new MalformedModelException("the model has no graph");
            // Models without an opset_import predate it (IR version 1 and 2): their operators are opset 1's. From IR
            // version 3 on, ONNX requires one; guessing the operators' semantics would risk a silently different network.
            if (opset is null && irVersion >= 3)
                throw new MalformedModelException($"the model (IR version {irVersion}) declares no opset_import for the default domain, which ONNX requires; export it again");
            return new OnnxModel(irVersion, opset ?? 1, graph);
        }

        private static (string Domain, long Version) OperatorSet(ProtobufReader r)
        {
            string domain = "";
            long version = 0;
            while (!r.AtEnd)
            {
                var (field, wire) = r.ReadTag();
                if (field == 1) { r.Expect(wire, ProtobufReader.LengthDelimited); domain = r.ReadString(); }
                else if (field == 2) { r.Expect(wire, ProtobufReader.Varint); version = r.ReadInt64(); }
                else r.Skip(wire);
            }
            return (domain, version);
        }

        private static OnnxGraph Graph(ProtobufReader r)
        {
            var nodes = new List<OnnxNode>();
            var initializers = new List<OnnxTensor>();
            var inputs = new List<OnnxValueInfo>();
            var outputs = new List<OnnxValueInfo>();
            string name = "";
            while (!r.AtEnd)
            {
                var (field, wire) = r.ReadTag();
                switch (field)
                {
                    case 1: r.Expect(wire, ProtobufReader.LengthDelimited); nodes.Add(Node(r.ReadMessage())); break;
                    case 2: r.Expect(wire, ProtobufReader.LengthDelimited); name = r.ReadString(); break;
                    case 5: r.Expect(wire, ProtobufReader.LengthDelimited); initializers.Add(Tensor(r.ReadMessage())); break;
                    case 11: r.Expect(wire, ProtobufReader.LengthDelimited); inputs.Add(ValueInfo(r.ReadMessage())); break;
                    case 12: r.Expect(wire, ProtobufReader.LengthDelimited); outputs.Add(ValueInfo(r.ReadMessage())); break;
                    case 15: throw new MalformedModelException("a sparse initializer, which NetGen does not read; store the tensor dense");
                    default: r.Skip(wire); break;
                }
            }
            return new OnnxGraph(name, nodes, initializers, inputs, outputs);
        }

        private static OnnxNode Node(ProtobufReader r)
        {
            var inputs = new List<string>();
            var outputs = new List<string>();
            var attributes = new List<OnnxAttribute>();
            string name = "", opType = "", domain = "";
            while (!r.AtEnd)
            {
                var (field, wire) = r.ReadTag();
                if (field is 1 or 2 or 3 or 4 or 5 or 7) r.Expect(wire, ProtobufReader.LengthDelimited);
                switch (field)
                {
                    case 1: inputs.Add(r.ReadString()); break;
                    case 2: outputs.Add(r.ReadString()); break;
                    case 3: name = r.ReadString(); break;
                    case 4: opType = r.ReadString(); break;
                    case 5: attributes.Add(Attribute(r.ReadMessage())); break;
                    case 7: domain = r.ReadString(); break;
                    default: r.Skip(wire); break;
                }
            }
            return new OnnxNode(name, opType, domain, inputs, outputs, attributes);
        }

        private static OnnxAttribute Attribute(ProtobufReader r)
        {
            string name = "";
            int type = 0;
            double? f = null;
            long? i = null;
            string? s = null;
            OnnxTensor? t = null;
            var floats = new List<double>();
            var ints = new List<long>();
            var strings = new List<string>();
            while (!r.AtEnd)
            {
                var (field, wire) = r.ReadTag();
                switch (field)
                {
                    case 1: r.Expect(wire, ProtobufReader.LengthDelimited); name = r.ReadString(); break;
                    case 2: r.Expect(wire, ProtobufReader.Fixed32); f = Decimal(r.ReadFloat()); break;
                    case 3: r.Expect(wire, ProtobufReader.Varint); i = r.ReadInt64(); break;
                    case 4: r.Expect(wire, ProtobufReader.LengthDelimited); s = r.ReadString(); break;
                    case 5: r.Expect(wire, ProtobufReader.LengthDelimited); t = Tensor(r.ReadMessage()); break;
                    case 7: r.ReadFloats(wire, floats); break;
                    case 8: r.ReadInt64s(wire, ints); break;
                    case 9: r.Expect(wire, ProtobufReader.LengthDelimited); strings.Add(r.ReadString()); break;
                    case 20: r.Expect(wire, ProtobufReader.Varint); type = r.ReadInt32(); break;
                    default: r.Skip(wire); break; // graphs, sparse tensors, type protos: no mapped operator takes them
                }
            }
            return new OnnxAttribute(name, type, f, i, s, t, floats, ints, strings);
        }

        /// <summary>
        /// A float attribute (a slope, an α) as the shortest decimal that is the same float: 0.1f is the 0.1 its exporter
        /// wrote, not 0.100000001490116, so the layer reads as declared ("LeakyReLU(s=0.1)").
        /// </summary>
        private static double Decimal(float value) =>
            double.Parse(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

        private static OnnxTensor Tensor(ProtobufReader r)
        {
            var dims = new List<long>();
            var values = new List<double>();
            byte[]? raw = null;
            int dataType = 0;
            string name = "";
            bool external = false;
            while (!r.AtEnd)
            {
                var (field, wire) = r.ReadTag();
                switch (field)
                {
                    case 1: r.ReadInt64s(wire, dims); break;
                    case 2: r.Expect(wire, ProtobufReader.Varint); dataType = r.ReadInt32(); break;
                    case 4: r.ReadFloats(wire, values); break;
                    case 5: ReadIntegers(ref r, wire, values); break;
                    case 7: ReadIntegers(ref r, wire, values); break;
                    case 8: r.Expect(wire, ProtobufReader.LengthDelimited); name = r.ReadString(); break;
                    case 9: r.Expect(wire, ProtobufReader.LengthDelimited); raw = r.ReadBytes(); break;
                    case 10: r.ReadDoubles(wire, values); break;
                    case 13: external = true; r.Skip(wire); break;
                    case 14: r.Expect(wire, ProtobufReader.Varint); external |= r.ReadInt32() == 1; break;
                    default: r.Skip(wire); break;
                }
            }

            long count = 1;
            foreach (long d in dims)
            {
                if (d < 0) throw new MalformedModelException($"tensor '{name}' has a negative dimension ({d})");
                count = d == 0 ? 0 : count > MaxTensorValues / d ? MaxTensorValues + 1 : count * d;
                if (count > MaxTensorValues) throw new MalformedModelException($"tensor '{name}' claims more than {MaxTensorValues} values");
            }

            if (external || !IsNumeric(dataType)) return new OnnxTensor(name, dims.ToArray(), dataType, null, external);
            double[] data = raw is not null ? DecodeRaw(raw, dataType, name) : values.ToArray();
            if (data.LongLength != count)
                throw new MalformedModelException($"tensor '{name}' of {string.Join("×", dims)} holds {data.Length} values");
            return new OnnxTensor(name, dims.ToArray(), dataType, data, false);
        }

        private static void ReadIntegers(ref ProtobufReader r, int wire, List<double> values)
        {
            var integers = new List<long>();
            r.ReadInt64s(wire, integers);
            values.AddRange(integers.Select(v => (double)v));
        }

        private static bool IsNumeric(int dataType) => dataType is Float or Double or Int32 or Int64;

        private static double[] DecodeRaw(byte[] raw, int dataType, string name)
        {
            int size = dataType is Double or Int64 ? 8 : 4;
            if (raw.Length % size != 0) throw new MalformedModelException($"tensor '{name}' has {raw.Length} bytes of raw data, not a multiple of {size}");
            var values = new double[raw.Length / size];
            for (int i = 0; i < values.Length; i++)
            {
                ulong bits = 0;
                for (int b = size - 1; b >= 0; b--) bits = (bits << 8) | raw[i * size + b];
                values[i] = dataType switch
                {
                    Float => new FloatBits { Bits = (uint)bits }.Value,
                    Double => BitConverter.Int64BitsToDouble(unchecked((long)bits)),
                    Int32 => unchecked((int)(uint)bits),
                    _ => unchecked((long)bits),
                };
            }
            return values;
        }

        private static OnnxValueInfo ValueInfo(ProtobufReader r)
        {
            string name = "";
            IReadOnlyList<OnnxDimension>? dims = null;
            int elementType = 0;
            while (!r.AtEnd)
            {
                var (field, wire) = r.ReadTag();
                if (field == 1) { r.Expect(wire, ProtobufReader.LengthDelimited); name = r.ReadString(); }
                else if (field == 2) { r.Expect(wire, ProtobufReader.LengthDelimited); (elementType, dims) = TensorType(r.ReadMessage()); }
                else r.Skip(wire);
            }
            return new OnnxValueInfo(name, elementType, dims);
        }

        /// <summary>TypeProto → its tensor_type (field 1): elem_type and shape; other kinds (sequences, maps) have neither.</summary>
        private static (int ElementType, IReadOnlyList<OnnxDimension>? Dims) TensorType(ProtobufReader r)
        {
            int elementType = 0;
            IReadOnlyList<OnnxDimension>? dims = null;
            while (!r.AtEnd)
            {
                var (field, wire) = r.ReadTag();
                if (field != 1) { r.Skip(wire); continue; }
                r.Expect(wire, ProtobufReader.LengthDelimited);
                var tensor = r.ReadMessage();
                while (!tensor.AtEnd)
                {
                    var (inner, innerWire) = tensor.ReadTag();
                    if (inner == 1) { tensor.Expect(innerWire, ProtobufReader.Varint); elementType = tensor.ReadInt32(); }
                    else if (inner == 2) { tensor.Expect(innerWire, ProtobufReader.LengthDelimited); dims = Shape(tensor.ReadMessage()); }
                    else tensor.Skip(innerWire);
                }
            }
            return (elementType, dims);
        }

        private static IReadOnlyList<OnnxDimension> Shape(ProtobufReader r)
        {
            var dims = new List<OnnxDimension>();
            while (!r.AtEnd)
            {
                var (field, wire) = r.ReadTag();
                if (field != 1) { r.Skip(wire); continue; }
                r.Expect(wire, ProtobufReader.LengthDelimited);
                var dim = r.ReadMessage();
                long? value = null;
                string? symbol = null;
                while (!dim.AtEnd)
                {
                    var (inner, innerWire) = dim.ReadTag();
                    if (inner == 1) { dim.Expect(innerWire, ProtobufReader.Varint); value = dim.ReadInt64(); }
                    else if (inner == 2) { dim.Expect(innerWire, ProtobufReader.LengthDelimited); symbol = dim.ReadString(); }
                    else dim.Skip(innerWire);
                }
                dims.Add(new OnnxDimension(value, symbol));
            }
            return dims;
        }
    }

    /// <summary>What a read gave: the message, or why the bytes are not one.</summary>
    internal sealed record OnnxReadResult<T>(T? Value, string? Error) where T : class;

    /// <param name="Opset">The version of the default (ai.onnx) operator set the graph's nodes follow.</param>
    internal sealed record OnnxModel(long IrVersion, long Opset, OnnxGraph Graph);

    internal sealed record OnnxGraph(string Name, IReadOnlyList<OnnxNode> Nodes, IReadOnlyList<OnnxTensor> Initializers,
        IReadOnlyList<OnnxValueInfo> Inputs, IReadOnlyList<OnnxValueInfo> Outputs);

    internal sealed record OnnxNode(string Name, string OpType, string Domain, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
        IReadOnlyList<OnnxAttribute> Attributes)
    {
        /// <summary>How messages name the node: its name, or its operator and first output when the exporter gave it none.</summary>
        public string DisplayName => Name.Length > 0 ? Name : $"{OpType} → {Outputs.FirstOrDefault() ?? "?"}";

        public OnnxAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);
    }

    /// <summary>One attribute: whichever of its value fields the file set (f, i, s, t, floats, ints, strings).</summary>
    internal sealed record OnnxAttribute(string Name, int Type, double? F, long? I, string? S, OnnxTensor? T,
        IReadOnlyList<double> Floats, IReadOnlyList<long> Ints, IReadOnlyList<string> Strings);

    /// <summary>A tensor's dimensions and numeric values (float, double, int32 and int64 data, widened to double exactly).</summary>
    /// <param name="Values">Null for other element types and for external data.</param>
    /// <param name="IsExternal">The data lives in another file (data_location EXTERNAL), which NetGen does not read.</param>
    internal sealed record OnnxTensor(string Name, long[] Dims, int DataType, double[]? Values, bool IsExternal)
    {
        public long Count => Dims.Aggregate(1L, (product, d) => product * d);
    }

    internal sealed record OnnxValueInfo(string Name, int ElementType, IReadOnlyList<OnnxDimension>? Dims);

    /// <summary>A dimension: a number, a symbol (such as "batch") or neither (unknown).</summary>
    internal sealed record OnnxDimension(long? Value, string? Symbol);
}
