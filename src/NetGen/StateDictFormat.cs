using System.Collections.Generic;
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

        /// <summary>The parameters in NetGen's layout, or <see cref="InvalidDataException"/> with the reason.</summary>
        /// <param name="json">state_dict JSON: every tensor as nested lists of its shape (rows of [out, in] for nn.Linear).</param>
        /// <param name="tensors">The network's tensors.</param>
        /// <param name="parameterCount">The number of parameters the tensors together cover.</param>
        public static double[] ReadParameters(string json, IReadOnlyList<ParameterTensor> tensors, int parameterCount)
        {
            if (JsonReader.Parse(json) is not Dictionary<string, object?> entries) throw Invalid("the JSON is not an object of named tensors");
            var values = new double[parameterCount];
            foreach (var tensor in tensors)
            {
                if (!entries.TryGetValue(tensor.Key, out var value)) throw Invalid($"\"{tensor.Key}\" is missing");
                int offset = tensor.Offset;
                ReadNested(value, tensor, 0, values, ref offset);
            }

            foreach (var key in entries.Keys)
                if (key != "architecture" && !tensors.Any(t => t.Key == key))
                    throw Invalid($"it has \"{key}\", which is not a parameter of this network (it has {string.Join(", ", tensors.Select(t => t.Key))})");
            return values;
        }

        /// <summary>What a tensor of this shape looks like in JSON, for messages.</summary>
        public static string Describe(ParameterTensor tensor) => tensor.Shape.Count switch
        {
            1 => $"{tensor.Shape[0]} numbers",
            2 => $"{tensor.Shape[0]} rows of {tensor.Shape[1]} numbers ([out, in], as nn.Linear stores it)",
            _ => $"nested lists of shape [{string.Join(", ", tensor.Shape)}] (as nn.Conv2d stores its weight)",
        };

        private static void ReadNested(object? value, ParameterTensor tensor, int dimension, double[] target, ref int offset)
        {
            if (value is not List<object?> list || list.Count != tensor.Shape[dimension])
                throw Invalid($"\"{tensor.Key}\" must be {Describe(tensor)}");
            bool innermost = dimension == tensor.Shape.Count - 1;
            foreach (var item in list)
            {
                if (!innermost) ReadNested(item, tensor, dimension + 1, target, ref offset);
                else target[offset++] = item is double number ? number : throw Invalid($"\"{tensor.Key}\" has a value that is not a number");
            }
        }

        private static InvalidDataException Invalid(string reason) => new(reason);
    }
}
