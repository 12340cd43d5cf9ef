using System.Threading.Tasks;
using NetGen.CodeFixes;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    public class CodeFixTests
    {
        [Fact]
        public async Task NG0001_fix_adds_partial()
        {
            string fixedSource = await AnalyzerHarness.ApplyFixAsync("""
                using NetGen;
                [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
                public sealed class Net { }
                """, new AddPartialCodeFix());
            Assert.Equal("""
                using NetGen;
                [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
                public sealed partial class Net { }
                """, fixedSource);
        }

        [Fact]
        public async Task NG0001_fix_adds_partial_to_a_containing_class_without_modifiers()
        {
            string fixedSource = await AnalyzerHarness.ApplyFixAsync("""
                using NetGen;
                class Outer
                {
                    [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
                    public partial class Net { }
                }
                """, new AddPartialCodeFix());
            Assert.StartsWith("using NetGen;\npartial class Outer\n", fixedSource.Replace("\r\n", "\n"));
        }

        [Fact]
        public async Task NG0005_fix_changes_the_output_activation()
        {
            string fixedSource = await AnalyzerHarness.ApplyFixAsync("""
                using NetGen;
                [Network(Loss.BinaryCrossEntropy)] [Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.Tanh)]
                public partial class Net { }
                """, new FitOutputActivationCodeFix());
            Assert.Equal("""
                using NetGen;
                [Network(Loss.BinaryCrossEntropy)] [Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.Sigmoid)]
                public partial class Net { }
                """, fixedSource);
        }

        [Theory]
        [InlineData("NegativeLogLikelihood", "Softmax", "LogSoftmax")]
        [InlineData("CrossEntropyFromLogits", "Softmax", "Linear")]
        [InlineData("BinaryCrossEntropyFromLogits", "Sigmoid", "Linear")]
        public async Task NG0005_fix_offers_the_output_the_new_losses_need(string loss, string declared, string needed)
        {
            string fixedSource = await AnalyzerHarness.ApplyFixAsync($$"""
                using NetGen;
                [Network(Loss.{{loss}})] [Input(2)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.{{declared}})]
                public partial class Net { }
                """, new FitOutputActivationCodeFix());
            Assert.Contains($"[Dense(3, Activation.{needed})]", fixedSource);
        }

        [Fact]
        public async Task NG0005_fix_adds_the_activation_when_it_was_left_at_its_default()
        {
            string fixedSource = await AnalyzerHarness.ApplyFixAsync("""
                using NetGen;
                [Network(Loss.CategoricalCrossEntropy)] [Input(2)] [Dense(3)]
                public partial class Net { }
                """, new FitOutputActivationCodeFix());
            Assert.Contains("[Dense(3, Activation.Softmax)]", fixedSource);
        }

        [Theory]
        [InlineData("[Conv2D(1, 3)]", "[Conv2D(1, 3, Activation.Sigmoid)]")]
        [InlineData("[Conv2D(kernel: 3, filters: 1, Padding = 1)]", "[Conv2D(kernel: 3, filters: 1, activation: Activation.Sigmoid, Padding = 1)]")]
        public async Task NG0005_fix_adds_the_activation_of_a_conv_output_after_its_sizes(string layer, string expected)
        {
            string fixedSource = await AnalyzerHarness.ApplyFixAsync($$"""
                using NetGen;
                [Network(Loss.BinaryCrossEntropy)] [Input(1, 4, 4)] {{layer}}
                public partial class Net { }
                """, new FitOutputActivationCodeFix());
            Assert.Contains(expected, fixedSource);
            Assert.Empty(await AnalyzerHarness.AnalyzeAsync(GeneratorHarness.CreateCompilation(fixedSource)));
        }

        [Fact]
        public async Task Fixed_sources_have_no_diagnostic_left()
        {
            string fixedSource = await AnalyzerHarness.ApplyFixAsync("""
                using NetGen;
                [Network(Loss.CategoricalCrossEntropy)] [Input(2)] [Dense(3, NetGen.Activation.ReLU)]
                public partial class Net { }
                """, new FitOutputActivationCodeFix());
            Assert.Contains("NetGen.Activation.Softmax", fixedSource);
            Assert.Empty(await AnalyzerHarness.AnalyzeAsync(GeneratorHarness.CreateCompilation(fixedSource)));
        }
    }
}
