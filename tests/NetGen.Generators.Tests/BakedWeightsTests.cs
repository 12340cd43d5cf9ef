using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>[Network(Weights = "...")] compiles a state_dict file into the class; Frozen folds it into the code.</summary>
    public class BakedWeightsTests
    {
        /// <summary>Layer sizes 40 → 30 → 3: the first layer loops (reads the baked span), the second is unrolled (literals when frozen).</summary>
        private static readonly int[] Sizes = { 40, 30, 3 };

        private const string Networks = """
            using NetGen;
            [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Weights = "weights/classifier.json")]
            [Input(40)] [Dense(30, Activation.Tanh)] [Dense(3, Activation.Softmax)]
            public partial class TrainableNet { }

            [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Weights = "weights/classifier.json", Frozen = true)]
            [Input(40)] [Dense(30, Activation.Tanh)] [Dense(3, Activation.Softmax)]
            public partial class FrozenNet { }
            """;

        [Fact]
        public void Baked_weights_equal_the_file_and_the_seed_constructor_still_draws_its_own()
        {
            var (json, values) = StateDictJson(Sizes, seed: 1);
            var assembly = GeneratorHarness.CompileAndLoad(Networks, assemblyName: "Baked", additionalFiles: File(json));
            var type = assembly.GetType("TrainableNet")!;

            var baked = (INetwork<double>)Activator.CreateInstance(type)!;
            Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), baked.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
            var seeded = (INetwork<double>)Activator.CreateInstance(type, 3)!;
            Assert.NotEqual(values, seeded.Parameters.ToArray());
        }

        [Fact]
        public void Baked_weights_live_in_the_data_section_where_the_target_allows_it()
        {
            var (json, _) = StateDictJson(Sizes, seed: 1);
            var (_, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Networks), additionalFiles: File(json));
            string trainable = result.GeneratedSources.Single(s => s.HintName == "TrainableNet.g.cs").SourceText.ToString();
            Assert.Contains("private static global::System.ReadOnlySpan<double> BakedParameters => new double[] {", trainable);
            Assert.Contains("BakedParameters.CopyTo(Parameters);", trainable);
        }

        [Fact]
        public void Frozen_and_normal_forms_agree_to_the_last_bit_in_double()
        {
            var (json, _) = StateDictJson(Sizes, seed: 2);
            var assembly = GeneratorHarness.CompileAndLoad(Networks, assemblyName: "Frozen", additionalFiles: File(json));
            var trainable = (INetwork<double>)Activator.CreateInstance(assembly.GetType("TrainableNet")!)!;
            var frozenObject = Activator.CreateInstance(assembly.GetType("FrozenNet")!)!;
            Assert.IsNotAssignableFrom<INetwork<double>>(frozenObject);
            Assert.Null(frozenObject.GetType().GetMethod("BackwardFromOutput")); // inference only: nothing to backpropagate into
            var frozen = Assert.IsAssignableFrom<IInferenceNetwork<double>>(frozenObject);
            Assert.Equal(trainable.Architecture, frozen.Architecture);

            var random = new DeterministicRandom(5);
            double[] a = new double[3], b = new double[3];
            for (int sample = 0; sample < 50; sample++)
            {
                var input = Enumerable.Range(0, 40).Select(_ => random.NextUniform(-3, 3)).ToArray();
                double[] target = { 0, 0, 0 };
                target[sample % 3] = 1;
                trainable.Forward(input, a);
                frozen.Forward(input, b);
                Assert.Equal(a.Select(BitConverter.DoubleToInt64Bits), b.Select(BitConverter.DoubleToInt64Bits));
                Assert.Equal(BitConverter.DoubleToInt64Bits(trainable.ComputeLoss(input, target)), BitConverter.DoubleToInt64Bits(frozen.ComputeLoss(input, target)));
            }
        }

        [Fact]
        public void Frozen_xor_snapshot()
        {
            var (json, _) = StateDictJson(new[] { 2, 4, 1 }, seed: 3);
            const string source = """
                using NetGen;
                [Network(Loss.BinaryCrossEntropy, Weights = "xor.weights.json", Frozen = true)]
                [Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.Sigmoid)]
                public partial class FrozenXor { }
                """;
            var (output, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source), additionalFiles: new InMemoryAdditionalText("/project/xor.weights.json", json));
            GeneratorHarness.AssertNoWarnings(output);
            Snapshot.Verify(result.GeneratedSources.Single().SourceText.ToString(), "Frozen_xor");
        }

        [Fact]
        public Task NG0018_weights_file_not_among_the_additional_files() => AnalyzerHarness.VerifyAsync("""
            using NetGen;
            [Network(Loss.MeanSquaredError, {|NG0018:Weights = "missing.json"|})] [Input(2)] [Dense(1)]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0019_weights_file_is_not_json() => AnalyzerHarness.VerifyAsync("""
            using NetGen;
            [Network(Loss.MeanSquaredError, {|NG0019:Weights = "w.json"|})] [Input(2)] [Dense(1)]
            public partial class Net { }
            """, new InMemoryAdditionalText("/project/w.json", "{ \"layers.0.weight\": [[1, 2]] "));

        [Fact]
        public Task NG0020_weights_file_does_not_fit_the_layers() => AnalyzerHarness.VerifyAsync("""
            using NetGen;
            [Network(Loss.MeanSquaredError, {|NG0020:Weights = "w.json"|})] [Input(3)] [Dense(1)]
            public partial class Net { }
            """, new InMemoryAdditionalText("/project/w.json", """{ "layers.0.weight": [[1, 2]], "layers.0.bias": [0] }"""));

        [Fact]
        public Task NG0021_frozen_without_weights() => AnalyzerHarness.VerifyAsync("""
            using NetGen;
            [Network(Loss.MeanSquaredError, {|NG0021:Frozen = true|})] [Input(2)] [Dense(1)]
            public partial class Net { }
            """);

        [Fact]
        public void A_network_whose_weights_do_not_fit_gets_no_code()
        {
            const string source = """
                using NetGen;
                [Network(Loss.MeanSquaredError, Weights = "w.json")] [Input(3)] [Dense(1)]
                public partial class Net { }
                """;
            var (_, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source),
                additionalFiles: new InMemoryAdditionalText("/project/w.json", """{ "layers.0.weight": [[1, 2]], "layers.0.bias": [0] }"""));
            Assert.Empty(result.GeneratedSources);
        }

        [Theory]
        [InlineData("[Input(2, 7, 7)] [Conv2D(3, 3, Activation.ReLU, Padding = 1)] [MaxPool2D(2)] [Conv2D(2, 2, Activation.Tanh)] [Dense(3, Activation.Softmax)]")]
        // Bias-less Dense layers, one looped (reads the baked span) and one unrolled (literals when frozen): no bias key in the file.
        [InlineData("[Input(6)] [Dense(8, Activation.Tanh, Bias = false)] [Dense(3, Activation.Softmax, Bias = false)]")]
        public void Image_and_bias_less_networks_bake_and_freeze_their_weights_and_the_frozen_form_agrees_to_the_last_bit(string layers)
        {
            var seeded = (INetwork<double>)Activator.CreateInstance(GeneratorHarness.CompileAndLoad(
                $"using NetGen; [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double)] {layers} public partial class SeedNet {{ }}",
                assemblyName: "ConvSeed").GetType("SeedNet")!, 4)!;
            string json = StateDict.ToJson(seeded);
            var assembly = GeneratorHarness.CompileAndLoad($$"""
                using NetGen;
                [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Weights = "weights/classifier.json")] {{layers}}
                public partial class TrainableNet { }
                [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Weights = "weights/classifier.json", Frozen = true)] {{layers}}
                public partial class FrozenNet { }
                """, assemblyName: "ConvBaked", additionalFiles: File(json));

            var trainable = (INetwork<double>)Activator.CreateInstance(assembly.GetType("TrainableNet")!)!;
            Assert.Equal(seeded.Parameters.ToArray(), trainable.Parameters.ToArray());
            var frozen = (IInferenceNetwork<double>)Activator.CreateInstance(assembly.GetType("FrozenNet")!)!;
            var random = new DeterministicRandom(9);
            for (int sample = 0; sample < 10; sample++)
            {
                var input = Enumerable.Range(0, trainable.InputSize).Select(_ => random.NextUniform(-1, 1)).ToArray();
                double[] expected = new double[3], actual = new double[3];
                trainable.Forward(input, expected);
                frozen.Forward(input, actual);
                Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
            }
        }

        [Fact]
        public Task A_weights_file_for_an_image_network_with_the_wrong_kernel_shape_is_NG0020() =>
            AnalyzerHarness.VerifyAsync("""
                using NetGen;
                [Network(Loss.MeanSquaredError, {|NG0020:Weights = "weights/classifier.json"|})] [Input(1, 4, 4)] [Conv2D(1, 3)]
                public partial class Net { }
                """, File("{\"layers.0.weight\": [[[[1, 2], [3, 4]]]], \"layers.0.bias\": [0]}"));

        private static InMemoryAdditionalText File(string json) => new("/project/weights/classifier.json", json);

        /// <summary>Random parameters in NetGen's layout and the same values as state_dict JSON.</summary>
        private static (string Json, double[] Values) StateDictJson(int[] sizes, int seed)
        {
            var random = new DeterministicRandom(seed);
            var values = new System.Collections.Generic.List<double>();
            var json = new StringBuilder("{");
            for (int layer = 0; layer + 1 < sizes.Length; layer++)
            {
                int fanIn = sizes[layer], units = sizes[layer + 1];
                var weights = Enumerable.Range(0, units).Select(_ => Enumerable.Range(0, fanIn).Select(_ => random.NextUniform(-1, 1)).ToArray()).ToArray();
                var biases = Enumerable.Range(0, units).Select(_ => random.NextUniform(-0.5, 0.5)).ToArray();
                values.AddRange(weights.SelectMany(row => row));
                values.AddRange(biases);
                string Numbers(double[] row) => "[" + string.Join(", ", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
                json.Append(layer == 0 ? "" : ", ")
                    .Append($"\"layers.{layer}.weight\": [{string.Join(", ", weights.Select(Numbers))}], \"layers.{layer}.bias\": {Numbers(biases)}");
            }
            return (json.Append('}').ToString(), values.ToArray());
        }
    }
}
