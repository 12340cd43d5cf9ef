using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetGen
{
    /// <summary>
    /// Parameters as JSON keyed like a PyTorch <c>state_dict</c>: <c>"layers.0.weight"</c> (rows of fan-in values, PyTorch's
    /// [out, in] shape), <c>"layers.0.bias"</c>, ... for each Dense layer in order, plus <c>"architecture"</c>.
    /// <c>tools/torch_to_netgen.py</c> writes the same format from an <c>nn.Sequential</c> of Linear and activation layers.
    /// Numbers are written so that they read back exactly.
    /// </summary>
    public static class StateDict
    {
        /// <summary>The network's parameters as state_dict JSON.</summary>
        public static string ToJson<T>(INetwork<T> network) where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            var json = new StringBuilder("{\n");
            json.Append("  \"architecture\": \"").Append(network.Architecture.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
            var parameters = network.Parameters;
            int offset = 0;
            for (int layer = 0; layer + 1 < network.LayerSizes.Count; layer++)
            {
                int fanIn = network.LayerSizes[layer], units = network.LayerSizes[layer + 1];
                json.Append(",\n  \"layers.").Append(layer).Append(".weight\": [");
                for (int j = 0; j < units; j++)
                {
                    json.Append(j == 0 ? "[" : ", [");
                    for (int i = 0; i < fanIn; i++) json.Append(i == 0 ? "" : ", ").Append(Number(parameters[offset + j * fanIn + i]));
                    json.Append(']');
                }
                json.Append("],\n  \"layers.").Append(layer).Append(".bias\": [");
                for (int j = 0; j < units; j++) json.Append(j == 0 ? "" : ", ").Append(Number(parameters[offset + units * fanIn + j]));
                json.Append(']');
                offset += units * (fanIn + 1);
            }
            return json.Append("\n}\n").ToString();
        }

        /// <summary>
        /// Reads state_dict JSON into the network after checking that every layer's weight and bias is present with the
        /// network's shape; anything else throws <see cref="InvalidDataException"/> and leaves the parameters unchanged.
        /// An <c>"architecture"</c> entry is informational (PyTorch exports cannot know the loss or precision).
        /// </summary>
        public static void FromJson<T>(INetwork<T> network, string json) where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            if (json is null) throw new ArgumentNullException(nameof(json));

            if (JsonReader.Parse(json) is not Dictionary<string, object?> entries)
                throw Invalid("the JSON is not an object of named tensors");
            var values = new T[network.ParameterCount];
            int offset = 0;
            for (int layer = 0; layer + 1 < network.LayerSizes.Count; layer++)
            {
                int fanIn = network.LayerSizes[layer], units = network.LayerSizes[layer + 1];
                var weight = Rows(entries, $"layers.{layer}.weight", units, fanIn);
                for (int j = 0; j < units; j++)
                    for (int i = 0; i < fanIn; i++) values[offset + j * fanIn + i] = Arithmetic.FromDouble<T>(weight[j][i]);
                var bias = Row(entries, $"layers.{layer}.bias", units);
                for (int j = 0; j < units; j++) values[offset + units * fanIn + j] = Arithmetic.FromDouble<T>(bias[j]);
                offset += units * (fanIn + 1);
            }

            foreach (var key in entries.Keys)
                if (key != "architecture" && !IsLayerKey(key, network.LayerSizes.Count - 1))
                    throw Invalid($"it has \"{key}\", which is not a parameter of this network (it has {network.LayerSizes.Count - 1} Dense layers)");
            values.AsSpan().CopyTo(network.Parameters);
        }

        private static bool IsLayerKey(string key, int layers)
        {
            for (int layer = 0; layer < layers; layer++)
                if (key == $"layers.{layer}.weight" || key == $"layers.{layer}.bias") return true;
            return false;
        }

        private static double[][] Rows(Dictionary<string, object?> entries, string key, int rows, int columns)
        {
            if (!entries.TryGetValue(key, out var value)) throw Invalid($"\"{key}\" is missing");
            if (value is not List<object?> list || list.Count != rows)
                throw Invalid($"\"{key}\" must be {rows} rows of {columns} numbers ([out, in], as nn.Linear stores it)");
            var result = new double[rows][];
            for (int r = 0; r < rows; r++) result[r] = Numbers(list[r], columns, $"row {r} of \"{key}\"");
            return result;
        }

        private static double[] Row(Dictionary<string, object?> entries, string key, int count) =>
            entries.TryGetValue(key, out var value) ? Numbers(value, count, $"\"{key}\"") : throw Invalid($"\"{key}\" is missing");

        private static double[] Numbers(object? value, int count, string what)
        {
            if (value is not List<object?> list || list.Count != count) throw Invalid($"{what} must be {count} numbers");
            var numbers = new double[count];
            for (int k = 0; k < count; k++)
                numbers[k] = list[k] is double number ? number : throw Invalid($"{what} has a value that is not a number");
            return numbers;
        }

        private static string Number<T>(T value) where T : unmanaged
        {
            double number = Arithmetic.ToDouble(value);
            if (double.IsNaN(number) || double.IsInfinity(number)) throw new InvalidOperationException("A parameter is NaN or infinite; JSON cannot hold it.");
            return number.ToString("R", CultureInfo.InvariantCulture);
        }

        private static InvalidDataException Invalid(string reason) =>
            new($"Not a state_dict for this network: {reason}. The network's parameters were not changed.");
    }
}
