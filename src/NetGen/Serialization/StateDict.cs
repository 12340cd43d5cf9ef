using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetGen
{
    /// <summary>
    /// Parameters as JSON keyed like a PyTorch <c>state_dict</c>: <c>"layers.0.weight"</c> (a Dense layer's rows of fan-in values,
    /// PyTorch's [out, in] shape; a Conv2D kernel's [filters][channels][k][k]), <c>"layers.0.bias"</c>, ... for each layer with
    /// parameters, numbered by its position among the declared layers, then the buffers (a BatchNorm's <c>"layers.2.running_mean"</c>,
    /// <c>running_var</c>, <c>num_batches_tracked</c>), plus <c>"architecture"</c>.
    /// <c>tools/torch_to_netgen.py</c> writes the same format from an <c>nn.Sequential</c> of NetGen's layer kinds, buffers included.
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
            AppendTensors(json, network.Parameters, network.ParameterTensors);
            AppendTensors(json, network.Buffers, network.BufferTensors);
            return json.Append("\n}\n").ToString();
        }

        /// <summary>
        /// Reads state_dict JSON into the network after checking that every layer's weight and bias is present with the
        /// network's shape, that every number fits the network's precision (a float network refuses |x| &gt; 3.4028235e38
        /// rather than turn it into infinity), and that an <c>"architecture"</c> entry, when there is one, is the network's
        /// <see cref="IInferenceNetwork{T}.Architecture"/> exactly, as <see cref="WeightFile"/> requires. A JSON without
        /// <c>"architecture"</c> (PyTorch exports, hand-written files) loads by shape alone.
        /// </summary>
        /// <exception cref="InvalidDataException">Anything else; the message says what, and the parameters are unchanged.</exception>
        public static void FromJson<T>(INetwork<T> network, string json) where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            if (json is null) throw new ArgumentNullException(nameof(json));

            double[] values;
            try
            {
                values = StateDictFormat.ReadParameters(json, StateDictFormat.State(network.ParameterTensors, network.ParameterCount, network.BufferTensors),
                    network.ParameterCount + network.Buffers.Length, network.Architecture, singlePrecision: typeof(T) == typeof(float));
            }
            catch (InvalidDataException error)
            {
                throw new InvalidDataException($"Not a state_dict for this network: {error.Message.TrimEnd('.')}. The network's parameters were not changed.", error);
            }

            var parameters = network.Parameters;
            var buffers = network.Buffers;
            for (int k = 0; k < parameters.Length; k++) parameters[k] = Arithmetic.FromDouble<T>(values[k]);
            for (int k = 0; k < buffers.Length; k++) buffers[k] = Arithmetic.FromDouble<T>(values[parameters.Length + k]);
        }

        private static void AppendTensors<T>(StringBuilder json, Span<T> values, System.Collections.Generic.IReadOnlyList<ParameterTensor> tensors) where T : unmanaged
        {
            foreach (var tensor in tensors)
            {
                json.Append(",\n  \"").Append(tensor.Key).Append("\": ");
                int offset = tensor.Offset;
                if (StateDictFormat.IsScalar(tensor)) json.Append(Number(values[offset]));
                else AppendNested(json, values, tensor, 0, ref offset);
            }
        }

        /// <summary>The tensor as nested lists of its shape: rows of [out, in] for a Dense weight, [F][C][k][k] for a Conv2D kernel.</summary>
        private static void AppendNested<T>(StringBuilder json, Span<T> parameters, ParameterTensor tensor, int dimension, ref int offset) where T : unmanaged
        {
            json.Append('[');
            for (int k = 0; k < tensor.Shape[dimension]; k++)
            {
                if (k > 0) json.Append(", ");
                if (dimension + 1 < tensor.Shape.Count) AppendNested(json, parameters, tensor, dimension + 1, ref offset);
                else json.Append(Number(parameters[offset++]));
            }
            json.Append(']');
        }

        private static string Number<T>(T value) where T : unmanaged
        {
            double number = Arithmetic.ToDouble(value);
            if (double.IsNaN(number) || double.IsInfinity(number)) throw new InvalidOperationException("A parameter is NaN or infinite; JSON cannot hold it.");
            return number.ToString("R", CultureInfo.InvariantCulture);
        }
    }
}
