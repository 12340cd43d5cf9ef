using System;
using System.Linq;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// A frozen network folds each BatchNorm that directly follows a Dense or convolution layer without an activation into
    /// that layer (docs/math.md, "Folding BatchNorm"): its Forward equals the trainable twin's (same weights file, eval mode)
    /// to rounding, its code has no BatchNorm stage for it, and it still reports the file's tensors as they are.
    /// </summary>
    public class BatchNormFoldingTests
    {
        /// <summary>What the generated code calls for a BatchNorm stage in inference mode.</summary>
        private const string BatchNormKernel = "BatchNormMath.Normalize(";

        /// <summary>
        /// The forward passes of a frozen network (Forward, ComputeLoss, ForwardTile, and Step with recurrent layers), each of
        /// which writes one block per layer, starting with layer 2's.
        /// </summary>
        private static int ForwardPasses(string source) => Occurrences(source, "// Layer 2 (");

        [Theory]
        [InlineData("[Input(6)] [Dense(5)] [BatchNorm] [Dense(3)]", 1)] // unrolled Dense: literals
        [InlineData("[Input(12)] [Dense(16)] [BatchNorm(Activation.Tanh)] [Dense(2)]", 1)] // looped Dense: the folded span
        [InlineData("[Input(4)] [Dense(3)] [BatchNorm(Activation.Sigmoid)]", 1)] // the output layer
        [InlineData("[Input(2, 7, 7)] [Conv2D(4, 3, Padding = 1)] [BatchNorm(Activation.ReLU)] [MaxPool2D(2)] [Dense(3)]", 1)]
        [InlineData("[Input(3, 12)] [Conv1D(4, 3, Dilation = 2, Padding = 1)] [BatchNorm(Activation.Tanh)] [Dense(2)]", 1)]
        [InlineData("[Input(4, 6, 6)] [Conv2D(4, 3, Groups = 4, Padding = 1)] [BatchNorm] [Conv2D(8, 1, Groups = 2)] [BatchNorm(Activation.ReLU)] [GlobalAvgPool] [Dense(2)]", 2)]
        [InlineData("[Input(2, 6, 6)] [Conv2D(3, 3, Bias = false, Stride = 2)] [BatchNorm(Activation.ELU)] [Dense(2)]", 1)]
        [InlineData("[Input(5)] [Dense(6, Bias = false)] [BatchNorm(Affine = false, Epsilon = 0.01)] [Dense(2)]", 1)]
        // Above a recurrent layer: Step computes the same folded layer (its one-step network folds alike).
        [InlineData("[Input(3, Steps = 4)] [GRU(5)] [Dense(4)] [BatchNorm(Activation.Tanh)] [Dense(2)]", 1)]
        // One BatchNorm folds, the one after pooling stays a layer with its running statistics.
        [InlineData("[Input(1, 6, 6)] [Conv2D(3, 3)] [BatchNorm(Activation.ReLU)] [MaxPool2D(2)] [BatchNorm] [Dense(2)]", 1)]
        public void A_folded_frozen_network_computes_what_its_trainable_twin_computes(string layers, int folds)
        {
            foreach (bool isDouble in new[] { true, false })
            {
                var twins = Twins(layers, isDouble);
                Assert.Equal(folds, Occurrences(twins.FrozenSource, ") is folded into layer "));
                int passes = ForwardPasses(twins.FrozenSource);
                Assert.InRange(passes, 3, 4);
                Assert.Equal(passes * folds, Occurrences(twins.FrozenSource, "BatchNorm folded in,"));
                Assert.Equal(passes * (Occurrences(layers, "[BatchNorm") - folds), Occurrences(twins.FrozenSource, BatchNormKernel));
                if (isDouble) AssertAgree<double>(twins, v => v, 1e-12);
                else AssertAgree<float>(twins, v => (float)v, 1e-6);
            }
        }

        [Theory]
        [InlineData("[Input(5)] [Dense(6, Activation.ReLU)] [BatchNorm] [Dense(2)]")] // an activation between
        [InlineData("[Input(5)] [Dense(6, Activation.Linear, Slope = 2)] [BatchNorm] [Dense(2)]")] // a Linear stage that scales
        [InlineData("[Input(1, 6, 6)] [Conv2D(2, 3)] [MaxPool2D(2)] [BatchNorm] [Dense(2)]")] // after pooling
        [InlineData("[Input(5)] [Dense(6)] [Activate(Activation.Tanh)] [BatchNorm] [Dense(2)]")] // after an [Activate]
        public void A_BatchNorm_that_cannot_fold_stays_a_layer_and_computes_the_same_bits(string layers)
        {
            var twins = Twins(layers, isDouble: true);
            Assert.DoesNotContain("folded", twins.FrozenSource);
            Assert.Equal(ForwardPasses(twins.FrozenSource), Occurrences(twins.FrozenSource, BatchNormKernel));
            AssertAgree<double>(twins, v => v, 0);
        }

        [Fact]
        public void The_header_says_what_was_folded_and_how_the_computed_layers_are_numbered()
        {
            var twins = Twins("[Input(1, 6, 6)] [Conv2D(3, 3)] [BatchNorm(Activation.ReLU)] [MaxPool2D(2)] [Dense(2)]", isDouble: false);
            Assert.Contains("// Layer 3 (BatchNorm) is folded into layer 2 (Conv2D): K′ = s ⊙ K, b′ = s ⊙ (b − μ̄) + β, s = γ/√(σ̄² + ε) per channel.", twins.FrozenSource);
            Assert.Contains("// Its layers are numbered in its own order, in declared layers: 2 = 2 + 3, 3 = 4, 4 = 5.", twins.FrozenSource);
            Assert.Contains("// Layer 2 (Conv2D 3×3 with layer 3's BatchNorm folded in, 1×6×6 → 3×4×4, ReLU).", twins.FrozenSource);
        }

        /// <summary>A frozen image network with one BatchNorm folded and one kept (after pooling): its comments are reviewed here.</summary>
        [Fact]
        public void Frozen_batchnorm_fold_snapshot()
        {
            var twins = Twins("[Input(1, 6, 6)] [Conv2D(2, 3)] [BatchNorm(Activation.ReLU)] [MaxPool2D(2)] [BatchNorm] [Dense(2)]", isDouble: false);
            Snapshot.Verify(twins.FrozenSource, "Frozen_batchnorm_fold");
        }

        private sealed record Twin(object Trainable, object Frozen, string FrozenSource);

        /// <summary>
        /// A trainable network with every parameter and running statistic moved off its initial value, and the frozen network
        /// compiled from its state_dict, with its generated source.
        /// </summary>
        private static Twin Twins(string layers, bool isDouble)
        {
            string precision = isDouble ? ", Precision = Precision.Double" : "";
            string name = (isDouble ? "FoldD" : "FoldF") + Math.Abs(layers.GetHashCode());
            var seeded = Activator.CreateInstance(GeneratorHarness.CompileAndLoad(
                $"using NetGen; [Network(Loss.MeanSquaredError{precision})] {layers} public partial class SeedNet {{ }}", assemblyName: name + "Seed").GetType("SeedNet")!, 7)!;
            string json = isDouble ? Randomised((INetwork<double>)seeded, v => v) : Randomised((INetwork<float>)seeded, v => (float)v);
            string source = $$"""
                using NetGen;
                [Network(Loss.MeanSquaredError{{precision}}, Weights = "weights.json")] {{layers}}
                public partial class TrainableNet { }
                [Network(Loss.MeanSquaredError{{precision}}, Weights = "weights.json", Frozen = true)] {{layers}}
                public partial class FrozenNet { }
                """;
            var weights = new InMemoryAdditionalText("/project/weights.json", json);
            var (_, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source), additionalFiles: weights);
            var assembly = GeneratorHarness.CompileAndLoad(source, assemblyName: name, optimize: true, additionalFiles: weights);
            return new Twin(Activator.CreateInstance(assembly.GetType("TrainableNet")!)!, Activator.CreateInstance(assembly.GetType("FrozenNet")!)!,
                result.GeneratedSources.Single(s => s.HintName == "FrozenNet.g.cs").SourceText.ToString());
        }

        /// <summary>Parameters in ±1, running means in ±0.5 and variances in [0.25, 2.25): a BatchNorm that really moves its input.</summary>
        private static string Randomised<T>(INetwork<T> network, Func<double, T> from) where T : unmanaged
        {
            var random = new DeterministicRandom(11);
            for (int i = 0; i < network.Parameters.Length; i++) network.Parameters[i] = from(random.NextUniform(-1, 1));
            foreach (var tensor in network.BufferTensors)
                for (int i = 0; i < tensor.Length; i++)
                    network.Buffers[tensor.Offset + i] = from(tensor.Key.EndsWith(".running_mean", StringComparison.Ordinal) ? random.NextUniform(-0.5, 0.5)
                        : tensor.Key.EndsWith(".running_var", StringComparison.Ordinal) ? random.NextUniform(0.25, 2.25) : 3);
            return StateDict.ToJson(network);
        }

        /// <summary>
        /// The frozen network reports the file's tensors bit for bit, and its Forward and ForwardBatch agree with the trainable
        /// twin's to <paramref name="tolerance"/> relative to each output's largest value (0: bit for bit), allocating nothing.
        /// </summary>
        private static void AssertAgree<T>(Twin twins, Func<double, T> from, double tolerance) where T : unmanaged
        {
            var trainable = (INetwork<T>)twins.Trainable;
            var frozen = (IFrozenNetwork<T>)twins.Frozen;
            Assert.Equal(trainable.Architecture, frozen.Architecture);
            Assert.Equal(trainable.Parameters.ToArray(), frozen.Parameters.ToArray());
            Assert.Equal(trainable.Buffers.ToArray(), frozen.Buffers.ToArray());
            Assert.Equal(trainable.ParameterTensors.Select(t => (t.Key, t.Offset, t.Length)), frozen.ParameterTensors.Select(t => (t.Key, t.Offset, t.Length)));
            Assert.Equal(trainable.BufferTensors.Select(t => (t.Key, t.Offset, t.Length)), frozen.BufferTensors.Select(t => (t.Key, t.Offset, t.Length)));

            const int samples = 8;
            var random = new DeterministicRandom(3);
            var inputs = Enumerable.Range(0, samples * trainable.InputSize).Select(_ => from(random.NextUniform(-2, 2))).ToArray();
            T[] expected = new T[samples * trainable.OutputSize], actual = new T[expected.Length];
            for (int sample = 0; sample < samples; sample++)
            {
                var input = inputs.AsSpan(sample * trainable.InputSize, trainable.InputSize);
                int output = sample * trainable.OutputSize;
                trainable.Forward(input, expected.AsSpan(output, trainable.OutputSize));
                frozen.Forward(input, actual.AsSpan(output, trainable.OutputSize));
            }
            AssertClose(expected, actual, trainable.OutputSize, tolerance, "Forward");
            trainable.ForwardBatch(inputs, expected);
            frozen.ForwardBatch(inputs, actual);
            AssertClose(expected, actual, trainable.OutputSize, tolerance, "ForwardBatch");

            // Zero bytes per call once warm, in a Release build (a Debug build of a frozen network with looped layers allocates on
            // every call, folded or not: measured, not yet explained).
            var (x, y) = (inputs.AsSpan(0, frozen.InputSize).ToArray(), expected.AsSpan(0, frozen.OutputSize).ToArray());
            void Calls()
            {
                frozen.Forward(x, actual.AsSpan(0, frozen.OutputSize));
                frozen.ComputeLoss(x, y);
                frozen.ForwardBatch(inputs, actual, threads: 1);
            }
            Assert.Equal(0, Allocations.FewestBytesPerTenRounds(Calls));
        }

        /// <summary>Each sample's outputs within <paramref name="tolerance"/> of the expected ones, relative to their largest magnitude.</summary>
        private static void AssertClose<T>(T[] expected, T[] actual, int outputSize, double tolerance, string call) where T : unmanaged
        {
            for (int sample = 0; sample < expected.Length / outputSize; sample++)
            {
                var reference = expected.Skip(sample * outputSize).Take(outputSize).Select(v => Convert.ToDouble(v)).ToArray();
                var computed = actual.Skip(sample * outputSize).Take(outputSize).Select(v => Convert.ToDouble(v)).ToArray();
                double worst = computed.Select((v, k) => Math.Abs(v - reference[k])).Max() / reference.Max(v => Math.Abs(v));
                Assert.True(worst <= tolerance, $"{call}, sample {sample}: {worst:E2} relative from the trainable twin (tolerance {tolerance:E0})");
            }
        }

        private static int Occurrences(string text, string part)
        {
            int count = 0;
            for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
            return count;
        }
    }
}
