using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace NetGen
{
    /// <summary>
    /// Reads state_dict JSON into a flat parameter array for given parameter tensors. One implementation for the runtime
    /// (<see cref="StateDict.FromJson{T}"/>) and the generator (weights baked at build time), which compiles this file in.
    /// </summary>
    internal static class StateDictFormat
    {
        /// <summary>The key of tensor <paramref name="name"/> (weight or bias) of the declared layer <paramref name="layer"/> (counting from 0).</summary>
        public static string Key(int layer, string name) => $"layers.{layer}.{name}";

        /// <summary>
        /// The tensors a state_dict holds: the parameters, then the buffers placed after them (offsets from
        /// <paramref name="parameterCount"/>), so that one array carries both.
        /// </summary>
        public static IReadOnlyList<ParameterTensor> State(IReadOnlyList<ParameterTensor> parameters, int parameterCount, IReadOnlyList<ParameterTensor> buffers) =>
            buffers.Count == 0 ? parameters
            : parameters.Concat(buffers.Select(b => new ParameterTensor(b.Key, parameterCount + b.Offset, b.Shape.ToArray()))).ToList();

        /// <summary>
        /// The state_dict name of the parameter at <paramref name="index"/> in NetGen's layout, e.g. "layers.0.weight[2, 1]"
        /// (row, column), "layers.0.weight[7, 0, 2, 1]" (filter, channel, row, column) or "layers.0.bias[2]".
        /// </summary>
        public static string ParameterName(int index, IReadOnlyList<ParameterTensor> tensors)
        {
            var tensor = tensors.FirstOrDefault(t => index >= t.Offset && index < t.Offset + t.Length);
            if (tensor is null) return $"parameter {index}";
            var position = new int[tensor.Shape.Count];
            int rest = index - tensor.Offset;
            for (int dimension = tensor.Shape.Count - 1; dimension >= 0; dimension--)
            {
                position[dimension] = rest % tensor.Shape[dimension];
                rest /= tensor.Shape[dimension];
            }
            return $"{tensor.Key}[{string.Join(", ", position)}]";
        }

        /// <summary>The parameters in NetGen's layout, or <see cref="InvalidDataException"/> with the reason.</summary>
        /// <param name="json">state_dict JSON: every tensor as nested lists of its shape (rows of [out, in] for nn.Linear).</param>
        /// <param name="tensors">The network's tensors.</param>
        /// <param name="parameterCount">The number of parameters the tensors together cover.</param>
        /// <param name="architecture">
        /// The network's architecture line: an <c>"architecture"</c> entry must equal it (a JSON without one, as PyTorch
        /// exports and hand-written files are, is accepted). Null: not checked.
        /// </param>
        /// <param name="singlePrecision">Whether every number must fit a float (|x| ≤ 3.4028235e38) rather than a double.</param>
        public static double[] ReadParameters(string json, IReadOnlyList<ParameterTensor> tensors, int parameterCount, string? architecture = null,
            bool singlePrecision = false) =>
            ReadParameters(JsonReader.Parse(json), tensors, parameterCount, architecture, singlePrecision);

        /// <summary>
        /// The parameters in NetGen's layout from a document <see cref="JsonReader.Parse"/> has read, or
        /// <see cref="InvalidDataException"/> when it does not fit the tensors: the second of the two steps, apart so that a
        /// caller tells text that is not JSON from JSON that does not fit by the step that failed.
        /// </summary>
        public static double[] ReadParameters(object? document, IReadOnlyList<ParameterTensor> tensors, int parameterCount, string? architecture,
            bool singlePrecision)
        {
            if (document is not Dictionary<string, object?> entries) throw Invalid("the JSON is not an object of named tensors");
            if (architecture is not null && entries.TryGetValue("architecture", out var written) && !Equals(written, architecture))
                throw Invalid(written is string text
                    ? $"it was written from the architecture \"{text}\"; this network is \"{architecture}\""
                    : "its \"architecture\" is not a string");

            var values = new double[parameterCount];
            foreach (var tensor in tensors)
            {
                if (!entries.TryGetValue(tensor.Key, out var value)) throw Invalid($"\"{tensor.Key}\" is missing");
                int offset = tensor.Offset;
                ReadNested(value, tensor, 0, values, ref offset, singlePrecision);
            }

            foreach (var key in entries.Keys)
                if (key != "architecture" && !tensors.Any(t => t.Key == key))
                    throw Invalid($"it has \"{key}\", which is not a parameter of this network (it has {string.Join(", ", tensors.Select(t => t.Key))})");
            return values;
        }

        /// <summary>
        /// Whether the tensor is one of PyTorch's 0-dimensional ones (a BatchNorm's num_batches_tracked), which NetGen keeps as
        /// one value and a state_dict writes as a bare number, as tolist() does.
        /// </summary>
        public static bool IsScalar(ParameterTensor tensor) => tensor.Key.EndsWith(".num_batches_tracked", System.StringComparison.Ordinal) && tensor.Length == 1;

        /// <summary>What a tensor of this shape looks like in JSON, for messages.</summary>
        public static string Describe(ParameterTensor tensor) => tensor.Shape.Count switch
        {
            1 => Wording.Count(tensor.Shape[0], "number"),
            2 => $"{Wording.Count(tensor.Shape[0], "row")} of {Wording.Count(tensor.Shape[1], "number")} ([out, in], as nn.Linear stores it)",
            _ => $"nested lists of shape [{string.Join(", ", tensor.Shape)}] (as nn.Conv2d stores its weight)",
        };

        private static void ReadNested(object? value, ParameterTensor tensor, int dimension, double[] target, ref int offset, bool singlePrecision)
        {
            if (IsScalar(tensor) && value is double) value = new List<object?> { value };
            if (value is not List<object?> list || list.Count != tensor.Shape[dimension])
                throw Invalid($"\"{tensor.Key}\" must be {Describe(tensor)}");
            bool innermost = dimension == tensor.Shape.Count - 1;
            foreach (var item in list)
            {
                if (!innermost)
                {
                    ReadNested(item, tensor, dimension + 1, target, ref offset, singlePrecision);
                    continue;
                }

                string where = ParameterName(offset, new[] { tensor });
                if (item is not double number) throw Invalid($"{where} is not a number");
                // Past float's largest value the conversion gives infinity, which would corrupt the network silently.
                if (singlePrecision && float.IsInfinity((float)number))
                    throw Invalid($"{where} is {number.ToString("R", CultureInfo.InvariantCulture)}, which does not fit a float network (|x| ≤ 3.4028235E+38)");
                target[offset++] = number;
            }
        }

        private static InvalidDataException Invalid(string reason) => new(reason);
    }
}
