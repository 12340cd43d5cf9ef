using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// [PReLU] beyond the PyTorch fixture (ConvolutionTests reads Fixtures/prelu_gradients.json): its tensor in Parameters and
    /// the state_dict, its initial slope, a fixed slope of 0.01 computing what LeakyReLU does, the batched code's bits on any
    /// thread count, frozen weights, zero bytes per call, and its rules.
    /// </summary>
    public class PReLULayerTests
    {
        private const string Source = """
            using NetGen;
            [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double)]
            [Input(2, 6, 6)] [Conv2D(3, 3)] [PReLU(PerChannel = true)] [MaxPool2D(2)] [Dense(12)] [PReLU] [Dense(3, Activation.Softmax)]
            public partial class AudioBlock { }

            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.LeakyReLU)] [Dense(2)]
            public partial class SmallLeaky { }
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4)] [PReLU(PerChannel = true, InitialSlope = 0.01)] [Dense(2)]
            public partial class SmallPReLU { }
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(5)] [Dense(20, Activation.LeakyReLU)] [Dense(2)]
            public partial class WideLeaky { }
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(5)] [Dense(20)] [PReLU(InitialSlope = 0.01)] [Dense(2)]
            public partial class WidePReLU { }
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(4)] [Dense(4)] [PReLU] [Dense(40)] [Dense(1)]
            public partial class UnrolledBetweenLoops { }
            """;

        private static readonly Lazy<Assembly> Networks = new(() => GeneratorHarness.CompileAndLoad(Source, assemblyName: "PReLUNetworks"));

        [Fact]
        public void The_slopes_are_one_tensor_named_weight_starting_at_a_quarter_and_round_trip()
        {
            var network = Create("AudioBlock", seed: 3);
            Assert.Equal("2×6×6 → Conv2D 3 3×3 Linear → PReLU per channel → MaxPool2D 2 → Dense 12 Linear → PReLU → Dense 3 Softmax; " +
                "CategoricalCrossEntropy; double", network.Architecture);
            Assert.Equal(
                new[] { "layers.0.weight [3,2,3,3] @0", "layers.0.bias [3] @54", "layers.1.weight [3] @57", "layers.3.weight [12,12] @60",
                        "layers.3.bias [12] @204", "layers.4.weight [1] @216", "layers.5.weight [3,12] @217", "layers.5.bias [3] @253" },
                network.ParameterTensors.Select(t => $"{t.Key} [{string.Join(",", t.Shape)}] @{t.Offset}"));
            Assert.Equal(new[] { 0.25, 0.25, 0.25 }, network.Parameters.Slice(57, 3).ToArray());
            Assert.Equal(0.25, network.Parameters[216]);

            network.Parameters[58] = -0.3;
            string json = StateDict.ToJson(network);
            Assert.Contains("\"layers.1.weight\": [0.25, -0.3, 0.25]", json);
            Assert.Contains("\"layers.4.weight\": [0.25]", json);
            var copy = Create("AudioBlock", seed: 4);
            StateDict.FromJson(copy, json);
            Assert.Equal(network.Parameters.ToArray(), copy.Parameters.ToArray());

            var file = new MemoryStream();
            network.Save(file);
            file.Position = 0;
            var loaded = Create("AudioBlock", seed: 5);
            loaded.Load(file);
            Assert.Equal(network.Parameters.ToArray(), loaded.Parameters.ToArray());
        }

        /// <summary>With its slope fixed at 0.01 a PReLU is LeakyReLU: same outputs, losses, ∂C/∂x and weight gradients.</summary>
        [Theory]
        [InlineData("Small")]
        [InlineData("Wide")]
        public void A_slope_of_0_01_computes_what_LeakyReLU_does(string name)
        {
            var leaky = Create(name + "Leaky", seed: 1);
            var prelu = Create(name + "PReLU", seed: 1);
            var slopes = prelu.ParameterTensors[2];
            Assert.Equal("layers.1.weight", slopes.Key);
            // The same weights; the slopes sit between the first Dense layer and the second.
            leaky.Parameters.Slice(0, slopes.Offset).CopyTo(prelu.Parameters);
            leaky.Parameters.Slice(slopes.Offset).CopyTo(prelu.Parameters.Slice(slopes.Offset + slopes.Length));
            Assert.All(prelu.Parameters.Slice(slopes.Offset, slopes.Length).ToArray(), s => Assert.Equal(0.01, s));

            var random = new Random(2);
            for (int sample = 0; sample < 20; sample++)
            {
                var x = Enumerable.Range(0, leaky.InputSize).Select(_ => random.NextDouble() * 4 - 2).ToArray();
                var y = Enumerable.Range(0, leaky.OutputSize).Select(_ => random.NextDouble()).ToArray();
                double[] a = new double[2], b = new double[2];
                leaky.Forward(x, a);
                prelu.Forward(x, b);
                Assert.Equal(a, b);
                double[] leakyGradient = new double[leaky.ParameterCount], preluGradient = new double[prelu.ParameterCount];
                double[] leakyInput = new double[leaky.InputSize], preluInput = new double[prelu.InputSize];
                Assert.Equal(leaky.Backward(x, y, leakyGradient, leakyInput), prelu.Backward(x, y, preluGradient, preluInput));
                Assert.Equal(leakyInput, preluInput);
                Assert.Equal(leakyGradient, preluGradient.Take(slopes.Offset).Concat(preluGradient.Skip(slopes.Offset + slopes.Length)));
            }
        }

        [Fact]
        public void BackwardBatch_and_Train_give_the_same_bits_on_any_thread_count()
        {
            var network = Create("AudioBlock", seed: 7);
            var random = new Random(3);
            const int samples = 37;
            var inputs = Enumerable.Range(0, samples * network.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var targets = new double[samples * 3];
            for (int s = 0; s < samples; s++) targets[s * 3 + random.Next(3)] = 1;

            double[]? first = null;
            foreach (int threads in new[] { 1, 2, 3, 5 })
            {
                var gradient = new double[network.ParameterCount];
                network.BackwardBatch(inputs, targets, gradient, threads);
                first ??= gradient;
                Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), gradient.Select(BitConverter.DoubleToInt64Bits));
            }

            // The batch is the sum of its samples: the slopes' gradient too.
            var sum = new double[network.ParameterCount];
            for (int s = 0; s < samples; s++)
                network.Backward(inputs.AsSpan(s * network.InputSize, network.InputSize), targets.AsSpan(s * 3, 3), sum);
            for (int k = 0; k < sum.Length; k++) Assert.Equal(sum[k], first![k], 1e-12);

            double[]? trained = null;
            foreach (int threads in new[] { 1, 2, 5 })
            {
                var copy = Create("AudioBlock", seed: 7);
                copy.Train(inputs, targets, new TrainingOptions { Epochs = 3, BatchSize = 16, Seed = 4, Threads = threads, Optimizer = Optimizer.Adam, LearningRate = 0.01 });
                trained ??= copy.Parameters.ToArray();
                Assert.Equal(trained.Select(BitConverter.DoubleToInt64Bits), copy.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
            }
            Assert.NotEqual(0.25, trained![57]); // the slopes learn
        }

        [Fact]
        public void A_frozen_network_computes_what_the_trainable_one_does_to_the_bit()
        {
            var trainable = Create("AudioBlock", seed: 9);
            trainable.Parameters[57] = -0.1;
            trainable.Parameters[216] = 0.6;
            var frozenSource = Source.Replace("[Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double)]",
                "[Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Weights = \"prelu.json\", Frozen = true)]").Replace("AudioBlock", "FrozenAudioBlock");
            var assembly = GeneratorHarness.CompileAndLoad(frozenSource, assemblyName: "FrozenPReLU",
                additionalFiles: new InMemoryAdditionalText("/project/prelu.json", StateDict.ToJson(trainable)));
            var frozen = (IInferenceNetwork<double>)Activator.CreateInstance(assembly.GetType("FrozenAudioBlock")!)!;

            var random = new Random(4);
            double[] a = new double[3], b = new double[3];
            for (int sample = 0; sample < 10; sample++)
            {
                var x = Enumerable.Range(0, trainable.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
                trainable.Forward(x, a);
                frozen.Forward(x, b);
                Assert.Equal(a.Select(BitConverter.DoubleToInt64Bits), b.Select(BitConverter.DoubleToInt64Bits));
            }
        }

        [Theory]
        [InlineData("AudioBlock")]
        [InlineData("SmallPReLU")]
        [InlineData("WidePReLU")]
        [InlineData("UnrolledBetweenLoops")]
        public void Every_call_allocates_nothing_once_warm(string name)
        {
            var network = Create(name, seed: 2);
            const int samples = 20;
            var inputs = new double[samples * network.InputSize];
            var targets = new double[samples * network.OutputSize];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = Math.Sin(i);
            for (int s = 0; s < samples; s++) targets[s * network.OutputSize] = 1;
            Allocations.AssertEveryCallAllocatesNothing(network, inputs, targets);
        }

        /// <summary>
        /// A PReLU right after a non-linearity warns as an activation layer does (NG0026), and so does an activation after a
        /// PReLU; after a Linear layer or pooling it does not. Its initial slope must be a number the network can hold (NG0011).
        /// </summary>
        [Fact]
        public Task Rules() => AnalyzerHarness.VerifyAsync("""
            using NetGen;
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dense(8, Activation.ReLU)] [{|NG0026:PReLU|}] [Dense(1)]
            public partial class AfterReLU { }
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dense(8)] [PReLU] [Activate({|NG0026:Activation.Tanh|})] [Dense(1)]
            public partial class ActivationAfterPReLU { }
            [Network(Loss.MeanSquaredError)] [Input(1, 6, 6)] [Conv2D(2, 3, Activation.ReLU)] [MaxPool2D(2)] [PReLU(PerChannel = true)] [Dense(1)]
            public partial class AfterPooling { }
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dense(8)] [PReLU({|NG0011:InitialSlope = double.NaN|})] [Dense(1)]
            public partial class NotANumber { }
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dense(8)] [PReLU({|NG0011:InitialSlope = 1e300|})] [Dense(1)]
            public partial class TooLargeForFloat { }
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(4)] [Dense(8)] [PReLU(InitialSlope = 1e300)] [Dense(1)]
            public partial class LargeInDouble { }
            [Network(Loss.CrossEntropyFromLogits)] [Input(4)] [Dense(3)] [{|NG0005:PReLU|}]
            public partial class LogitsThroughPReLU { }
            """);

        private static INetwork<double> Create(string name, int seed) =>
            (INetwork<double>)Activator.CreateInstance(Networks.Value.GetType(name)!, seed)!;
    }
}
