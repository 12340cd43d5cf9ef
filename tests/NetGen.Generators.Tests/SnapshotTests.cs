using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>The generated source of representative networks, pinned byte for byte.</summary>
    public class SnapshotTests
    {
        [Fact]
        public void Xor_float() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.BinaryCrossEntropy)]
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class XorNet { }
            """, "Samples.XorNet.g.cs", nameof(Xor_float));

        /// <summary>Activations as layers of their own, as PyTorch modules write them: unrolled, then on a looped map.</summary>
        [Fact]
        public void Activation_layers() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.BinaryCrossEntropy)]
            [Input(1, 4, 4)]
            [Conv2D(2, 3)]
            [Activate(Activation.ReLU)]
            [Dense(3)]
            [Activate(Activation.Tanh)]
            [Dense(1)]
            [Activate(Activation.Sigmoid)]
            public partial class ModuleOrderNet { }
            """, "Samples.ModuleOrderNet.g.cs", nameof(Activation_layers));

        /// <summary>PReLU with one slope per channel of a map (kernels), then one slope for a small vector (unrolled).</summary>
        [Fact]
        public void PReLU_layers() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.BinaryCrossEntropy)]
            [Input(1, 5, 5)]
            [Conv2D(2, 3)]
            [PReLU(PerChannel = true)]
            [MaxPool2D(2)]
            [Dense(3)]
            [PReLU]
            [Dense(1, Activation.Sigmoid)]
            public partial class PReLUNet { }
            """, "Samples.PReLUNet.g.cs", nameof(PReLU_layers));

        /// <summary>A Dense on every step, a sequence-to-sequence LSTM, a many-to-one GRU and a Dense head: the recurrent blocks.</summary>
        [Fact]
        public void Recurrent_layers() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.MeanSquaredError)]
            [Input(2, Steps = 5)]
            [Dense(3, Activation.Tanh)]
            [LSTM(4, ReturnSequences = true)]
            [GRU(3)]
            [Dense(1)]
            public partial class SequenceNet { }
            """, "Samples.SequenceNet.g.cs", nameof(Recurrent_layers));

        /// <summary>A streaming-only network (no Steps): Parameters, Step and ForwardSequence, and nothing that needs a sequence length.</summary>
        [Fact]
        public void Streaming_only_network() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.MeanSquaredError)]
            [Input(1)]
            [GRU(3)]
            [Dense(1)]
            public partial class AmpStream { }
            """, "Samples.AmpStream.g.cs", nameof(Streaming_only_network));

        /// <summary>A Conv1D front end feeding an LSTM: the map copied into steps, and its gradient back through the transpose.</summary>
        [Fact]
        public void Recurrent_layer_after_a_1D_map() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.MeanSquaredError)]
            [Input(2, 6)]
            [Conv1D(3, 3, Activation.Tanh)]
            [LSTM(4)]
            [Dense(1)]
            public partial class SensorNet { }
            """, "Samples.SensorNet.g.cs", nameof(Recurrent_layer_after_a_1D_map));

        /// <summary>Every image layer kind, a strided padded convolution, and a Dense reading the flattened map.</summary>
        [Fact]
        public void Convolutional_classifier() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.CategoricalCrossEntropy)]
            [Input(1, 12, 12)]
            [Conv2D(4, 3, Activation.ReLU)]
            [MaxPool2D(2)]
            [Conv2D(8, 3, Activation.Tanh, Padding = 1, Stride = 2)]
            [AvgPool2D(2, Stride = 1)]
            [Dense(10, Activation.Softmax)]
            public partial class SpriteNet { }
            """, "Samples.SpriteNet.g.cs", nameof(Convolutional_classifier));

        /// <summary>
        /// Issue 19's geometry in the generated comments: a rectangular strided "same" convolution (uneven split), a depthwise
        /// dilated one, a bias-less pointwise one, padded max pooling and global average pooling; and a causal dilated,
        /// grouped sequence with 1-D pooling.
        /// </summary>
        [Fact]
        public void Separable_and_causal_convolutions() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.CategoricalCrossEntropy)]
            [Input(2, 9, 8)]
            [Conv2D(4, 4, 3, Activation.ReLU, Stride = 2, Same = true)]
            [Conv2D(8, 3, Activation.ReLU, Groups = 4, Dilation = 2, Padding = 2)]
            [Conv2D(6, 1, Activation.ReLU, Bias = false)]
            [MaxPool2D(3, Stride = 2, Padding = 1)]
            [GlobalAvgPool]
            [Dense(3, Activation.Softmax)]
            public partial class KeywordNet { }
            """, "Samples.KeywordNet.g.cs", nameof(Separable_and_causal_convolutions));

        /// <summary>nn.Linear(bias=False): an unrolled hidden layer and a looped one without b, then a biased output.</summary>
        [Fact]
        public void Bias_less_dense() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.MeanSquaredError)]
            [Input(3)]
            [Dense(4, Activation.Tanh, Bias = false)]
            [Dense(10, Activation.ReLU, Bias = false)]
            [Dense(2)]
            public partial class BiasFreeNet { }
            """, "Samples.BiasFreeNet.g.cs", nameof(Bias_less_dense));

        [Fact]
        public void Causal_sequence() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.MeanSquaredError)]
            [Input(2, 16)]
            [Conv1D(4, 3, Activation.Tanh, Causal = true, Dilation = 2)]
            [Conv1D(4, 2, Activation.Tanh, Causal = true, Dilation = 4, Groups = 2, Bias = false)]
            [AvgPool1D(3, Stride = 2, Padding = 1, CountPadding = false)]
            [GlobalMaxPool]
            [Dense(1)]
            public partial class EffectNet { }
            """, "Samples.EffectNet.g.cs", nameof(Causal_sequence));

        [Fact]
        public void Regression_double() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 3)]
            [Input(1)]
            [Dense(8, Activation.Tanh)]
            [Dense(4, Activation.LeakyReLU, Slope = 0.1)]
            [Dense(1)]
            public partial class SineNet { }
            """, "Samples.SineNet.g.cs", nameof(Regression_double));

        [Fact]
        public void Softmax_classifier() => Verify("""
            using NetGen;
            namespace Samples;
            [Network(Loss.CategoricalCrossEntropy)]
            [Input(4)]
            [Dense(5, Activation.ReLU)]
            [Dense(3, Activation.Softmax)]
            public partial class IrisNet { }
            """, "Samples.IrisNet.g.cs", nameof(Softmax_classifier));

        [Fact]
        public void Every_activation() => Verify("""
            using NetGen;
            [Network(Loss.SumSquaredError, Precision = Precision.Double)]
            [Input(2)]
            [Dense(2, Activation.Linear, Slope = 0.5)]
            [Dense(2, Activation.Step, Threshold = 0.25)]
            [Dense(2, Activation.Sign)]
            [Dense(2, Activation.Sigmoid)]
            [Dense(2, Activation.Tanh)]
            [Dense(2, Activation.ReLU)]
            [Dense(2, Activation.LeakyReLU)]
            [Dense(2, Activation.ELU, Alpha = 0.5)]
            [Dense(2, Activation.SELU)]
            [Dense(2, Activation.Softplus)]
            [Dense(2, Activation.PiecewiseLinear)]
            [Dense(2, Activation.SiLU)]
            [Dense(2, Activation.ReLU6)]
            [Dense(2, Activation.HardSigmoid)]
            [Dense(2, Activation.HardSwish)]
            [Dense(2, Activation.GELU)]
            [Dense(2, Activation.Mish)]
            [Dense(2, Activation.Softsign)]
            [Dense(2, Activation.Softmax)]
            public partial class EveryActivationNet { }
            """, "EveryActivationNet.g.cs", nameof(Every_activation));

        [Fact]
        public void LogSoftmax_with_negative_log_likelihood() => Verify("""
            using NetGen;
            [Network(Loss.NegativeLogLikelihood)]
            [Input(2)]
            [Dense(3, Activation.LogSoftmax)]
            public partial class LogSoftmaxNet { }
            """, "LogSoftmaxNet.g.cs", nameof(LogSoftmax_with_negative_log_likelihood));

        [Fact]
        public void Cross_entropy_from_logits() => Verify("""
            using NetGen;
            [Network(Loss.CrossEntropyFromLogits)]
            [Input(2)]
            [Dense(3)]
            public partial class LogitsNet { }
            """, "LogitsNet.g.cs", nameof(Cross_entropy_from_logits));

        [Fact]
        public void Wide_layers_loop() => Verify("""
            using NetGen;
            namespace Samples;
            public partial class Outer
            {
                [Network(Loss.CategoricalCrossEntropy)]
                [Input(64)]
                [Dense(32, Activation.ReLU)]
                [Dense(10, Activation.Softmax)]
                public partial class DigitsNet { }
            }
            """, "Samples.Outer.DigitsNet.g.cs", nameof(Wide_layers_loop));

        [Fact]
        public void Array_buffer_without_inline_arrays() => Verify("""
            using NetGen;
            [Network(Loss.MeanSquaredError)]
            [Input(2)]
            [Dense(1)]
            public partial class LinearNet { }
            """, "LinearNet.g.cs", nameof(Array_buffer_without_inline_arrays), LanguageVersion.CSharp11);

        [Fact]
        public void Fixed_buffer_for_unity() => Verify("""
            using NetGen;
            [Network(Loss.BinaryCrossEntropy)]
            [Input(2)]
            [Dense(2, Activation.ReLU)]
            [Dense(1, Activation.Sigmoid)]
            public partial class UnityNet { }
            """, "UnityNet.g.cs", nameof(Fixed_buffer_for_unity), LanguageVersion.CSharp9, netStandard21: true, allowUnsafe: true);

        [Fact]
        public void Output_is_deterministic()
        {
            const string source = "using NetGen; [Network(Loss.MeanSquaredError)] [Input(3)] [Dense(5, Activation.ELU)] [Dense(2)] public partial class N { }";
            Assert.Equal(GeneratorHarness.GeneratedSource(source, "N.g.cs"), GeneratorHarness.GeneratedSource(source, "N.g.cs"));
        }

        [Fact]
        public void Snapshots_pin_a_placeholder_instead_of_the_generator_version()
        {
            string generated = GeneratorHarness.GeneratedSource(
                "using NetGen; [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)] public partial class N { }", "N.g.cs");
            Assert.Contains(Snapshot.GeneratedCode(Snapshot.GeneratorVersion), generated);

            string pinned = Snapshot.WithoutVersion(generated);
            Assert.Contains(Snapshot.GeneratedCode(Snapshot.VersionPlaceholder), pinned);
            Assert.DoesNotContain(Snapshot.GeneratedCode(Snapshot.GeneratorVersion), pinned);

            Assert.All(System.IO.Directory.GetFiles(Snapshot.DirectoryOf(), "*.verified.cs"), path =>
                Assert.Contains(Snapshot.GeneratedCode(Snapshot.VersionPlaceholder), System.IO.File.ReadAllText(path)));
        }

        [Fact]
        public void Generated_comments_name_documents_that_are_in_the_repository()
        {
            string generated = GeneratorHarness.GeneratedSource(
                "using NetGen; [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)] public partial class N { }", "N.g.cs");
            var documents = System.Text.RegularExpressions.Regex.Matches(generated, @"docs/[\w./-]+\.md")
                .Select(match => match.Value).Distinct().ToList();

            Assert.Contains("docs/math.md", documents);
            Assert.All(documents, document => Assert.True(System.IO.File.Exists(System.IO.Path.Combine(AnalyzerTests.RepositoryRoot(), document)), document));
            Assert.DoesNotContain("MATH.md", generated);
        }

        private static void Verify(string source, string hintName, string snapshotName, LanguageVersion version = LanguageVersion.Latest,
            bool netStandard21 = false, bool allowUnsafe = false)
        {
            // Generated code must also compile cleanly, or the snapshot pins a broken file.
            var (output, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source, version, "Networks", netStandard21, allowUnsafe), version);
            GeneratorHarness.AssertNoWarnings(output);
            string generated = System.Linq.Enumerable.Single(result.GeneratedSources, s => s.HintName == hintName).SourceText.ToString();
            Snapshot.Verify(generated, snapshotName);
        }
    }
}
