using System;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;

namespace NetGen.Onnx.Tests
{
    /// <summary>Saves a network with <see cref="OnnxModel.Save"/>, runs the file in ONNX Runtime and compares with ForwardBatch.</summary>
    internal static class OnnxRuntimeRunner
    {
        public const int Samples = 5;

        /// <summary>
        /// Moves every parameter and buffer off its initial value (biases start at 0, BatchNorm's statistics at 0 and 1, PReLU's
        /// slopes at 0.25), so that a transposed, reordered or missing tensor shows in the output.
        /// </summary>
        public static void Perturb<T>(INetwork<T> network) where T : unmanaged
        {
            var random = new Random(7);
            Span<T> parameters = network.Parameters;
            for (int i = 0; i < parameters.Length; i++) parameters[i] = Add(parameters[i], random.NextDouble() * 0.4 - 0.2);
            foreach (var tensor in network.BufferTensors)
            {
                Span<T> values = network.Buffers.Slice(tensor.Offset, tensor.Length);
                if (tensor.Key.EndsWith("running_mean")) for (int i = 0; i < values.Length; i++) values[i] = From<T>(random.NextDouble() - 0.5);
                if (tensor.Key.EndsWith("running_var")) for (int i = 0; i < values.Length; i++) values[i] = From<T>(0.5 + random.NextDouble());
            }
        }

        public static byte[] Export<T>(INetwork<T> network) where T : unmanaged
        {
            using var stream = new MemoryStream();
            OnnxModel.Save(network, stream);
            return stream.ToArray();
        }

        /// <summary>Perturbs the network, then asserts ONNX Runtime's output within <paramref name="tolerance"/> of the largest output magnitude, sample by sample.</summary>
        /// <returns>The dimensions of ONNX Runtime's output (already checked to be [N, …] with OutputSize values per sample).</returns>
        public static int[] AssertAgrees<T>(INetwork<T> network, double tolerance) where T : unmanaged
        {
            Perturb(network);
            var random = new Random(11);
            T[] inputs = Enumerable.Range(0, Samples * network.InputSize).Select(_ => From<T>(random.NextDouble() * 4 - 2)).ToArray();
            T[] expected = new T[Samples * network.OutputSize];
            network.ForwardBatch(inputs, expected);

            using var session = new InferenceSession(Export(network));
            int[] dimensions = session.InputMetadata["input"].Dimensions.Select((d, i) => i == 0 ? Samples : d).ToArray();
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", new DenseTensor<T>(inputs, dimensions)) });
            var output = results.Single().AsTensor<T>();
            int[] outputDimensions = output.Dimensions.ToArray();
            Assert.Equal(Samples, outputDimensions[0]);
            Assert.Equal(network.OutputSize, outputDimensions.Skip(1).Aggregate(1, (product, d) => product * d));
            T[] actual = output.ToArray();

            for (int n = 0; n < Samples; n++)
            {
                double scale = Enumerable.Range(0, network.OutputSize).Max(j => Math.Abs(ToDouble(expected[n * network.OutputSize + j])));
                for (int j = 0; j < network.OutputSize; j++)
                {
                    int k = n * network.OutputSize + j;
                    double difference = Math.Abs(ToDouble(actual[k]) - ToDouble(expected[k]));
                    Assert.True(difference <= tolerance * Math.Max(scale, 1e-3),
                        $"{network.Architecture}: sample {n}, output {j}: ONNX Runtime {ToDouble(actual[k]):R}, ForwardBatch {ToDouble(expected[k]):R} (difference {difference:E2}, scale {scale:E2}).");
                }
            }
            return outputDimensions;
        }

        private static T Add<T>(T value, double amount) => From<T>(ToDouble(value) + amount);

        private static T From<T>(double value) => typeof(T) == typeof(float) ? (T)(object)(float)value : (T)(object)value;

        private static double ToDouble<T>(T value) => value is float f ? f : (double)(object)value!;
    }
}
