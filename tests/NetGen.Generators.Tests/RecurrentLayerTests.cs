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
    /// [LSTM], [GRU] and [RNN] beyond the PyTorch fixture (ConvolutionTests reads Fixtures/recurrent_gradients.json): PyTorch's
    /// tensors, keys and initialisation, Step and ForwardSequence against Forward to the bit, the batched code's bits on any
    /// thread count, frozen weights, zero bytes per call, and the rules.
    /// </summary>
    public class RecurrentLayerTests
    {
        private static readonly string[] Names = { "ManyToOne", "SequenceToSequence", "AmpCapture", "StreamingManyToOne", "Normalised", "StreamingNormalised" };

        private static readonly string Source = """
            using System;
            using NetGen;
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
            [Input(3, Steps = 6)] [Dense(5, Activation.Tanh)] [LSTM(4)] [Dense(2)]
            public partial class ManyToOne { }

            [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
            [Input(2, Steps = 5)] [GRU(3, ReturnSequences = true)] [RNN(4, Activation.ReLU, ReturnSequences = true)] [Dense(2)]
            public partial class SequenceToSequence { }

            [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
            [Input(1, Steps = 24)] [LSTM(40)] [Dense(1)]
            public partial class AmpCapture { }

            // ManyToOne without Steps: streaming-only, with only Parameters and the streaming members.
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
            [Input(3)] [Dense(5, Activation.Tanh)] [LSTM(4)] [Dense(2)]
            public partial class StreamingManyToOne { }

            // Streaming-only with running statistics and dropout: Step normalises with the buffers and drops nothing (eval mode).
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
            [Input(3)] [Dense(4)] [BatchNorm(Activation.Tanh)] [Dropout(0.2)] [GRU(3, ReturnSequences = true)] [Dense(2)]
            public partial class StreamingNormalised { }

            // The same with 4 steps: its twin.
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
            [Input(3, Steps = 4)] [Dense(4)] [BatchNorm(Activation.Tanh)] [Dropout(0.2)] [GRU(3, ReturnSequences = true)] [Dense(2)]
            public partial class Normalised { }

            // A convolutional front end: the LSTM reads the map's 7 positions as steps of 3 channels.
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
            [Input(2, 9)] [Conv1D(3, 3, Activation.Tanh)] [LSTM(4, ReturnSequences = true)] [GRU(3)] [Dense(2)]
            public partial class ConvolutionFront { }

            public static class StreamingTwins
            {
                public static double[] ParametersOf(StreamingManyToOne network) => network.Parameters.ToArray();

                public static void CopyParameters(ManyToOne from, StreamingManyToOne to) => from.Parameters.CopyTo(to.Parameters);

                /// <summary>The twin's parameters and running statistics (moved by a training batch) into the streaming-only one.</summary>
                public static void CopyState(Normalised from, StreamingNormalised to)
                {
                    from.Parameters.CopyTo(to.Parameters);
                    from.Buffers.CopyTo(to.Buffers);
                }
            }

            """ + string.Concat(Names.Select(StreamsSource));

        /// <summary>Array-based calls of a network's Step and ForwardSequence (spans cannot pass through reflection).</summary>
        private static string StreamsSource(string name) => $$"""
            public static class {{name}}Streams
            {
                public static double[] StepEach({{name}} network, double[] inputs)
                {
                    var state = new double[{{name}}.StateSize];
                    int steps = inputs.Length / {{name}}.StepInputSize;
                    var outputs = new double[steps * {{name}}.StepOutputSize];
                    for (int t = 0; t < steps; t++)
                        network.Step(inputs.AsSpan(t * {{name}}.StepInputSize, {{name}}.StepInputSize), state, outputs.AsSpan(t * {{name}}.StepOutputSize, {{name}}.StepOutputSize));
                    return outputs;
                }

                public static double[] Sequence({{name}} network, double[] inputs, double[] state)
                {
                    var outputs = new double[inputs.Length / {{name}}.StepInputSize * {{name}}.StepOutputSize];
                    network.ForwardSequence(inputs, outputs, state);
                    return outputs;
                }

                public static long BytesPerStepAndSequence({{name}} network, double[] inputs)
                {
                    var state = new double[{{name}}.StateSize];
                    var output = new double[{{name}}.StepOutputSize];
                    var outputs = new double[inputs.Length / {{name}}.StepInputSize * {{name}}.StepOutputSize];
                    void Calls()
                    {
                        network.Step(inputs.AsSpan(0, {{name}}.StepInputSize), state, output);
                        network.ForwardSequence(inputs, outputs, state);
                    }
                    for (int warmUp = 0; warmUp < 5; warmUp++) Calls();
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int call = 0; call < 10; call++) Calls();
                    return GC.GetAllocatedBytesForCurrentThread() - before;
                }
            }

            """;

        private static readonly Lazy<Assembly> Networks = new(() => GeneratorHarness.CompileAndLoad(Source, assemblyName: "RecurrentNetworks"));

        [Fact]
        public void The_tensors_are_PyTorchs_with_its_keys_and_uniform_initialisation_and_round_trip()
        {
            var network = Create("ManyToOne", seed: 3);
            Assert.Equal("6 steps×3 → Dense 5 Tanh → LSTM 4 → Dense 2 Linear; MeanSquaredError; double", network.Architecture);
            Assert.Equal(
                new[] { "layers.0.weight [5,3] @0", "layers.0.bias [5] @15", "layers.1.weight_ih_l0 [16,5] @20", "layers.1.weight_hh_l0 [16,4] @100",
                        "layers.1.bias_ih_l0 [16] @164", "layers.1.bias_hh_l0 [16] @180", "layers.2.weight [2,4] @196", "layers.2.bias [2] @204" },
                network.ParameterTensors.Select(t => $"{t.Key} [{string.Join(",", t.Shape)}] @{t.Offset}"));
            Assert.Equal(18, network.InputSize);
            // Every tensor of the LSTM from U(−1/√4, 1/√4), as PyTorch initialises nn.LSTM, filling the range.
            var lstm = network.Parameters.Slice(20, 176).ToArray();
            Assert.All(lstm, w => Assert.InRange(w, -0.5, 0.5));
            Assert.True(lstm.Min() < -0.45 && lstm.Max() > 0.45, "the LSTM's tensors should fill U(−0.5, 0.5)");

            string json = StateDict.ToJson(network);
            Assert.Contains("\"layers.1.weight_hh_l0\": [[", json);
            var copy = Create("ManyToOne", seed: 4);
            StateDict.FromJson(copy, json);
            Assert.Equal(network.Parameters.ToArray(), copy.Parameters.ToArray());
            var file = new MemoryStream();
            network.Save(file);
            file.Position = 0;
            var loaded = Create("ManyToOne", seed: 5);
            loaded.Load(file);
            Assert.Equal(network.Parameters.ToArray(), loaded.Parameters.ToArray());
        }

        [Theory]
        [InlineData("ManyToOne", 4 + 4, 3, 2)]
        [InlineData("SequenceToSequence", 3 + 4, 2, 2)]
        [InlineData("AmpCapture", 40 + 40, 1, 1)]
        public void Step_over_a_sequence_equals_Forward_to_the_bit_and_ForwardSequence_continues_the_state(string name, int stateSize, int stepInput, int stepOutput)
        {
            var type = Networks.Value.GetType(name)!;
            Assert.Equal(stateSize, Constant(type, "StateSize"));
            Assert.Equal(stepInput, Constant(type, "StepInputSize"));
            Assert.Equal(stepOutput, Constant(type, "StepOutputSize"));

            var network = Create(name, seed: 6);
            var random = new Random(8);
            var x = Enumerable.Range(0, network.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var forward = new double[network.OutputSize];
            network.Forward(x, forward);
            var streams = Networks.Value.GetType(name + "Streams")!;
            var stepped = (double[])streams.GetMethod("StepEach")!.Invoke(null, new object[] { network, x })!;
            // Many-to-one: the head on the last step's h is Forward's output; sequence to sequence: every step's output is.
            var expected = network.OutputSize == stepOutput ? stepped.Skip(stepped.Length - stepOutput) : stepped;
            Assert.Equal(forward.Select(BitConverter.DoubleToInt64Bits), expected.Select(BitConverter.DoubleToInt64Bits));

            // Two calls of ForwardSequence, the second continuing from the first's state, give the steps of one call.
            int half = x.Length / stepInput / 2 * stepInput;
            var state = new double[stateSize];
            var first = (double[])streams.GetMethod("Sequence")!.Invoke(null, new object[] { network, x.Take(half).ToArray(), state })!;
            var second = (double[])streams.GetMethod("Sequence")!.Invoke(null, new object[] { network, x.Skip(half).ToArray(), state })!;
            Assert.Equal(stepped.Select(BitConverter.DoubleToInt64Bits), first.Concat(second).Select(BitConverter.DoubleToInt64Bits));
            Assert.Contains(state, v => v != 0);
        }

        [Fact]
        public void BackwardBatch_and_Train_give_the_same_bits_on_any_thread_count()
        {
            var network = Create("SequenceToSequence", seed: 7);
            var random = new Random(3);
            const int samples = 37;
            var inputs = Enumerable.Range(0, samples * network.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var targets = Enumerable.Range(0, samples * network.OutputSize).Select(_ => random.NextDouble() - 0.5).ToArray();

            double[]? first = null;
            foreach (int threads in new[] { 1, 2, 3, 5 })
            {
                var gradient = new double[network.ParameterCount];
                network.BackwardBatch(inputs, targets, gradient, threads);
                first ??= gradient;
                Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), gradient.Select(BitConverter.DoubleToInt64Bits));
            }

            var sum = new double[network.ParameterCount];
            for (int s = 0; s < samples; s++)
                network.Backward(inputs.AsSpan(s * network.InputSize, network.InputSize), targets.AsSpan(s * network.OutputSize, network.OutputSize), sum);
            for (int k = 0; k < sum.Length; k++) Assert.Equal(sum[k], first![k], 1e-12);

            double[]? trained = null;
            foreach (int threads in new[] { 1, 2, 5 })
            {
                var copy = Create("SequenceToSequence", seed: 7);
                var report = copy.Train(inputs, targets, new TrainingOptions { Epochs = 3, BatchSize = 16, Seed = 4, Threads = threads, Optimizer = Optimizer.Adam, LearningRate = 0.01 });
                trained ??= copy.Parameters.ToArray();
                Assert.Equal(trained.Select(BitConverter.DoubleToInt64Bits), copy.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
                Assert.True(report.FinalLoss < report.EpochLosses[0], "training lowers the loss");
            }
        }

        [Fact]
        public void A_frozen_network_computes_what_the_trainable_one_does_to_the_bit_and_keeps_Step()
        {
            var trainable = Create("ManyToOne", seed: 9);
            var frozenSource = """
                using System;
                using NetGen;
                [Network(Loss.MeanSquaredError, Precision = Precision.Double, Weights = "rnn.json", Frozen = true)]
                [Input(3, Steps = 6)] [Dense(5, Activation.Tanh)] [LSTM(4)] [Dense(2)]
                public partial class FrozenManyToOne { }
                """ + StreamsSource("FrozenManyToOne");
            var assembly = GeneratorHarness.CompileAndLoad(frozenSource, assemblyName: "FrozenRecurrent",
                additionalFiles: new InMemoryAdditionalText("/project/rnn.json", StateDict.ToJson(trainable)));
            var frozen = (IInferenceNetwork<double>)Activator.CreateInstance(assembly.GetType("FrozenManyToOne")!)!;

            var random = new Random(4);
            double[] a = new double[2], b = new double[2];
            var x = Enumerable.Range(0, trainable.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            trainable.Forward(x, a);
            frozen.Forward(x, b);
            Assert.Equal(a.Select(BitConverter.DoubleToInt64Bits), b.Select(BitConverter.DoubleToInt64Bits));
            var stepped = (double[])assembly.GetType("FrozenManyToOneStreams")!.GetMethod("StepEach")!.Invoke(null, new object[] { frozen, x })!;
            Assert.Equal(a.Select(BitConverter.DoubleToInt64Bits), stepped.Skip(stepped.Length - 2).Select(BitConverter.DoubleToInt64Bits));
        }

        [Theory]
        [InlineData("ManyToOne")]
        [InlineData("SequenceToSequence")]
        [InlineData("AmpCapture")]
        public void Every_call_allocates_nothing_once_warm(string name)
        {
            var network = Create(name, seed: 2);
            const int samples = 20;
            var inputs = new double[samples * network.InputSize];
            var targets = new double[samples * network.OutputSize];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = Math.Sin(i);
            for (int i = 0; i < targets.Length; i++) targets[i] = Math.Cos(i);
            Allocations.AssertEveryCallAllocatesNothing(network, inputs, targets);
            var x = inputs.AsSpan(0, network.InputSize).ToArray();
            Assert.Equal(0L, Networks.Value.GetType(name + "Streams")!.GetMethod("BytesPerStepAndSequence")!.Invoke(null, new object[] { network, x }));
        }

        /// <summary>
        /// A recurrent layer needs steps: not an image, not the single h a many-to-one layer hands on (NG0042), though an [Input]
        /// without Steps is streaming-only (a user's Train or Forward is then no conflict, NG0014), and a 1-D map is read as steps
        /// (a network after one has no Step: a user's Step is no conflict); Steps is at least
        /// 1 and belongs to a vector [Input] (NG0043); an [RNN] computes tanh or ReLU (NG0044); a layer that cannot act on every
        /// step alone refuses a sequence of steps (NG0045; a BatchNorm normalises each feature over the steps); Step is the network's member once it has a recurrent layer (NG0014).
        /// </summary>
        [Fact]
        public Task Rules() => AnalyzerHarness.VerifyAsync("""
            using NetGen;
            [Network(Loss.MeanSquaredError)] [Input(1, 8, 8)] [{|NG0042:LSTM(4)|}] [Dense(1)]
            public partial class OnAnImage { }
            [Network(Loss.MeanSquaredError)] [Input(3, Steps = 5)] [LSTM(4)] [{|NG0042:GRU(3)|}] [Dense(1)]
            public partial class AfterManyToOne { }
            [Network(Loss.MeanSquaredError)] [Input(3, Steps = 5)] [LSTM(4, ReturnSequences = true)] [GRU(3)] [Dense(1)]
            public partial class Stacked { }
            [Network(Loss.MeanSquaredError)] [Input(3, {|NG0043:Steps = 0|})] [LSTM(4)] [Dense(1)]
            public partial class NoSteps { }
            [Network(Loss.MeanSquaredError)] [Input(2, 3, {|NG0043:Steps = 4|})] [Dense(1)]
            public partial class StepsOnAMap { }
            [Network(Loss.MeanSquaredError)] [Input(3, Steps = 5)] [RNN(4, {|NG0044:Activation.Sigmoid|})] [Dense(1)]
            public partial class SigmoidRnn { }
            [Network(Loss.MeanSquaredError)] [Input(3, Steps = 5)] [RNN(4, {|NG0044:Activation = Activation.ELU|})] [Dense(1)]
            public partial class NamedEluRnn { }
            [Network(Loss.MeanSquaredError)] [Input(3, Steps = 5)] [RNN(4, Activation = Activation.ReLU)] [Dense(1)]
            public partial class NamedReLURnn { }
            [Network(Loss.MeanSquaredError)] [Input(3, Steps = 5)] [Dense(4)] [BatchNorm] [LSTM(4)] [Dense(1)]
            public partial class BatchNormOnSteps { }
            [Network(Loss.MeanSquaredError)] [Input(3, Steps = 5)] [Dense(4)] [{|NG0045:PReLU|}] [LSTM(4)] [Dense(1)]
            public partial class PReLUOnSteps { }
            [Network(Loss.CategoricalCrossEntropy)] [Input(3, Steps = 5)] [GRU(4, ReturnSequences = true)] [{|NG0045:Dense(3, Activation.Softmax)|}]
            public partial class SoftmaxOnSteps { }
            [Network(Loss.MeanSquaredError)] [Input(3, Steps = 5)] [LSTM(4)] [Dense(1)]
            public partial class UserStep { public void {|NG0014:Step|}() { } }
            [Network(Loss.MeanSquaredError)] [Input(3)] [Dense(1)]
            public partial class StepIsFreeWithoutRecurrentLayers { public void Step() { } }
            [Network(Loss.MeanSquaredError)] [Input(3)] [Dense(4)] [GRU(4)] [Dense(1)]
            public partial class StreamingOnly { public void Train() { } public int Forward; public int InputSize; public void {|NG0014:Step|}() { } public int {|NG0014:Parameters|}; }
            [Network(Loss.MeanSquaredError)] [Input(3)] [LSTM(4)] [{|NG0042:GRU(3)|}] [Dense(1)]
            public partial class StreamingAfterManyToOne { }
            [Network(Loss.MeanSquaredError)] [Input(2, 8)] [Conv1D(3, 3)] [LSTM(4)] [Dense(1)]
            public partial class AfterAMapNoStep { public void Step() { } public int StateSize; }
            [Network(Loss.MeanSquaredError)] [Input(2, 8)] [Conv1D(3, 3)] [Dense(4)] [{|NG0042:LSTM(4)|}] [Dense(1)]
            public partial class AfterAFlattenedMap { }
            """);

        [Fact]
        public void A_streaming_only_network_has_its_parameters_and_the_streaming_members_and_nothing_that_needs_a_sequence_length()
        {
            var type = Networks.Value.GetType("StreamingManyToOne")!;
            Assert.Equal(new[] { typeof(IStreamingNetwork<double>) }, type.GetInterfaces());
            Assert.Contains(typeof(IStreamingNetwork<double>), Networks.Value.GetType("ManyToOne")!.GetInterfaces());
            var members = type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Select(m => m.Name).ToHashSet();
            foreach (var member in new[] { "Parameters", "ParameterTensors", "ParameterCount", "Architecture", "StateSize", "StepInputSize", "StepOutputSize", "Step", "ForwardSequence" })
                Assert.Contains(member, members);
            foreach (var member in new[] { "InputSize", "OutputSize", "Loss", "Forward", "ComputeLoss", "ForwardBatch", "Backward", "BackwardFromOutput", "BackwardBatch",
                                           "TrainStep", "Train", "Save", "Load", "TileWorkspace", "BatchWorkspaceBytes", "_noiseSeed" })
                Assert.DoesNotContain(member, members);

            var network = (IStreamingNetwork<double>)Activator.CreateInstance(type, 3)!;
            Assert.Equal((4 + 4, 3, 2), (network.StateSize, network.StepInputSize, network.StepOutputSize));
            Assert.Equal("steps×3 → Dense 5 Tanh → LSTM 4 → Dense 2 Linear; MeanSquaredError; double", type.GetProperty("Architecture")!.GetValue(network));
            // The same tensors, keys and offsets as its Steps twin, and from the same seed the same values.
            var twin = Create("ManyToOne", seed: 3);
            var tensors = ((System.Collections.IEnumerable)type.GetProperty("ParameterTensors")!.GetValue(network)!).Cast<object>()
                .Select(t => $"{t.GetType().GetProperty("Key")!.GetValue(t)} @{t.GetType().GetProperty("Offset")!.GetValue(t)}+{t.GetType().GetProperty("Length")!.GetValue(t)}");
            Assert.Equal(twin.ParameterTensors.Select(t => $"{t.Key} @{t.Offset}+{t.Length}"), tensors);
            var parameters = (double[])Networks.Value.GetType("StreamingTwins")!.GetMethod("ParametersOf")!.Invoke(null, new object[] { network })!;
            Assert.Equal(twin.Parameters.ToArray(), parameters);
        }

        [Fact]
        public void A_streaming_only_network_steps_as_its_Steps_twin_does_to_the_bit_and_allocates_nothing()
        {
            var twin = Create("ManyToOne", seed: 10);
            var network = Activator.CreateInstance(Networks.Value.GetType("StreamingManyToOne")!, 11)!;
            Networks.Value.GetType("StreamingTwins")!.GetMethod("CopyParameters")!.Invoke(null, new[] { twin, network });

            var random = new Random(12);
            var x = Enumerable.Range(0, 3 * 40).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var expected = (double[])Networks.Value.GetType("ManyToOneStreams")!.GetMethod("StepEach")!.Invoke(null, new object[] { twin, x })!;
            var streams = Networks.Value.GetType("StreamingManyToOneStreams")!;
            var stepped = (double[])streams.GetMethod("StepEach")!.Invoke(null, new object[] { network, x })!;
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), stepped.Select(BitConverter.DoubleToInt64Bits));
            var sequence = (double[])streams.GetMethod("Sequence")!.Invoke(null, new object[] { network, x, new double[8] })!;
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), sequence.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(0L, streams.GetMethod("BytesPerStepAndSequence")!.Invoke(null, new object[] { network, x }));
        }

        [Fact]
        public void A_streaming_only_network_with_BatchNorm_and_Dropout_steps_in_eval_mode_as_its_twin_does()
        {
            var twin = Create("Normalised", seed: 17);
            var random = new Random(18);
            // One training batch moves the running statistics away from 0 and 1, so that Step has some to read.
            var inputs = Enumerable.Range(0, 8 * twin.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            twin.BackwardBatch(inputs, new double[8 * twin.OutputSize], new double[twin.ParameterCount]);
            var network = Activator.CreateInstance(Networks.Value.GetType("StreamingNormalised")!, 19)!;
            Assert.Equal(new[] { typeof(IStreamingNetwork<double>) }, network.GetType().GetInterfaces());
            Networks.Value.GetType("StreamingTwins")!.GetMethod("CopyState")!.Invoke(null, new[] { twin, network });

            var x = inputs.Take(3 * 11).ToArray();
            var expected = (double[])Networks.Value.GetType("NormalisedStreams")!.GetMethod("StepEach")!.Invoke(null, new object[] { twin, x })!;
            var streams = Networks.Value.GetType("StreamingNormalisedStreams")!;
            var stepped = (double[])streams.GetMethod("StepEach")!.Invoke(null, new object[] { network, x })!;
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), stepped.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(0L, streams.GetMethod("BytesPerStepAndSequence")!.Invoke(null, new object[] { network, x }));
        }

        [Fact]
        public void A_frozen_streaming_only_network_steps_as_the_trainable_twin_does()
        {
            var trainable = Create("ManyToOne", seed: 13);
            // The twin's state_dict without its "architecture" line, which names its 6 steps (as a PyTorch export names none).
            string json = string.Join("\n", StateDict.ToJson(trainable).Split('\n').Where(line => !line.Contains("\"architecture\"")));
            var source = """
                using System;
                using NetGen;
                [Network(Loss.MeanSquaredError, Precision = Precision.Double, Weights = "rnn.json", Frozen = true)]
                [Input(3)] [Dense(5, Activation.Tanh)] [LSTM(4)] [Dense(2)]
                public partial class FrozenStreaming { }
                """ + StreamsSource("FrozenStreaming");
            var assembly = GeneratorHarness.CompileAndLoad(source, assemblyName: "FrozenStreamingRecurrent",
                additionalFiles: new InMemoryAdditionalText("/project/rnn.json", json));
            var frozen = Activator.CreateInstance(assembly.GetType("FrozenStreaming")!)!;
            Assert.Equal(new[] { typeof(IStreamingNetwork<double>) }, frozen.GetType().GetInterfaces());

            var random = new Random(14);
            var x = Enumerable.Range(0, 3 * 9).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var expected = (double[])Networks.Value.GetType("ManyToOneStreams")!.GetMethod("StepEach")!.Invoke(null, new object[] { trainable, x })!;
            var stepped = (double[])assembly.GetType("FrozenStreamingStreams")!.GetMethod("StepEach")!.Invoke(null, new object[] { frozen, x })!;
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), stepped.Select(BitConverter.DoubleToInt64Bits));
        }

        [Fact]
        public void After_a_1D_map_the_network_trains_batched_to_the_same_bits_allocates_nothing_and_has_no_Step()
        {
            var type = Networks.Value.GetType("ConvolutionFront")!;
            Assert.DoesNotContain(typeof(IStreamingNetwork<double>), type.GetInterfaces());
            foreach (var member in new[] { "StateSize", "StepInputSize", "StepOutputSize", "Step", "ForwardSequence", "StepUnchecked" })
                Assert.Empty(type.GetMember(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static));

            var network = Create("ConvolutionFront", seed: 15);
            Assert.Equal("2×9 → Conv1D 3 k3 Tanh → LSTM 4 sequences → GRU 3 → Dense 2 Linear; MeanSquaredError; double", network.Architecture);
            var random = new Random(16);
            const int samples = 21;
            var inputs = Enumerable.Range(0, samples * network.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var targets = Enumerable.Range(0, samples * network.OutputSize).Select(_ => random.NextDouble() - 0.5).ToArray();
            double[]? first = null;
            foreach (int threads in new[] { 1, 2, 5 })
            {
                var gradient = new double[network.ParameterCount];
                network.BackwardBatch(inputs, targets, gradient, threads);
                first ??= gradient;
                Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), gradient.Select(BitConverter.DoubleToInt64Bits));
            }
            var sum = new double[network.ParameterCount];
            for (int s = 0; s < samples; s++)
                network.Backward(inputs.AsSpan(s * network.InputSize, network.InputSize), targets.AsSpan(s * network.OutputSize, network.OutputSize), sum);
            for (int k = 0; k < sum.Length; k++) Assert.Equal(sum[k], first![k], 1e-12);
            Allocations.AssertEveryCallAllocatesNothing(network, inputs, targets);
        }

        private static int Constant(Type type, string name) => (int)type.GetField(name)!.GetValue(null)!;

        private static INetwork<double> Create(string name, int seed) =>
            (INetwork<double>)Activator.CreateInstance(Networks.Value.GetType(name)!, seed)!;
    }
}
