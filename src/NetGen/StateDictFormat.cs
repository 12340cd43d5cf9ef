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

        /// <summary>The parameters in NetGen's layout, or <see cref="InvalidDataException"/> with the reason.</summary>
        /// <param name="json">state_dict JSON: "layers.N.weight" [units][fanIn] and "layers.N.bias" [units] per Dense layer.</param>
        /// <param name="layerSizes">The input size, then each Dense layer's units.</param>
        public static double[] ReadParameters(string json, IReadOnlyList<int> layerSizes)
        {
            if (JsonReader.Parse(json) is not Dictionary<string, object?> entries) throw Invalid("the JSON is not an object of named tensors");
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
                    throw Invalid($"\"{weightKey}\" must be {units} rows of {fanIn} numbers ([out, in], as nn.Linear stores it)");
                for (int j = 0; j < units; j++) Numbers(rows[j], fanIn, $"row {j} of \"{weightKey}\"", values, offset + j * fanIn);
                if (!entries.TryGetValue(biasKey, out var bias)) throw Invalid($"\"{biasKey}\" is missing");
                Numbers(bias, units, $"\"{biasKey}\"", values, offset + units * fanIn);
                offset += units * (fanIn + 1);
            }

            foreach (var key in entries.Keys)
                if (key != "architecture" && !IsLayerKey(key, layerSizes.Count - 1))
                    throw Invalid($"it has \"{key}\", which is not a parameter of this network (it has {layerSizes.Count - 1} Dense layers)");
            return values;
        }

        private static bool IsLayerKey(string key, int layers)
        {
            for (int layer = 0; layer < layers; layer++)
                if (key == WeightKey(layer) || key == BiasKey(layer)) return true;
            return false;
        }

        private static void Numbers(object? value, int count, string what, double[] target, int offset)
        {
            if (value is not List<object?> list || list.Count != count) throw Invalid($"{what} must be {count} numbers");
            for (int k = 0; k < count; k++)
                target[offset + k] = list[k] is double number ? number : throw Invalid($"{what} has a value that is not a number");
        }

        private static InvalidDataException Invalid(string reason) => new(reason);
    }
}
