extern alias Generator;
using System;
using System.Collections.Generic;
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

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// [Network(Model = "x.onnx")]: PyTorch's exports (Fixtures/onnx, made by tools/make_onnx_fixtures.py) become generated
    /// networks that compute what PyTorch computed; what NetGen cannot express is a diagnostic; hostile files never crash.
    /// </summary>
    public class OnnxImportTests
    {
        [Theory]
        [InlineData("mlp", "Softmax", "4 → Dense 8 Tanh → Dense 3 Softmax; CategoricalCrossEntropy; float")]
        [InlineData("mlp_opset7", "", "4 → Dense 5 LeakyReLU(s=0.1) → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("cnn", "", "1×8×8 → Conv2D 4 3×3 p1 ReLU → MaxPool2D 2 → Conv2D 6 3×3 s2 ELU(α=1) → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("mobile", "", "3×9×9 → Conv2D 8 3×3 s2 p1 no bias ReLU6 → Conv2D 8 3×3 p1 g8 HardSwish → Conv2D 16 1×1 SiLU → AvgPool2D 3×3 s1 p1 uncounted → GlobalAvgPool → Dense 4 LogSoftmax; MeanSquaredError; float")]
        [InlineData("sequence", "", "2×10 → Conv1D 4 k3 d2 p2 Tanh → MaxPool1D 2 → Dense 3 Linear; MeanSquaredError; float")]
        [InlineData("normed", "", "1×8×8 → Conv2D 4 3×3 p1 ReLU → MaxPool2D 2 → BatchNorm m=0.2 ε=0.001 Linear → PReLU per channel → Dense 8 no bias Linear → BatchNorm Linear → PReLU → Dense 3 Linear; MeanSquaredError; float")]
        [InlineData("normed_opset9", "", "1×8×8 → Conv2D 4 3×3 p1 ReLU → MaxPool2D 2 → BatchNorm m=0.2 ε=0.001 Linear → PReLU per channel → Dense 8 no bias Linear → BatchNorm Linear → PReLU → Dense 3 Linear; MeanSquaredError; float")]
        [InlineData("untrained_norm", "", "4 → Dense 6 Linear → BatchNorm ReLU → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("gelu_mish_opset11", "", "4 → Dense 6 GELU → Dense 5 Mish → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("gelu_mish_opset13", "", "4 → Dense 6 GELU → Dense 5 Mish → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("gelu_mish_opset17", "", "4 → Dense 6 GELU → Dense 5 Mish → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("gelu_half_first", "", "4 → Dense 6 GELU → Dense 5 Mish → Dense 2 Linear; MeanSquaredError; float")]
        [InlineData("pooled_softmax", "Softmax", "2×5×5 → Conv2D 3 3×3 Linear → GlobalAvgPool → Activate Softmax; CategoricalCrossEntropy; float")]
        [InlineData("pooled_softmax_opset11", "Softmax", "2×5×5 → Conv2D 3 3×3 Linear → GlobalAvgPool → Activate Softmax; CategoricalCrossEntropy; float")]
        [InlineData("pooled_prelu", "", "2×5×5 → Conv2D 3 3×3 Linear → GlobalAvgPool → PReLU per channel; MeanSquaredError; float")]
        public void A_PyTorch_export_imports_as_the_network_PyTorch_ran(string name, string softmax, string architecture)
        {
            string loss = softmax.Length > 0 ? "CategoricalCrossEntropy" : "MeanSquaredError";
            string source = $$"""
                using NetGen;
                [Network(Loss.{{loss}}, Model = "models/{{name}}.onnx")]
                public partial class Imported { }

                [Network(Loss.{{loss}}, Model = "models/{{name}}.onnx", Frozen = true)]
                public partial class ImportedFrozen { }
                """;
            var assembly = GeneratorHarness.CompileAndLoad(source, assemblyName: "Onnx_" + name, additionalFiles: Model(name));
            var trainable = (INetwork<float>)Activator.CreateInstance(assembly.GetType("Imported")!)!;
            var frozen = (IInferenceNetwork<float>)Activator.CreateInstance(assembly.GetType("ImportedFrozen")!)!;
            Assert.Equal(architecture, trainable.Architecture);

            var (inputs, outputs) = Reference(name);
            for (int sample = 0; sample < inputs.Length; sample++)
            {
                var output = new float[outputs[sample].Length];
                foreach (var network in new IInferenceNetwork<float>[] { trainable, frozen })
                {
                    network.Forward(inputs[sample], output);
                    double scale = outputs[sample].Max(v => Math.Abs(v));
                    double worst = output.Zip(outputs[sample], (a, e) => Math.Abs(a - e)).Max() / scale;
                    Assert.True(worst < 1e-5, $"{name} sample {sample}: {worst:E2} relative from PyTorch");
                }
            }
        }

        /// <summary>The build's own evaluator (what checks reference outputs) computes what PyTorch computed, for every layer kind the fixtures hold.</summary>
        [Theory]
        [InlineData("mlp")]
        [InlineData("mlp_opset7")]
        [InlineData("cnn")]
        [InlineData("mobile")]
        [InlineData("sequence")]
        [InlineData("normed")]
        [InlineData("normed_opset9")]
        [InlineData("untrained_norm")]
        [InlineData("gelu_mish_opset11")]
        [InlineData("gelu_mish_opset13")]
        [InlineData("gelu_mish_opset17")]
        [InlineData("gelu_half_first")]
        [InlineData("pooled_softmax")]
        [InlineData("pooled_softmax_opset11")]
        [InlineData("pooled_prelu")]
        public void The_build_time_evaluator_computes_what_PyTorch_computed(string name)
        {
            var files = new[] { AdditionalFile.From(Model(name), default) }.ToEquatableArray();
            var model = ModelLoader.Load(Spec($"models/{name}.onnx"), files, new ContentCache<ImportedModel>(1))!;
            Assert.True(model.IsComplete, model.Problem ?? string.Join("; ", model.NodeProblems));
            var (inputs, outputs) = Reference(name);
            for (int sample = 0; sample < inputs.Length; sample++)
            {
                var output = LayerEvaluator.Forward(model.Layers.ToArray(), model.Input!.Shape, model.Parameters.ToArray(), inputs[sample].Select(v => (double)v).ToArray())!;
                double scale = outputs[sample].Max(v => Math.Abs(v));
                double worst = output.Zip(outputs[sample], (a, e) => Math.Abs(a - e)).Max() / scale;
                Assert.True(worst < 1e-5, $"{name} sample {sample}: {worst:E2} relative from PyTorch");
            }
        }

        [Fact]
        public void The_header_shows_the_import_as_attributes()
        {
            var (_, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("""
                using NetGen;
                [Network(Loss.MeanSquaredError, Model = "models/cnn.onnx")]
                public partial class Imported { }
                """), additionalFiles: Model("cnn"));
            string header = result.GeneratedSources.Single().SourceText.ToString();
            Assert.Contains("""
                // Imported from 'models/cnn.onnx'. As attributes (which the model must then match, and supplies the weights of):
                //   [Network(Loss.MeanSquaredError, Model = "models/cnn.onnx")]
                //   [Input(1, 8, 8)]
                //   [Conv2D(4, 3, Activation.ReLU, Padding = 1)]
                //   [MaxPool2D(2)]
                //   [Conv2D(6, 3, Activation.ELU, Stride = 2)]
                //   [Dense(2)]
                // Not checked against reference data: none is listed beside the model (test_data_set_N/*.pb or ReferenceInput/ReferenceOutput).
                """.Replace("\r\n", "\n"), header);
        }

        [Fact]
        public void The_header_says_the_reference_check_ran()
        {
            var (_, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("""
                using NetGen;
                [Network(Loss.CategoricalCrossEntropy, Model = "models/mlp.onnx")]
                public partial class Imported { }
                """), additionalFiles: new[] { Model("mlp"), TestData("input_0.pb"), TestData("output_0.pb") });
            string header = result.GeneratedSources.Single().SourceText.ToString();
            Assert.Matches(@"// Checked at build time against its reference data \(worst difference relative to the output's largest magnitude\): test_data_set_0 \d\.\dE-\d+\.", header);
        }

        [Fact]
        public void The_header_writes_BatchNorm_PReLU_and_a_bias_less_Dense_as_attributes()
        {
            var (_, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("""
                using NetGen;
                [Network(Loss.MeanSquaredError, Model = "models/normed.onnx")]
                public partial class Imported { }
                """), additionalFiles: Model("normed"));
            string header = result.GeneratedSources.Single().SourceText.ToString();
            Assert.Contains("""
                //   [Input(1, 8, 8)]
                //   [Conv2D(4, 3, Activation.ReLU, Padding = 1)]
                //   [MaxPool2D(2)]
                //   [BatchNorm(Momentum = 0.2, Epsilon = 0.001)]
                //   [PReLU(PerChannel = true)]
                //   [Dense(8, Bias = false)]
                //   [BatchNorm]
                //   [PReLU]
                //   [Dense(3)]
                """.Replace("\r\n", "\n"), header);
        }

        internal static NetworkSpec Spec(string model, string? referenceInput = null, string? referenceOutput = null) =>
            new(new TypeSpec(null, "Imported", TypeKindSpec.Class, true, false, false, EquatableArray<ContainingTypeSpec>.Empty,
                EquatableArray<string>.Empty), Generator::NetGen.Loss.CategoricalCrossEntropy, Generator::NetGen.Precision.Single, 0, EquatableArray<InputSpec>.Empty,
                EquatableArray<NetGen.Generators.Layers.LayerSpec>.Empty, 0, null, false, model, referenceInput, referenceOutput);

        [Fact]
        public void The_build_checks_the_import_against_ONNX_test_data_beside_the_model()
        {
            var spec = Spec("models/mlp.onnx");
            var files = new[] { Model("mlp"), TestData("input_0.pb"), TestData("output_0.pb") }.Select(f => AdditionalFile.From(f, default)).ToEquatableArray();
            var reference = Assert.Single(ModelLoader.Load(spec, files, new ContentCache<ImportedModel>(4))!.References);
            Assert.Equal("test_data_set_0", reference.Set);
            Assert.False(reference.Fails);
            Assert.True(reference.WorstRelativeDifference < 1e-6, reference.WorstRelativeDifference.ToString("E2"));
        }

        [Fact]
        public async Task Named_reference_files_are_checked_too()
        {
            byte[] output = Bytes("test_data_set_0/output_0.pb", "");
            output[^1] ^= 0x40;
            await AnalyzerHarness.VerifyAsync("""
                using NetGen;
                [Network(Loss.CategoricalCrossEntropy, Model = "models/mlp.onnx", ReferenceInput = "data/x.pb", ReferenceOutput = "data/y.pb")]
                public partial class Agrees { }
                [Network(Loss.CategoricalCrossEntropy, {|NG0041:Model = "models/mlp.onnx"|}, ReferenceInput = "data/x.pb", ReferenceOutput = "data/wrong.pb")]
                public partial class Disagrees { }
                """, Model("mlp"), Binary("data/x.pb", Bytes("test_data_set_0/input_0.pb", "")),
                Binary("data/y.pb", Bytes("test_data_set_0/output_0.pb", "")), Binary("data/wrong.pb", output));
        }

        [Fact]
        public async Task An_import_that_disagrees_with_its_reference_output_is_NG0041()
        {
            byte[] output = Bytes("test_data_set_0/output_0.pb", "");
            output[^1] ^= 0x40; // the last float's exponent: a different expected value
            await AnalyzerHarness.VerifyAsync("""
                using NetGen;
                [Network(Loss.CategoricalCrossEntropy, {|NG0041:Model = "models/mlp.onnx"|})]
                public partial class Imported { }
                """, Model("mlp"), TestData("input_0.pb"), Binary("models/test_data_set_0/output_0.pb", output));
        }

        [Fact]
        public async Task A_graph_NetGen_cannot_express_is_named_with_its_node_and_file()
        {
            var diagnostics = await AnalyzerHarness.AnalyzeAsync(GeneratorHarness.CreateCompilation("""
                using NetGen;
                [Network(Loss.MeanSquaredError, Model = "models/residual.onnx")]
                public partial class Imported { }
                """), Model("residual"));
            var node = Assert.Single(diagnostics, d => d.Id == "NG0038");
            Assert.Contains("(Gemm) of the model file 'models/residual.onnx'", node.GetMessage());
            Assert.Contains("branch", node.GetMessage());
            Assert.DoesNotContain(diagnostics, d => d.Id == "NG0003" || d.Id == "NG0002");
        }

        /// <summary>
        /// A global pool's output keeps its map's axes ([batch, C, 1, 1]) until a Flatten: a softmax over the last axis (opset
        /// 13), or from axis 2 on (before opset 13, where the axes from it on are normalised together), normalises size-1 axes
        /// (all ones), not the C units; a PReLU slope of [C] broadcasts over the last axis, not the channels. Each is refused
        /// at its node rather than read as NetGen's layer. So is a multi-node activation whose constants differ.
        /// </summary>
        [Theory]
        [InlineData("pooled_softmax_last", "Softmax", "axis = -1 normalises the [batch, 3, 1, 1] value below over axis 3, of size 1, where its 3 units are axis 1 (every output is 1): that is not NetGen's Softmax of the units; normalise over dim=1 (the units) or flatten the value before the Softmax")]
        [InlineData("pooled_softmax_opset11_axis2", "Softmax", "axis = 2 normalises the [batch, 3, 1, 1] value below over axes 2 to 3, of size 1, where its 3 units are axis 1")]
        [InlineData("pooled_prelu_slope", "PRelu", "slope of shape [3] on the [batch, 3, 1, 1] value below: NetGen's PReLU has one slope, or one per channel (shape [3, 1, 1])")]
        // GELU's nodes dividing by 1.4142 rather than √2 as a float: not exactly GELU, so not read as it.
        [InlineData("gelu_other_constant", "Div", "NetGen has no layer for Div")]
        public async Task What_ONNX_computes_otherwise_is_refused_at_its_node(string name, string op, string reason)
        {
            var diagnostics = await AnalyzerHarness.AnalyzeAsync(GeneratorHarness.CreateCompilation("""
                using NetGen;
                [Network(Loss.CategoricalCrossEntropy, Model = "models/model.onnx")]
                public partial class Imported { }
                """), Binary("models/model.onnx", Bytes("refused/" + name)));
            string message = Assert.Single(diagnostics, d => d.Id == "NG0038").GetMessage();
            Assert.Contains($"({op}) of the model file 'models/model.onnx'", message);
            Assert.Contains(reason, message);
        }

        [Fact]
        public async Task Declared_layers_must_match_the_model_argument_by_argument()
        {
            await AnalyzerHarness.VerifyAsync("""
                using NetGen;
                [Network(Loss.CategoricalCrossEntropy, Model = "models/mlp.onnx")]
                [Input(4)]
                [Dense(8, {|NG0039:Activation.ReLU|})]
                [Dense({|NG0039:4|}, Activation.Softmax)]
                public partial class Imported { }
                """, Model("mlp"));
        }

        [Fact]
        public async Task Declared_BatchNorm_PReLU_and_bias_less_Dense_must_match_the_model()
        {
            await AnalyzerHarness.VerifyAsync("""
                using NetGen;
                [Network(Loss.MeanSquaredError, Model = "models/normed.onnx")]
                [Input(1, 8, 8)]
                [Conv2D(4, 3, Activation.ReLU, Padding = 1)]
                [MaxPool2D(2)]
                [BatchNorm({|NG0039:Momentum = 0.1|}, Epsilon = 0.001)]
                [PReLU({|NG0039:PerChannel = false|})]
                [Dense(8, {|NG0039:Bias = true|})]
                [BatchNorm]
                [PReLU(InitialSlope = 0.5)]
                [Dense(3)]
                public partial class Imported { }
                """, Model("normed"));
        }

        [Fact]
        public async Task A_missing_model_file_is_NG0037_on_the_Model_argument()
        {
            await AnalyzerHarness.VerifyAsync("""
                using NetGen;
                [Network(Loss.MeanSquaredError, {|NG0037:Model = "models/none.onnx"|})]
                public partial class Imported { }
                """);
        }

        [Fact]
        public async Task A_model_and_a_weights_file_together_is_NG0040()
        {
            await AnalyzerHarness.VerifyAsync("""
                using NetGen;
                [Network(Loss.CategoricalCrossEntropy, Model = "models/mlp.onnx", {|NG0040:Weights = "w.json"|})]
                public partial class Imported { }
                """, Model("mlp"));
        }

        [Fact]
        public void Declared_layers_that_match_take_the_models_weights()
        {
            var assembly = GeneratorHarness.CompileAndLoad("""
                using NetGen;
                [Network(Loss.CategoricalCrossEntropy, Model = "models/mlp.onnx")]
                [Input(4)] [Dense(8, Activation.Tanh)] [Dense(3, Activation.Softmax)]
                public partial class Declared { }
                [Network(Loss.CategoricalCrossEntropy, Model = "models/mlp.onnx")]
                public partial class Imported { }
                """, assemblyName: "OnnxDeclared", additionalFiles: Model("mlp"));
            var declared = (INetwork<float>)Activator.CreateInstance(assembly.GetType("Declared")!)!;
            var imported = (INetwork<float>)Activator.CreateInstance(assembly.GetType("Imported")!)!;
            Assert.Equal(imported.Parameters.ToArray(), declared.Parameters.ToArray());
        }

        [Fact]
        public void An_unchanged_model_file_leaves_the_pipeline_cached()
        {
            var compilation = GeneratorHarness.CreateCompilation("""
                using NetGen;
                [Network(Loss.CategoricalCrossEntropy, Model = "models/mlp.onnx")]
                public partial class Imported { }
                """);
            var driver = GeneratorHarness.CreateDriver(additionalFiles: Model("mlp")).RunGenerators(compilation);
            driver = driver.RunGenerators(compilation.Clone());
            var result = driver.GetRunResult().Results.Single();
            Assert.Single(result.GeneratedSources);
            foreach (var step in new[] { NetworkGenerator.TrackingNames.ModelFiles, NetworkGenerator.TrackingNames.Networks })
                Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Fact]
        public void A_Base64_copy_reads_as_the_binary_file()
        {
            byte[] bytes = Bytes("mlp");
            var copy = new AdditionalFile("obj/netgen/models/mlp.onnx.base64", Microsoft.CodeAnalysis.Text.SourceText.From(Convert.ToBase64String(bytes)));
            Assert.Equal(bytes, copy.ReadBytes());
            Assert.Same(copy, ModelLoader.Find("models/mlp.onnx", new[] { copy }.ToEquatableArray()));
        }

        /// <summary>Every byte flipped and every length cut: the reader and the import give a result or a reason, never an exception.</summary>
        [Theory]
        [InlineData("mlp")]
        [InlineData("cnn")]
        [InlineData("normed")]
        public void Hostile_files_are_reasons_never_exceptions(string name)
        {
            byte[] original = Bytes(name);
            int readable = 0;
            for (int i = 0; i < original.Length; i++)
            {
                foreach (byte flip in new byte[] { 0xFF, 0x80, 0x01 })
                {
                    var bytes = (byte[])original.Clone();
                    bytes[i] ^= flip;
                    readable += Import(bytes) ? 1 : 0;
                }
                readable += Import(original.Take(i).ToArray()) ? 1 : 0;
            }
            Assert.True(readable < original.Length * 4, "some damage must be noticed");

            // The whole build-time path: read, import and run on the reference data beside it, uncached.
            bool Import(byte[] bytes)
            {
                var read = OnnxFile.ReadModel(bytes);
                Assert.True(read.Value is not null ^ read.Error is not null);
                var files = new[] { Binary("models/x.onnx", bytes), TestData("input_0.pb"), TestData("output_0.pb") }
                    .Select(f => AdditionalFile.From(f, default)).ToEquatableArray();
                var model = ModelLoader.Load(Spec("models/x.onnx"), files, new ContentCache<ImportedModel>(1))!;
                Assert.True(model.IsComplete || model.Problem is not null || model.NodeProblems.Count > 0);
                return model.IsComplete;
            }
        }

        [Fact]
        public void The_generator_never_throws_on_a_damaged_model()
        {
            byte[] original = Bytes("cnn");
            var compilation = GeneratorHarness.CreateCompilation("""
                using NetGen;
                [Network(Loss.MeanSquaredError, Model = "models/cnn.onnx")]
                public partial class Imported { }
                """);
            var random = new Random(22);
            for (int trial = 0; trial < 60; trial++)
            {
                var bytes = (byte[])original.Clone();
                for (int k = 0; k < 1 + trial % 4; k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                if (trial % 3 == 0) bytes = bytes.Take(random.Next(bytes.Length)).ToArray();
                var (_, result) = GeneratorHarness.Run(compilation, additionalFiles: Binary("models/cnn.onnx", bytes));
                Assert.Null(result.Exception);
            }
        }

        [Fact]
        public void Reference_data_of_another_shape_is_said_to_not_fit_not_to_disagree()
        {
            // The same values, as [N·F, 1]: samples of one value each, where the model reads samples of F values.
            var input = OnnxFile.ReadTensor(Bytes("test_data_set_0/input_0.pb", "")).Value!;
            long values = input.Values!.Length;
            var files = new[] { Model("mlp"), Binary("models/test_data_set_0/input_0.pb", FloatTensor(new[] { values, 1 }, input.Values!)), TestData("output_0.pb") }
                .Select(f => AdditionalFile.From(f, default)).ToEquatableArray();
            var reference = Assert.Single(ModelLoader.Load(Spec("models/mlp.onnx"), files, new ContentCache<ImportedModel>(1))!.References);
            Assert.True(reference.Fails);
            Assert.Contains($"its input [{values}, 1] and output [{input.Dims[0]}, ", reference.Problem);
            Assert.Contains("do not fit", reference.Problem);
        }

        [Fact]
        public void A_model_without_an_opset_is_not_guessed()
        {
            var read = OnnxFile.ReadModel(WithoutField(Bytes("mlp"), field: 8));
            Assert.Null(read.Value);
            Assert.Contains("declares no opset_import", read.Error);
        }

        /// <summary>A message without its top-level fields of one number (ONNX's ModelProto: 8 is opset_import).</summary>
        private static byte[] WithoutField(byte[] message, int field)
        {
            var kept = new List<byte>();
            for (int at = 0; at < message.Length;)
            {
                int start = at;
                ulong tag = Varint(message, ref at);
                switch (tag & 7)
                {
                    case 0: Varint(message, ref at); break;
                    case 1: at += 8; break;
                    case 2: int length = (int)Varint(message, ref at); at += length; break;
                    case 5: at += 4; break;
                    default: throw new InvalidDataException("an unexpected wire type");
                }
                if ((int)(tag >> 3) != field) kept.AddRange(message.Skip(start).Take(at - start));
            }
            return kept.ToArray();

            static ulong Varint(byte[] bytes, ref int at)
            {
                ulong value = 0;
                for (int shift = 0; ; shift += 7)
                {
                    byte b = bytes[at++];
                    value |= (ulong)(b & 0x7F) << shift;
                    if (b < 0x80) return value;
                }
            }
        }

        /// <summary>A float TensorProto: dims (field 1), data_type FLOAT (field 2), raw_data (field 9).</summary>
        private static byte[] FloatTensor(long[] dims, double[] values)
        {
            var bytes = new List<byte>();
            foreach (long d in dims) { bytes.Add(0x08); AddVarint((ulong)d); }
            bytes.AddRange(new byte[] { 0x10, 0x01, 0x4A });
            AddVarint((ulong)values.Length * 4);
            foreach (double v in values) bytes.AddRange(BitConverter.GetBytes((float)v));
            return bytes.ToArray();

            void AddVarint(ulong value)
            {
                for (; value >= 0x80; value >>= 7) bytes.Add((byte)(value | 0x80));
                bytes.Add((byte)value);
            }
        }

        [Fact]
        public void Absurd_dimensions_and_external_data_are_reasons()
        {
            // TensorProto: dims = [2^40, 2^40], data_type = FLOAT.
            byte[] absurd = { 0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x10, 0x01 };
            Assert.Contains("more than", OnnxFile.ReadTensor(absurd).Error);
            // TensorProto: dims = [2], data_type = FLOAT, data_location = EXTERNAL.
            var external = OnnxFile.ReadTensor(new byte[] { 0x08, 0x02, 0x10, 0x01, 0x70, 0x01 }).Value!;
            Assert.True(external.IsExternal);
            Assert.Null(external.Values);
        }

        internal static AdditionalText Model(string name) => Binary($"models/{name}.onnx", Bytes(name));

        /// <summary>A binary file as text of one character per byte (what <see cref="AdditionalFile.ReadBytes"/> reads back).</summary>
        internal static AdditionalText Binary(string path, byte[] bytes) => new InMemoryAdditionalText(path, new string(bytes.Select(b => (char)b).ToArray()));

        private static AdditionalText TestData(string name) => Binary("models/test_data_set_0/" + name, Bytes("test_data_set_0/" + name, ""));

        internal static byte[] Bytes(string name, string extension = ".onnx", [CallerFilePath] string path = "") =>
            File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(path)!, "Fixtures", "onnx", name + extension));

        private static (float[][] Inputs, float[][] Outputs) Reference(string name, [CallerFilePath] string path = "")
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, "Fixtures", "onnx", name + ".json")));
            static float[][] Rows(JsonElement e) => e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
            return (Rows(document.RootElement.GetProperty("input")), Rows(document.RootElement.GetProperty("output")));
        }
    }
}
