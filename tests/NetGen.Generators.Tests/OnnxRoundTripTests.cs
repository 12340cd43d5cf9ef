using System;
using System.IO;
using System.Linq;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// OnnxModel.Save, then the generator's Model = import of the bytes it wrote: the same architecture line, and the same
    /// parameters and buffers bit for bit.
    /// </summary>
    public class OnnxRoundTripTests
    {
        [Theory]
        [InlineData("MeanSquaredError", "[Input(6)] [Dense(8, Activation.Tanh)] [Dense(5, Activation.ReLU)] [Dense(3, Bias = false)]", "float")]
        [InlineData("CategoricalCrossEntropy", "[Input(5)] [Dense(7, Activation.Sigmoid)] [Dropout(0.25)] [Dense(4, Activation.Softmax)]", "float")]
        [InlineData("MeanSquaredError", "[Input(4)] [Dense(6, Activation.LeakyReLU, Slope = 0.1)] [Dense(6, Activation.ELU, Alpha = 0.7)] [Dense(6, Activation.SELU)] " +
                                        "[Dense(6, Activation.Softplus)] [Dense(6, Activation.Softsign)] [Dense(6, Activation.SiLU)] [Dense(6, Activation.ReLU6)] " +
                                        "[Dense(6, Activation.HardSigmoid)] [Dense(6, Activation.HardSwish)] [Dense(6)] [Dropout(0.1)] [Activate(Activation.Tanh)] [Dense(2)]", "float")]
        [InlineData("NegativeLogLikelihood", "[Input(5)] [Dense(7)] [PReLU] [Dense(5)] [BatchNorm(Activation.ReLU, Momentum = 0.2, Epsilon = 0.001)] [Dense(4, Activation.LogSoftmax)]", "double")]
        [InlineData("CategoricalCrossEntropy", "[Input(2, 9, 8)] [Conv2D(4, 4, 3, Activation.ReLU, Stride = 2, Same = true)] " +
                                               "[Conv2D(8, 3, Activation.ReLU, Dilation = 2, Padding = 2, Groups = 4)] [Conv2D(6, 1, Activation.ReLU, Bias = false)] " +
                                               "[MaxPool2D(3, Stride = 2, Padding = 1)] [GlobalAvgPool] [Dense(3, Activation.Softmax)]", "float")]
        [InlineData("MeanSquaredError", "[Input(1, 10, 10)] [Conv2D(3, 3, Activation.Tanh, Padding = 1)] [BatchNorm] [PReLU(PerChannel = true)] " +
                                        "[AvgPool2D(3, Stride = 1, Padding = 1, CountPadding = false)] [MaxPool2D(2)] [Dense(4)] [BatchNorm] [Dense(2)]", "float")]
        [InlineData("MeanSquaredError", "[Input(3, 16)] [Conv1D(4, 3, Activation.ReLU, Causal = true, Dilation = 2)] [Conv1D(4, 3, Stride = 2, Same = true)] " +
                                        "[PReLU(PerChannel = true)] [MaxPool1D(2)] [AvgPool1D(3, Stride = 1, Padding = 1)] [Conv1D(5, 3, Padding = 1, Bias = false)] [GlobalMaxPool] [Dense(2)]", "float")]
        [InlineData("MeanSquaredError", "[Input(3, Steps = 5)] [Dense(4, Activation.Tanh)] [LSTM(6, ReturnSequences = true)] [GRU(5)] [Dense(2)]", "float")]
        [InlineData("MeanSquaredError", "[Input(2, Steps = 4)] [RNN(5, Activation.ReLU, Bias = false)] [Dense(1)]", "float")]
        [InlineData("MeanSquaredError", "[Input(2, Steps = 4)] [GRU(3, Bias = false, ReturnSequences = true)] [RNN(4)] [Dense(2)]", "double")]
        [InlineData("MeanSquaredError", "[Input(2, 7, 7)] [AvgPool2D(2, Stride = 2, Same = true)] [Conv2D(3, 1)] [GlobalAvgPool]", "float")]
        [InlineData("MeanSquaredError", "[Input(2, 9)] [AvgPool1D(3, Stride = 2, Same = true)] [Conv1D(3, 2)] [GlobalMaxPool] [Dense(2)]", "float")]
        // Activations ONNX's opset 17 has no operator for, which the export writes as several nodes and the import reads back.
        [InlineData("MeanSquaredError", "[Input(4)] [Dense(3, Activation.GELU)] [Dense(5, Activation.Mish)] [Dense(1)]", "float")]
        [InlineData("MeanSquaredError", "[Input(4)] [Dense(3, Activation.GELU)] [Dense(5, Activation.Mish)] [Dense(1)]", "double")]
        [InlineData("MeanSquaredError", "[Input(1, 6, 6)] [Conv2D(2, 3, Activation.Mish)] [MaxPool2D(2)] [Activate(Activation.GELU)] [Dense(2)]", "float")]
        [InlineData("MeanSquaredError", "[Input(4)] [Dense(3, Activation.Step)] [Dense(3, Activation.Step, Threshold = 0.3)] [Dense(1)]", "float")]
        [InlineData("MeanSquaredError", "[Input(4)] [Dense(3, Activation.Step, Threshold = 0.3)] [Dense(1)]", "double")]
        [InlineData("MeanSquaredError", "[Input(4)] [Dense(3, Activation.PiecewiseLinear)] [Dense(2, Activation.Linear, Slope = 0.1)] [Dense(1)]", "float")]
        [InlineData("MeanSquaredError", "[Input(4)] [Dense(3, Activation.PiecewiseLinear)] [Dense(2, Activation.Linear, Slope = 0.1)] [Dense(1)]", "double")]
        // A bias-less Dense on steps is a MatMul alone: the Add of ½ after it starts PiecewiseLinear, it is not the Dense's bias.
        [InlineData("MeanSquaredError", "[Input(3, Steps = 4)] [Dense(2, Activation.PiecewiseLinear, Bias = false)] [LSTM(3)] [Dense(1)]", "float")]
        public void An_exported_network_imports_as_itself(string loss, string layers, string precision)
        {
            var (original, imported) = RoundTrip(loss, layers, precision, "Same");
            Assert.Equal(Architecture(original), Architecture(imported));
            Assert.Equal(Bits(original, "Parameters"), Bits(imported, "Parameters"));
            Assert.Equal(Bits(original, "Buffers"), Bits(imported, "Buffers"));
        }

        /// <summary>
        /// The two declarations whose ONNX graphs are those of another declaration: a linear Dense then [Activate] is a Gemm
        /// then the activation, as a Dense with that activation is; a BatchNorm without γ and β is a BatchNormalization with
        /// γ = 1 and β = 0, as an affine one at its initial values is. Each imports as the other form (docs/import.md, "Export").
        /// </summary>
        [Fact]
        public void Declarations_ONNX_cannot_tell_apart_import_as_the_form_the_import_reads()
        {
            var (original, imported) = RoundTrip("MeanSquaredError", "[Input(4)] [Dense(5)] [Activate(Activation.Tanh)] [BatchNorm(Affine = false)] [Dense(2)]", "float", "Canonical");
            Assert.Equal("4 → Dense 5 Linear → Activate Tanh → BatchNorm no-affine Linear → Dense 2 Linear; MeanSquaredError; float", Architecture(original));
            Assert.Equal("4 → Dense 5 Tanh → BatchNorm Linear → Dense 2 Linear; MeanSquaredError; float", Architecture(imported));
            var (before, after) = ((INetwork<float>)original, (INetwork<float>)imported);
            Assert.Equal(before.Parameters.ToArray(), after.Parameters.Slice(0, 5 * 4 + 5).ToArray().Concat(after.Parameters.Slice(5 * 4 + 5 + 2 * 5).ToArray()));
            Assert.Equal(Enumerable.Repeat(1f, 5).Concat(Enumerable.Repeat(0f, 5)), after.Parameters.Slice(5 * 4 + 5, 2 * 5).ToArray());
        }

        /// <summary>A frozen network (weights compiled in) exports the very bytes its trainable twin with the same weights exports.</summary>
        [Fact]
        public void A_frozen_network_exports_as_its_trainable_twin()
        {
            const string layers = "[Input(1, 6, 6)] [Conv2D(3, 3, Activation.ReLU, Padding = 1)] [BatchNorm] [MaxPool2D(2)] [Dense(4, Activation.Tanh)] [Dense(2)]";
            var trainable = (INetwork<float>)Create(GeneratorHarness.CompileAndLoad($"using NetGen;\n[Network(Loss.MeanSquaredError)] {layers}\npublic partial class Declared {{ }}",
                assemblyName: "FrozenTwinTrainable"), "Declared");
            Randomise(trainable);
            var weights = new InMemoryAdditionalText("weights.json", StateDict.ToJson(trainable));
            var frozen = (IFrozenNetwork<float>)Create(GeneratorHarness.CompileAndLoad(
                $"using NetGen;\n[Network(Loss.MeanSquaredError, Weights = \"weights.json\", Frozen = true)] {layers}\npublic partial class Frozen {{ }}",
                assemblyName: "FrozenTwinFrozen", additionalFiles: weights), "Frozen");

            using MemoryStream fromTrainable = new(), fromFrozen = new();
            OnnxModel.Save(trainable, fromTrainable);
            OnnxModel.Save(frozen, fromFrozen);
            Assert.Equal(fromTrainable.ToArray(), fromFrozen.ToArray());
        }

        private static (object Original, object Imported) RoundTrip(string loss, string layers, string precision, string name)
        {
            string declaration = precision == "double" ? $"Loss.{loss}, Precision = Precision.Double" : $"Loss.{loss}";
            string suffix = name + Math.Abs(layers.GetHashCode());
            var original = Create(GeneratorHarness.CompileAndLoad($"using NetGen;\n[Network({declaration})] {layers}\npublic partial class Declared {{ }}",
                assemblyName: "RoundTripDeclared_" + suffix), "Declared");
            Randomise(original);
            using var file = new MemoryStream();
            Save(original, file);
            var imported = Create(GeneratorHarness.CompileAndLoad($"using NetGen;\n[Network({declaration}, Model = \"models/exported.onnx\")]\npublic partial class Imported {{ }}",
                assemblyName: "RoundTripImported_" + suffix, additionalFiles: OnnxImportTests.Binary("models/exported.onnx", file.ToArray())), "Imported");
            return (original, imported);
        }

        private static object Create(System.Reflection.Assembly assembly, string name) => Activator.CreateInstance(assembly.GetType(name)!)!;

        private static string Architecture(object network) => (string)network.GetType().GetProperty("Architecture")!.GetValue(network)!;

        /// <summary>Every parameter and buffer moved off its initial value (biases 0, running statistics 0 and 1, slopes 0.25).</summary>
        private static void Randomise(object network)
        {
            var random = new Random(5);
            switch (network)
            {
                case INetwork<float> single:
                    Fill(single, random, v => (float)v);
                    break;
                case INetwork<double> @double:
                    Fill(@double, random, v => v);
                    break;
            }
        }

        private static void Fill<T>(INetwork<T> network, Random random, Func<double, T> from) where T : unmanaged
        {
            for (int i = 0; i < network.Parameters.Length; i++) network.Parameters[i] = from(random.NextDouble() - 0.5);
            foreach (var tensor in network.BufferTensors.Where(t => t.Key.EndsWith(".running_mean") || t.Key.EndsWith(".running_var")))
                for (int i = 0; i < tensor.Length; i++) network.Buffers[tensor.Offset + i] = from(0.5 + random.NextDouble());
        }

        private static void Save(object network, Stream stream)
        {
            if (network is INetwork<float> single) OnnxModel.Save(single, stream);
            else OnnxModel.Save((INetwork<double>)network, stream);
        }

        /// <summary>The values as their bits, so that the comparison is exact (NaN-safe, −0 ≠ +0).</summary>
        private static long[] Bits(object network, string property) => network switch
        {
            INetwork<float> single => (property == "Parameters" ? single.Parameters : single.Buffers).ToArray().Select(v => (long)BitConverter.SingleToInt32Bits(v)).ToArray(),
            INetwork<double> @double => (property == "Parameters" ? @double.Parameters : @double.Buffers).ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray(),
            _ => throw new ArgumentException("not a network", nameof(network)),
        };
    }
}
