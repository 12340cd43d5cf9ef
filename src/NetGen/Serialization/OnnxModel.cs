using System;
using System.Collections.Generic;
using System.IO;
using NetGen.Onnx;

namespace NetGen
{
    /// <summary>
    /// Writes a NetGen network as an ONNX model (opset <see cref="Opset"/>), to run it elsewhere (ONNX Runtime, a browser,
    /// another framework): the layers as ONNX operators in inference mode, the parameters and BatchNorm running statistics
    /// as initializers, one input "input" and one output "output" with a symbolic batch dimension "N". docs/import.md
    /// lists what each layer becomes; the generator's <c>Model =</c> import reads the file back into the same network.
    /// </summary>
    public static class OnnxModel
    {
        /// <summary>The ONNX opset the model declares: 17, which has every operator the export writes and which every current runtime reads.</summary>
        public const int Opset = 17;

        /// <summary>
        /// Writes <paramref name="network"/> (its current parameters and buffers) to <paramref name="stream"/> as an ONNX
        /// ModelProto with float or double tensors, as the network computes.
        /// </summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The network's architecture line is not one NetGen's generator writes.</exception>
        /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
        public static void Save<T>(INetwork<T> network, Stream stream) where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            Write(network, network.ParameterTensors, network.Parameters, network.BufferTensors, network.Buffers, stream);
        }

        /// <summary>Writes a frozen network (its compiled-in weights) as <see cref="Save{T}(INetwork{T}, Stream)"/> writes a trainable one.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The network's architecture line is not one NetGen's generator writes.</exception>
        /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
        public static void Save<T>(IFrozenNetwork<T> network, Stream stream) where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            Write(network, network.ParameterTensors, network.Parameters, network.BufferTensors, network.Buffers, stream);
        }

        private static void Write<T>(IInferenceNetwork<T> network, IReadOnlyList<ParameterTensor> parameterTensors, ReadOnlySpan<T> parameters,
            IReadOnlyList<ParameterTensor> bufferTensors, ReadOnlySpan<T> buffers, Stream stream) where T : unmanaged
        {
            // Refused before the writer copies every weight.
            if (stream is null) throw new ArgumentNullException(nameof(stream));
            if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
                throw new NotSupportedException($"ONNX export writes float or double networks, not {typeof(T).Name}.");
            byte[] model = new OnnxGraphWriter<T>(network, parameterTensors, parameters, bufferTensors, buffers).Model();
            stream.Write(model, 0, model.Length);
        }
    }
}
