using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>Dense → BatchNorm(ReLU) → Dense: nn.BatchNorm1d on a vector, one statistic per unit.</summary>
    [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 3)]
    [Input(5)]
    [Dense(6)]
    [BatchNorm(Activation.ReLU)]
    [Dense(2)]
    public partial class DenseBatchNormNet
    {
    }

    /// <summary>Conv → BatchNorm → ReLU → Conv → BatchNorm(momentum, no affine) → pool → Dense: nn.BatchNorm2d, one statistic per channel.</summary>
    [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Seed = 5)]
    [Input(2, 6, 6)]
    [Conv2D(3, 3)]
    [BatchNorm]
    [Activate(Activation.ReLU)]
    [Conv2D(4, 3, Padding = 1)]
    [BatchNorm(Activation.Tanh, Momentum = 0.3, Affine = false)]
    [MaxPool2D(2)]
    [Dense(3, Activation.Softmax)]
    public partial class ConvBatchNormNet
    {
    }

    /// <summary>Dense on every step → BatchNorm(Tanh) → LSTM → Dense: nn.BatchNorm1d on (N, F, L), one statistic per feature over the steps.</summary>
    [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 7)]
    [Input(3, Steps = 5)]
    [Dense(4)]
    [BatchNorm(Activation.Tanh)]
    [LSTM(3)]
    [Dense(2)]
    public partial class StepsBatchNormNet
    {
    }

    /// <summary>The same as ConvBatchNormNet in float.</summary>
    [Network(Loss.CategoricalCrossEntropy, Seed = 5)]
    [Input(2, 6, 6)]
    [Conv2D(3, 3)]
    [BatchNorm]
    [Activate(Activation.ReLU)]
    [Conv2D(4, 3, Padding = 1)]
    [BatchNorm(Activation.Tanh, Momentum = 0.3, Affine = false)]
    [MaxPool2D(2)]
    [Dense(3, Activation.Softmax)]
    public partial class ConvBatchNormFloatNet
    {
    }

    /// <summary>
    /// [BatchNorm] against PyTorch's float64 autograd (Fixtures/torch_batchnorm.json, tools/make_batchnorm_fixture.py): the
    /// one-sample calls in eval mode, BackwardBatch in train mode over a batch of two tiles (the gradient through the batch
    /// statistics and the running statistics after the step), the same bits on any thread count, and Save/Load and the
    /// state_dict with the buffers.
    /// </summary>
    public class BatchNormTests
    {
        [Fact]
        public void Buffers_start_at_PyTorch_values()
        {
            var network = new DenseBatchNormNet();
            Assert.Equal(new[] { "layers.1.running_mean", "layers.1.running_var", "layers.1.num_batches_tracked" }, network.BufferTensors.Select(t => t.Key));
            Assert.Equal(Enumerable.Repeat(0.0, 6).Concat(Enumerable.Repeat(1.0, 6)).Concat(new[] { 0.0 }), network.Buffers.ToArray());
            Assert.Equal(new[] { "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias" },
                network.ParameterTensors.Select(t => t.Key));
            Assert.Equal(new[] { 1.0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 }, network.Parameters.Slice(36, 12).ToArray());
        }

        [Theory]
        [InlineData("DenseBatchNormNet")]
        [InlineData("ConvBatchNormNet")]
        [InlineData("StepsBatchNormNet")]
        public void Eval_mode_matches_PyTorch(string name)
        {
            var (network, fixture) = Load<double>(name);
            var inputs = Vector(fixture, "inputs");
            var targets = Vector(fixture, "targets");
            int samples = inputs.Length / network.InputSize;
            var outputs = new double[samples * network.OutputSize];
            for (int s = 0; s < samples; s++) network.Forward(inputs.AsSpan(s * network.InputSize, network.InputSize), outputs.AsSpan(s * network.OutputSize, network.OutputSize));
            AssertClose(Vector(fixture, "eval_outputs"), outputs, 1e-9, "Forward");
            var batchOutputs = new double[outputs.Length];
            network.ForwardBatch(inputs, batchOutputs);
            AssertClose(Vector(fixture, "eval_outputs"), batchOutputs, 1e-9, "ForwardBatch");

            var gradient = new double[network.ParameterCount];
            var inputGradient = new double[network.InputSize];
            double loss = network.Backward(inputs.AsSpan(0, network.InputSize), targets.AsSpan(0, network.OutputSize), gradient, inputGradient);
            AssertClose(new[] { fixture.GetProperty("eval_loss").GetDouble() }, new[] { loss }, 1e-9, "loss");
            AssertClose(Vector(fixture, "eval_gradient"), gradient, 1e-9, "∂C/∂θ");
            AssertClose(Vector(fixture, "eval_input_gradient"), inputGradient, 1e-9, "∂C/∂x");
        }

        [Theory]
        [InlineData("DenseBatchNormNet")]
        [InlineData("ConvBatchNormNet")]
        [InlineData("StepsBatchNormNet")]
        public void Train_mode_batch_matches_PyTorch_with_the_running_statistics_after_it(string name)
        {
            var (network, fixture) = Load<double>(name);
            var gradient = new double[network.ParameterCount];
            double loss = network.BackwardBatch(Vector(fixture, "inputs"), Vector(fixture, "targets"), gradient);
            AssertClose(new[] { fixture.GetProperty("train_loss").GetDouble() }, new[] { loss }, 1e-9, "loss");
            AssertClose(Vector(fixture, "train_gradient"), gradient, 1e-9, "∂C/∂θ");
            AssertClose(Vector(fixture, "buffers_after"), network.Buffers.ToArray(), 1e-9, "buffers");
        }

        [Fact]
        public void Float_matches_PyTorch_to_float_precision()
        {
            var (network, fixture) = Load<float>("ConvBatchNormNet", new ConvBatchNormFloatNet());
            var inputs = Vector(fixture, "inputs").Select(v => (float)v).ToArray();
            var targets = Vector(fixture, "targets").Select(v => (float)v).ToArray();
            var outputs = new float[inputs.Length / network.InputSize * network.OutputSize];
            network.ForwardBatch(inputs, outputs);
            AssertClose(Vector(fixture, "eval_outputs"), outputs.Select(v => (double)v).ToArray(), 2e-4, "ForwardBatch");
            var gradient = new float[network.ParameterCount];
            network.BackwardBatch(inputs, targets, gradient);
            AssertClose(Vector(fixture, "train_gradient"), gradient.Select(v => (double)v).ToArray(), 2e-4, "∂C/∂θ");
            AssertClose(Vector(fixture, "buffers_after"), network.Buffers.ToArray().Select(v => (double)v).ToArray(), 2e-4, "buffers");
        }

        [Theory]
        [InlineData("ConvBatchNormNet")]
        [InlineData("StepsBatchNormNet")]
        public void Train_mode_gives_the_same_bits_on_one_two_and_five_threads(string name)
        {
            double[]? first = null, firstBuffers = null;
            foreach (int threads in new[] { 1, 2, 5 })
            {
                var (network, fixture) = Load<double>(name);
                var gradient = new double[network.ParameterCount];
                network.BackwardBatch(Vector(fixture, "inputs"), Vector(fixture, "targets"), gradient, threads);
                first ??= gradient;
                firstBuffers ??= network.Buffers.ToArray();
                Assert.Equal(first, gradient);
                Assert.Equal(firstBuffers, network.Buffers.ToArray());
            }
        }

        [Fact]
        public void A_one_sample_training_batch_of_a_vector_is_refused_as_PyTorch_refuses_it()
        {
            var network = new DenseBatchNormNet();
            var error = Assert.Throws<ArgumentException>(() => network.BackwardBatch(new double[5], new double[2], new double[DenseBatchNormNet.ParameterCount]));
            Assert.Contains("more than one value per channel", error.Message);
        }

        [Fact]
        public void Save_Load_and_the_state_dict_carry_the_buffers()
        {
            var (trained, _) = Load<double>("ConvBatchNormNet");
            using var file = new MemoryStream();
            trained.Save(file);
            var loaded = new ConvBatchNormNet();
            file.Position = 0;
            loaded.Load(file);
            Assert.Equal(trained.Parameters.ToArray(), loaded.Parameters.ToArray());
            Assert.Equal(trained.Buffers.ToArray(), loaded.Buffers.ToArray());

            var fromJson = new ConvBatchNormNet();
            StateDict.FromJson(fromJson, StateDict.ToJson(trained));
            Assert.Equal(trained.Buffers.ToArray(), fromJson.Buffers.ToArray());
            Assert.Contains("\"layers.4.running_var\"", StateDict.ToJson(trained));
        }

        [Fact]
        public void Train_joins_a_last_batch_of_one_sample_to_the_one_before_it()
        {
            var network = new DenseBatchNormNet();
            var random = new Random(3);
            var inputs = Enumerable.Range(0, 33 * 5).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var targets = Enumerable.Range(0, 33 * 2).Select(_ => random.NextDouble()).ToArray();
            var report = network.Train(inputs, targets, new TrainingOptions { Epochs = 2, BatchSize = 32, LearningRate = 0.01 });
            Assert.Equal(TrainingStop.Completed, report.Stop);
            Assert.Equal(2.0, network.Buffers[12]); // one batch of 33 per epoch: num_batches_tracked counts 2
        }

        [Fact]
        public void The_state_dict_writes_num_batches_tracked_as_PyTorch_does_a_bare_number()
        {
            var (network, _) = Load<double>("DenseBatchNormNet");
            Assert.Contains("\"layers.1.num_batches_tracked\": 3", StateDict.ToJson(network));
        }

        [Fact]
        public void Training_and_inference_allocate_nothing_once_warm()
        {
            var (network, fixture) = Load<double>("ConvBatchNormNet");
            var inputs = Vector(fixture, "inputs");
            var targets = Vector(fixture, "targets");
            var gradient = new double[network.ParameterCount];
            var outputs = new double[network.OutputSize];
            for (int warm = 0; warm < 3; warm++)
            {
                network.BackwardBatch(inputs, targets, gradient);
                network.Backward(inputs.AsSpan(0, network.InputSize), targets.AsSpan(0, network.OutputSize), gradient);
                network.Forward(inputs.AsSpan(0, network.InputSize), outputs);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            network.BackwardBatch(inputs, targets, gradient);
            network.Backward(inputs.AsSpan(0, network.InputSize), targets.AsSpan(0, network.OutputSize), gradient);
            network.Forward(inputs.AsSpan(0, network.InputSize), outputs);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        /// <summary>On steps, Step normalises with the running statistics as Forward does (eval mode), to the bit.</summary>
        [Fact]
        public void On_steps_Step_over_a_sequence_equals_Forward()
        {
            var (network, fixture) = Load<double>("StepsBatchNormNet");
            var steps = (StepsBatchNormNet)network;
            var x = Vector(fixture, "inputs").AsSpan(0, StepsBatchNormNet.InputSize);
            var forward = new double[StepsBatchNormNet.OutputSize];
            steps.Forward(x, forward);
            var state = new double[StepsBatchNormNet.StateSize];
            var output = new double[StepsBatchNormNet.StepOutputSize];
            for (int t = 0; t < 5; t++) steps.Step(x.Slice(t * StepsBatchNormNet.StepInputSize, StepsBatchNormNet.StepInputSize), state, output);
            Assert.Equal(forward, output);
        }

        private static (INetwork<T> Network, JsonElement Fixture) Load<T>(string name, INetwork<T>? network = null) where T : unmanaged
        {
            var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestDirectory(), "Fixtures", "torch_batchnorm.json"))).RootElement
                .GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
            network ??= (INetwork<T>)(object)(name switch
            {
                "DenseBatchNormNet" => new DenseBatchNormNet(),
                "StepsBatchNormNet" => new StepsBatchNormNet(),
                _ => new ConvBatchNormNet(),
            });
            StateDict.FromJson(network, fixture.GetProperty("state").GetRawText());
            return (network, fixture);
        }

        private static double[] Vector(JsonElement fixture, string property) => fixture.GetProperty(property).EnumerateArray().Select(v => v.GetDouble()).ToArray();

        private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                    $"{what}[{i}]: PyTorch {expected[i]:R}, NetGen {actual[i]:R}");
        }

        private static string TestDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
    }
}
