using System.Collections.Generic;
using System.IO;

namespace NetGen
{
    /// <summary>
    /// Reads state_dict JSON into a flat parameter array for given layer sizes. One implementation for the runtime
    /// (<see cref="StateDict.FromJson{T}"/>) and the generator (weights baked at build time), which compiles this file in.
    /// </summary>
    internal static class StateDictFormat
    {
        /// <summary>The key of Dense layer <paramref name="layer"/>'s weight matrix (counting from 0), as in a PyTorch state_dict.</summary>
        public static string WeightKey(int layer) => $"layers.{layer}.weight";

        /// <summary>The key of Dense layer <paramref name="layer"/>'s bias vector.</summary>
        public static string BiasKey(int layer) => $"layers.{layer}.bias";

        /// <summary>
        /// The state_dict name of the parameter at <paramref name="index"/> in NetGen's layout: "layers.0.weight[2, 1]"
        /// (row, column) or "layers.0.bias[2]".
        /// </summary>
        public static string ParameterName(int index, IReadOnlyList<int> layerSizes)
        {
            int offset = 0;
            for (int layer = 0; layer + 1 < layerSizes.Count; layer++)
            {
                int fanIn = layerSizes[layer], units = layerSizes[layer + 1], k = index - offset;
                if (k < units * fanIn) return $"{WeightKey(layer)}[{k / fanIn}, {k % fanIn}]";
                if (k < units * (fanIn + 1)) return $"{BiasKey(layer)}[{k - units * fanIn}]";
                offset += units * (fanIn + 1);
            }
            return $"parameter {index}";
        }

        /// <summary>The parameters in NetGen's layout, or <see cref="InvalidDataException"/> with the reason.</summary>
        /// <param name="json">state_dict JSON: "layers.N.weight" [units][fanIn] and "layers.N.bias" [units] per Dense layer.</param>
        /// <param name="layerSizes">The input size, then each Dense layer's units.</param>
        /// <param name="architecture">
        /// The network's architecture line: an <c>"architecture"</c> entry must equal it (a JSON without one, as PyTorch
        /// exports and hand-written files are, is accepted). Null: not checked.
        /// </param>
        /// <param name="singlePrecision">Whether every number must fit a float (|x| ≤ 3.4028235e38) rather than a double.</param>
        public static double[] ReadParameters(string json, IReadOnlyList<int> layerSizes, string? architecture = null, bool singlePrecision = false)
        {
            if (JsonReader.Parse(json) is not Dictionary<string, object?> entries) throw Invalid("the JSON is not an object of named tensors");
            if (architecture is not null && entries.TryGetValue("architecture", out var written) && !Equals(written, architecture))
                throw Invalid(written is string text
                    ? $"it was written from the architecture \"{text}\"; this network is \"{architecture}\""
                    : "its \"architecture\" is not a string");
            int count = 0;
            for (int layer = 0; layer + 1 < layerSizes.Count; layer++) count += layerSizes[layer + 1] * (layerSizes[layer] + 1);

            var values = new double[count];
            int offset = 0;
            for (int layer = 0; layer + 1 < layerSizes.Count; layer++)
            {
                int fanIn = layerSizes[layer], units = layerSizes[layer + 1];
                string weightKey = WeightKey(layer), biasKey = BiasKey(layer);
                if (!entries.TryGetValue(weightKey, out var weight)) throw Invalid($"\"{weightKey}\" is missing");
                if (weight is not List<object?> rows || rows.Count != units)
                    throw Invalid($"\"{weightKey}\" must be {Wording.Count(units, "row")} of {Wording.Count(fanIn, "number")} ([out, in], as nn.Linear stores it)");
                for (int j = 0; j < units; j++) Numbers(rows[j], fanIn, $"row {j} of \"{weightKey}\"", values, offset + j * fanIn, singlePrecision);
                if (!entries.TryGetValue(biasKey, out var bias)) throw Invalid($"\"{biasKey}\" is missing");
                Numbers(bias, units, $"\"{biasKey}\"", values, offset + units * fanIn, singlePrecision);
                offset += units * (fanIn + 1);
            }

            foreach (var key in entries.Keys)
                if (key != "architecture" && !IsLayerKey(key, layerSizes.Count - 1))
                    throw Invalid($"it has \"{key}\", which is not a parameter of this network (it has {Wording.Count(layerSizes.Count - 1, "Dense layer")})");
            return values;
        }

        private static bool IsLayerKey(string key, int layers)
        {
            for (int layer = 0; layer < layers; layer++)
                if (key == WeightKey(layer) || key == BiasKey(layer)) return true;
            return false;
        }

        private static void Numbers(object? value, int count, string what, double[] target, int offset, bool singlePrecision)
        {
            if (value is not List<object?> list || list.Count != count) throw Invalid($"{what} must be {Wording.Count(count, "number")}");
            for (int k = 0; k < count; k++)
            {
                if (list[k] is not double number) throw Invalid($"{what} has a value that is not a number at position {k}");
                // Past float's largest value the conversion gives infinity, which would corrupt the network silently.
                if (singlePrecision && float.IsInfinity((float)number))
                    throw Invalid($"{what} has {number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} at position {k}, which does not fit a float network (|x| ≤ 3.4028235E+38)");
                target[offset + k] = number;
            }
        }

        private static InvalidDataException Invalid(string reason) => new(reason);
    }
}
