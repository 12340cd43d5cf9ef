using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NetGen.Generators.Model;
using NetGen.Generators.Onnx;
using NetGen.Generators.Parsing;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;
using static NetGen.Generators.Tests.OnnxImportTests;

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// ONNX's LSTM, GRU and RNN nodes as torch.onnx.export writes nn.LSTM, nn.GRU and nn.RNN(batch_first=True) (Fixtures/onnx,
    /// made by tools/make_onnx_recurrent_fixtures.py): the import computes what PyTorch computed, its parameters are PyTorch's
    /// state_dict (ONNX's gate order undone), and what PyTorch's layers cannot be is refused by name.
    /// </summary>
    public class OnnxRecurrentImportTests
    {
        [Theory]
        [InlineData("lstm", "6 steps×3 → LSTM 5 → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("lstm_layout1", "6 steps×3 → LSTM 5 → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("gru", "6 steps×3 → GRU 4 → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("rnn_tanh", "6 steps×3 → RNN 4 Tanh → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("rnn_relu", "6 steps×3 → RNN 4 ReLU sequences → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("gru_sequences", "6 steps×3 → GRU 4 sequences → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("lstm_stacked", "6 steps×3 → LSTM 5 sequences → LSTM 4 no bias → Dense 3 Linear; MeanSquaredError; float")]
        [InlineData("dense_lstm", "6 steps×3 → Dense 4 Tanh → LSTM 5 → Dense 3 Softmax; MeanSquaredError; float")]
        [InlineData("kept_softmax", "6 steps×3 → LSTM 5 → Dense 3 Softmax; MeanSquaredError; float")]
        public void A_PyTorch_recurrent_export_imports_as_the_network_PyTorch_ran(string name, string architecture)
        {
            string source = """
                using NetGen;
                [Network(Loss.MeanSquaredError, Model = "models/model.onnx")]
                public partial class Imported { }

                [Network(Loss.MeanSquaredError, Model = "models/model.onnx", Frozen = true)]
                public partial class ImportedFrozen { }
                """;
            // The test data beside the model: the build checks the import against it (NG0041 would fail the compilation).
            var assembly = GeneratorHarness.CompileAndLoad(source, assemblyName: "OnnxRecurrent_" + name, additionalFiles: Files(name));
            var trainable = (INetwork<float>)Activator.CreateInstance(assembly.GetType("Imported")!)!;
            var frozen = (IInferenceNetwork<float>)Activator.CreateInstance(assembly.GetType("ImportedFrozen")!)!;
            Assert.Equal(architecture, trainable.Architecture);

            var (inputs, outputs, _) = Reference(name);
            for (int sample = 0; sample < inputs.Length; sample++)
            {
                var output = new float[outputs[sample].Length];
                foreach (var network in new IInferenceNetwork<float>[] { trainable, frozen })
                {
                    network.Forward(inputs[sample], output);
                    Assert.True(Worst(output.Select(v => (double)v), outputs[sample]) < 1e-5, $"{name} sample {sample}: {Worst(output.Select(v => (double)v), outputs[sample]):E2} relative from PyTorch");
                }
            }
        }

        [Theory]
        [InlineData("lstm")]
        [InlineData("lstm_layout1")]
        [InlineData("gru")]
        [InlineData("rnn_tanh")]
        [InlineData("rnn_relu")]
        [InlineData("gru_sequences")]
        [InlineData("lstm_stacked")]
        [InlineData("dense_lstm")]
        [InlineData("kept_softmax")]
        public void The_parameters_are_PyTorchs_state_dict_and_the_reference_check_passes(string name)
        {
            var files = Files(name).Select(f => AdditionalFile.From(f, default)).ToEquatableArray();
            var model = ModelLoader.Load(Spec("models/model.onnx"), files, new ContentCache<ImportedModel>(1))!;
            Assert.True(model.IsComplete, model.Problem ?? string.Join("; ", model.NodeProblems));

            var (inputs, outputs, parameters) = Reference(name);
            // Exactly: ONNX's floats reordered gate by gate are PyTorch's floats (i, f, g, o; r, z, n), bias_ih apart from bias_hh.
            Assert.Equal(parameters, model.Parameters.ToArray());

            var reference = Assert.Single(model.References);
            Assert.False(reference.Fails, reference.Problem);
            Assert.True(reference.WorstRelativeDifference < 1e-5, reference.WorstRelativeDifference.ToString("E2"));
            for (int sample = 0; sample < inputs.Length; sample++)
            {
                var output = LayerEvaluator.Forward(model.Layers.ToArray(), model.Input!.Shape, model.Parameters.ToArray(), inputs[sample].Select(v => (double)v).ToArray())!;
                Assert.True(Worst(output, outputs[sample]) < 1e-5, $"{name} sample {sample}: the evaluator is {Worst(output, outputs[sample]):E2} relative from PyTorch");
            }
        }

        [Fact]
        public void The_header_shows_steps_and_recurrent_layers_as_attributes()
        {
            var (_, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("""
                using NetGen;
                [Network(Loss.MeanSquaredError, Model = "models/model.onnx")]
                public partial class Imported { }
                """), additionalFiles: Binary("models/model.onnx", Bytes("lstm_stacked")));
            string header = result.GeneratedSources.Single().SourceText.ToString();
            Assert.Contains("""
                //   [Input(3, Steps = 6)]
                //   [LSTM(5, ReturnSequences = true)]
                //   [LSTM(4, Bias = false)]
                //   [Dense(3)]
                """.Replace("\r\n", "\n"), header);
        }

        [Fact]
        public async Task Declared_recurrent_layers_must_match_the_model()
        {
            await AnalyzerHarness.VerifyAsync("""
                using NetGen;
                [Network(Loss.MeanSquaredError, Model = "models/model.onnx")]
                [Input(3, Steps = 6)]
                [RNN(4, {|NG0039:Activation.Tanh|}, ReturnSequences = true)]
                [Dense(2)]
                public partial class Imported { }

                [Network(Loss.MeanSquaredError, Model = "models/model.onnx")]
                [{|NG0039:Input(3, Steps = 5)|}]
                [RNN(4, Activation.ReLU, ReturnSequences = true)]
                [Dense(2)]
                public partial class Matches { }
                """, Binary("models/model.onnx", Bytes("rnn_relu")));
        }

        /// <summary>Every ONNX setting PyTorch's layers do not have is NG0038 at the Model argument, naming the node, its operator, the file and the way out.</summary>
        [Theory]
        [InlineData("reverse", "LSTM", "direction = 'reverse'")]
        [InlineData("bidirectional", "LSTM", "direction = 'bidirectional'")]
        [InlineData("two_directions", "LSTM", "num_directions = 2")]
        [InlineData("sequence_lens", "LSTM", "it has sequence_lens 'lens'")]
        [InlineData("initial_h", "LSTM", "its initial_h 'h0' is not zero")]
        [InlineData("initial_c", "LSTM", "its initial_c 'c0' is not zero")]
        [InlineData("clip", "LSTM", "clip = 3")]
        [InlineData("input_forget", "LSTM", "input_forget = 1")]
        [InlineData("activations", "LSTM", "activations [Sigmoid, Tanh, Relu]")]
        [InlineData("activation_alpha", "LSTM", "activation_alpha/activation_beta are set")]
        [InlineData("hidden_size", "LSTM", "hidden_size = 7 where its weights have 5 units")]
        [InlineData("linear_before_reset", "GRU", "linear_before_reset = 0")]
        [InlineData("rnn_sigmoid", "RNN", "activations [Sigmoid]: NetGen's [RNN] has nn.RNN's (Tanh or Relu)")]
        [InlineData("steps_batchnorm", "BatchNormalization", "a BatchNormalization of [batch, steps, features] takes the steps (axis 1) as its channels")]
        [InlineData("flattened_steps", "Flatten", "it flattens the 6 steps×5 below it")]
        [InlineData("peepholes", "LSTM", "it has peepholes (input P)")]
        [InlineData("cell_state", "LSTM", "its final cell state Y_c is used")]
        [InlineData("both_outputs", "LSTM", "both its Y and its Y_h are used (a branch)")]
        [InlineData("last_after_head", "Gather", "it takes the last step after a layer that acts on every step")]
        [InlineData("kept_softmax_steps", "Softmax", "axis = 1 normalises the [batch, 1, 3] value below over axis 1, of size 1, where its 3 units are axis 2 (every output is 1)")]
        [InlineData("squeeze_without_axes", "Squeeze", "it has no axes, so it removes every axis of size 1")]
        [InlineData("conv_lstm", "Conv", "NetGen does not import a recurrent layer after a Conv yet")]
        public async Task What_PyTorchs_recurrent_layers_cannot_be_is_refused_by_name(string name, string op, string reason)
        {
            var model = Binary("models/model.onnx", Bytes("refused/" + name));
            await AnalyzerHarness.VerifyAsync("""
                using NetGen;
                [Network(Loss.MeanSquaredError, {|NG0038:Model = "models/model.onnx"|})]
                public partial class Imported { }
                """, model);
            var diagnostics = await AnalyzerHarness.AnalyzeAsync(GeneratorHarness.CreateCompilation("""
                using NetGen;
                [Network(Loss.MeanSquaredError, Model = "models/model.onnx")]
                public partial class Imported { }
                """), model);
            string message = Assert.Single(diagnostics, d => d.Id == "NG0038").GetMessage();
            Assert.Contains($"({op}) of the model file 'models/model.onnx'", message);
            Assert.Contains(reason, message);
        }

        [Fact]
        public async Task A_symbolic_number_of_steps_asks_for_a_fixed_length()
        {
            var model = Binary("models/model.onnx", Bytes("refused/symbolic_steps"));
            await AnalyzerHarness.VerifyAsync("""
                using NetGen;
                [Network(Loss.MeanSquaredError, {|NG0037:Model = "models/model.onnx"|})]
                public partial class Imported { }
                """, model);
            var diagnostics = await AnalyzerHarness.AnalyzeAsync(GeneratorHarness.CreateCompilation("""
                using NetGen;
                [Network(Loss.MeanSquaredError, Model = "models/model.onnx")]
                public partial class Imported { }
                """), model);
            Assert.Contains("export with a fixed sequence length", Assert.Single(diagnostics, d => d.Id == "NG0037").GetMessage());
        }

        private static AdditionalText[] Files(string name)
        {
            string data = (name == "lstm_layout1" ? "lstm" : name) + "_data/";
            return new[]
            {
                Binary("models/model.onnx", Bytes(name)),
                Binary("models/test_data_set_0/input_0.pb", Bytes(data + "input_0.pb", "")),
                Binary("models/test_data_set_0/output_0.pb", Bytes(data + "output_0.pb", "")),
            };
        }

        private static double Worst(System.Collections.Generic.IEnumerable<double> actual, float[] expected) =>
            actual.Zip(expected, (a, e) => Math.Abs(a - e)).Max() / expected.Max(v => Math.Abs(v));

        private static (float[][] Inputs, float[][] Outputs, double[] Parameters) Reference(string name, [CallerFilePath] string path = "")
        {
            string file = name == "lstm_layout1" ? "lstm" : name;
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, "Fixtures", "onnx", file + ".json")));
            static float[][] Rows(JsonElement e) => e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
            var root = document.RootElement;
            return (Rows(root.GetProperty("input")), Rows(root.GetProperty("output")),
                root.GetProperty("parameters").EnumerateArray().Select(v => (double)v.GetSingle()).ToArray());
        }
    }
}
