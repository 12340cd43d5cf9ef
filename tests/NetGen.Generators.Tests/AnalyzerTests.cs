using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>One test per diagnostic: exact ID and location (the marked text); severities are pinned separately.</summary>
    public class AnalyzerTests
    {
        private const string Usings = "using NetGen;\n";

        [Fact]
        public Task NG0001_type_not_partial() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
            public class {|NG0001:Net|} { }
            """);

        [Fact]
        public Task NG0001_containing_type_not_partial() => AnalyzerHarness.VerifyAsync(Usings + """
            public class {|NG0001:Outer|}
            {
                [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
                public partial class Net { }
            }
            """);

        [Fact]
        public Task NG0002_no_input() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Dense(1)]
            public partial class {|NG0002:Net|} { }
            """);

        [Fact]
        public Task NG0002_two_inputs() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [{|NG0002:Input(3)|}] [Dense(1)]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0003_no_dense_layer() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)]
            public partial class {|NG0003:Net|} { }
            """);

        [Fact]
        public Task NG0004_sizes_not_positive() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input({|NG0004:0|})] [Dense({|NG0004:units: -3|}, Activation.Tanh)] [Dense(1)]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0005_loss_does_not_fit_output() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.BinaryCrossEntropy)] [Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, {|NG0005:Activation.Tanh|})]
            public partial class Net { }
            [Network(Loss.CategoricalCrossEntropy)] [Input(2)] [{|NG0005:Dense(3)|}]
            public partial class Classifier { }
            """);

        [Fact]
        public Task NG0005_the_new_losses_need_their_output() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.NegativeLogLikelihood)] [Input(2)] [Dense(3, {|NG0005:Activation.Softmax|})]
            public partial class Nll { }
            [Network(Loss.CrossEntropyFromLogits)] [Input(2)] [Dense(3, {|NG0005:Activation.Softmax|})]
            public partial class Logits { }
            [Network(Loss.BinaryCrossEntropyFromLogits)] [Input(2)] [Dense(1, {|NG0005:Activation.Sigmoid|})]
            public partial class BinaryLogits { }
            [Network(Loss.CrossEntropyFromLogits)] [Input(2)] [Dense(3)]
            public partial class Fits { }
            """);

        [Fact]
        public Task NG0031_logsoftmax_only_on_a_dense_output() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(3, {|NG0031:Activation.LogSoftmax|})] [Dense(1)]
            public partial class Hidden { }
            [Network(Loss.MeanSquaredError)] [Input(1, 6, 6)] [Conv2D(2, 3, {|NG0031:Activation.LogSoftmax|})] [Dense(1)]
            public partial class OnAMap { }
            [Network(Loss.NegativeLogLikelihood)] [Input(2)] [Dense(4, Activation.ReLU)] [Dense(3, Activation.LogSoftmax)]
            public partial class Fits { }
            """);

        [Fact]
        public Task NG0032_logsoftmax_without_negative_log_likelihood() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(3, {|NG0032:Activation.LogSoftmax|})]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0033_logsoftmax_of_one_unit() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.NegativeLogLikelihood)] [Input(2)] [Dense({|NG0033:1|}, Activation.LogSoftmax)]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0006_softmax_of_one_unit() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.CategoricalCrossEntropy)] [Input(2)] [Dense({|NG0006:1|}, Activation.Softmax)]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0007_softmax_on_hidden_layer() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(3, {|NG0007:Activation.Softmax|})] [Dense(1)]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0008_zero_gradient_activation() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(3, {|NG0008:Activation.Step|})] [Dense(1, {|NG0008:Activation.Sign|})]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0009_layers_on_several_declarations() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)]
            public partial class {|NG0009:Net|} { }
            [Dense(1)]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0010_unsupported_type_kinds() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
            public partial struct {|NG0010:S|} { }
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
            public partial class {|NG0010:G|}<T> { }
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
            public static partial class {|NG0010:St|} { }
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
            public partial interface {|NG0010:I|} { }
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
            public partial record {|NG0010:R|} { }
            public partial class Outer<T>
            {
                [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
                public partial class {|NG0010:Inner|} { }
            }
            """);

        [Fact]
        public Task NG0011_parameter_out_of_range() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)]
            [Dense(3, Activation.ELU, {|NG0011:Alpha = -1|})]
            [Dense(3, Activation.LeakyReLU, {|NG0011:Slope = double.NaN|})]
            [Dense(1, {|NG0011:BiasInit = double.PositiveInfinity|})]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0034_bias_init_on_a_layer_without_a_bias() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(1, 4, 4)]
            [Conv2D(2, 3, Activation.Tanh, Bias = false, {|NG0034:BiasInit = 0.1|})]
            [Dense(3, Activation.Tanh, Bias = false, {|NG0034:BiasInit = 1|})]
            [Dense(1, Bias = false, BiasInit = 0)]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0035_batchnorm_first_and_NG0036_batchnorm_after_batchnorm() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(4)]
            [{|NG0035:BatchNorm|}]
            [Dense(8)]
            [BatchNorm]
            [{|NG0036:BatchNorm(Activation.ReLU)|}]
            [Dense(1)]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0011_batchnorm_momentum_and_epsilon_out_of_range() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(4)]
            [Dense(8)]
            [BatchNorm({|NG0011:Momentum = 1.5|}, {|NG0011:Epsilon = 0|})]
            [Dense(1)]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0012_parameter_unused() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(3, Activation.Tanh, {|NG0012:Slope = 2|})] [Dense(1, {|NG0012:Alpha = 1|})]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0013_layer_without_network() => AnalyzerHarness.VerifyAsync(Usings + """
            [{|NG0013:Input(2)|}] [{|NG0013:Dense(1)|}]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0014_member_conflict() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
            public partial class Net { public void {|NG0014:Forward|}() { } public {|NG0014:Net|}() { } public int {|NG0014:Parameters|}; }
            """);

        [Fact]
        public Task NG0014_names_only_the_members_this_network_generates() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
            public partial class DenseOnly { public int Layer2; public int Workspace; public int {|NG0014:LayerSizes|}; }
            [Network(Loss.MeanSquaredError)] [Input(1, 6, 6)] [Conv2D(2, 3)] [Dense(1)]
            public partial class Image { public int {|NG0014:Layer2|}; public int Layer3; public int {|NG0014:Workspace|}; }
            """);

        [Fact]
        public async Task An_Input_without_a_matching_constructor_is_left_to_the_compiler_and_generates_nothing()
        {
            const string source = Usings + """
                [Network(Loss.MeanSquaredError)] [Input(1, 2, 3, 4)] [Dense(1)] public partial class FourSizes { }
                [Network(Loss.MeanSquaredError)] [Input()] [Dense(1)] public partial class NoSize { }
                """;
            var (_, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source)); // fails on a generator exception
            Assert.Empty(result.GeneratedSources);
            Assert.Empty(await AnalyzerHarness.AnalyzeAsync(GeneratorHarness.CreateCompilation(source)));
        }

        [Fact]
        public Task NG0011_a_constant_a_float_network_cannot_hold() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1, Activation.LeakyReLU, {|NG0011:Slope = 1e39|}, {|NG0011:BiasInit = -1e40|})]
            public partial class Single { }
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(2)] [Dense(1, Activation.LeakyReLU, Slope = 1e39)]
            public partial class Double { }
            """);

        [Fact]
        public Task NG0015_undefined_enum_values() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network({|NG0015:(Loss)9|}, {|NG0015:Precision = (Precision)5|})] [Input(2)]
            [Dense(3, {|NG0015:(Activation)42|})] [Dense(1, {|NG0015:Init = (WeightInit)12|})]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0016_buffer_too_large_for_inline_array() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(600)] [Dense(500)]
            public partial class {|NG0016:Net|} { }
            """);

        [Fact]
        public Task NG0017_network_too_large() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(9000)] [Dense(1)]
            public partial class {|NG0017:Net|} { }
            """);

        [Fact]
        public Task NG0022_kernel_or_window_larger_than_its_input() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(1, 4, 4)] [Conv2D(2, {|NG0022:5|})]
            public partial class TooBigKernel { }
            [Network(Loss.MeanSquaredError)] [Input(1, 4, 4)] [Conv2D(2, 5, Padding = 1)]
            public partial class FitsWithPadding { }
            [Network(Loss.MeanSquaredError)] [Input(1, 6, 6)] [Conv2D(2, 3)] [MaxPool2D(2)] [AvgPool2D({|NG0022:3|})]
            public partial class TooBigWindowAfterShrinking { }
            """);

        [Fact]
        public Task NG0023_window_arguments_out_of_range() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(1, 8, 8)]
            [Conv2D(2, {|NG0023:0|})] [Conv2D(2, 3, {|NG0023:Stride = 0|}, {|NG0023:Padding = -1|})] [MaxPool2D({|NG0023:size: -2|})] [AvgPool2D(2, {|NG0023:Stride = 0|})]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0022_and_NG0023_for_dilation_groups_rectangular_windows_and_pooling_padding() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2, 8, 8)]
            [Conv2D(2, 3, {|NG0023:Dilation = 0|}, {|NG0023:Groups = 0|}, {|NG0023:StrideWidth = -1|})] [Conv2D(2, 3, {|NG0023:kernelWidth: 0|})]
            [MaxPool2D(2, 3, {|NG0023:Padding = 2|})] [AvgPool2D(2, {|NG0023:width: 0|})]
            public partial class Arguments { }
            [Network(Loss.MeanSquaredError)] [Input(1, 12)] [Conv1D(2, {|NG0022:5|}, Dilation = 3)]
            public partial class DilatedPastTheSequence { }
            [Network(Loss.MeanSquaredError)] [Input(1, 1, 1)] [Conv2D(1, 5, Padding = 2)] [GlobalAvgPool] [Dense(1)]
            public partial class PaddingWiderThanTheMapIsValid { }
            """);

        [Fact]
        public Task NG0024_global_pool_on_a_vector() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(4)] [{|NG0024:GlobalMaxPool|}] [Dense(1)]
            public partial class Net { }
            """);

        [Fact]
        public Task NG0028_groups_that_do_not_divide_channels_and_filters() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(4, 8, 8)] [Conv2D(6, 3, {|NG0028:Groups = 4|})]
            public partial class Filters { }
            [Network(Loss.MeanSquaredError)] [Input(3, 16)] [Conv1D(6, 3, {|NG0028:Groups = 2|})]
            public partial class Channels { }
            [Network(Loss.MeanSquaredError)] [Input(3, 16)] [Conv1D(6, 3, Groups = 3)] [GlobalAvgPool] [Dense(1)]
            public partial class Depthwise { }
            """);

        [Fact]
        public Task NG0029_padding_arguments_that_exclude_each_other() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(1, 8, 8)] [Conv2D(2, 3, {|NG0029:Padding = 1|}, Same = true)]
            [AvgPool2D(2, Same = true, {|NG0029:CountPadding = true|})] [MaxPool2D(2, {|NG0029:Padding = 1|}, Same = true)]
            public partial class Image { }
            [Network(Loss.MeanSquaredError)] [Input(1, 16)] [Conv1D(2, 3, {|NG0029:Causal = true|}, Same = true)] [Conv1D(2, 3, {|NG0029:Causal = true|}, Padding = 1)]
            public partial class Sequence { }
            """);

        [Fact]
        public Task NG0030_one_dimensional_layers_on_images_and_the_reverse() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(1, 8, 8)] [{|NG0030:Conv1D(2, 3)|}]
            public partial class Conv1DOnImage { }
            [Network(Loss.MeanSquaredError)] [Input(1, 16)] [{|NG0030:MaxPool2D(2)|}]
            public partial class Pool2DOnSequence { }
            [Network(Loss.MeanSquaredError)] [Input(1, 16)] [Conv1D(2, 3)] [AvgPool1D(2)] [{|NG0030:Conv2D(2, 1)|}]
            public partial class Chain { }
            """);

        [Fact]
        public Task NG0024_image_layer_on_a_vector() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(16)] [{|NG0024:Conv2D(2, 3)|}]
            public partial class AfterVectorInput { }
            [Network(Loss.MeanSquaredError)] [Input(1, 8, 8)] [Dense(16)] [{|NG0024:MaxPool2D(2)|}] [Dense(1)]
            public partial class AfterDense { }
            """);

        [Fact]
        public Task NG0025_softmax_on_a_map() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(1, 6, 6)] [Conv2D(2, 3, {|NG0025:Activation.Softmax|})] [Dense(1)]
            public partial class Net { }
            [Network(Loss.MeanSquaredError)] [Input(1, 6, 6)] [Conv2D(2, 3)] [Activate({|NG0025:Activation.Softmax|})] [Dense(1)]
            public partial class ActivationLayer { }
            """);

        /// <summary>
        /// An activation layer follows the rules of an activation stage (Softmax of one unit, on a hidden layer, a parameter it
        /// does not use) and warns after a layer that already has an activation, never after a Linear one or a pooling layer.
        /// </summary>
        [Fact]
        public Task Activation_layers_follow_the_activation_rules_and_NG0026() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.CategoricalCrossEntropy)] [Input(4)] [Dense(8)] [Activate(Activation.ReLU)] [Dense(3)] [Activate(Activation.Softmax)]
            public partial class ModuleOrder { }
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dense(8, Activation.ReLU)] [Activate({|NG0026:Activation.Tanh|})] [Dense(1)]
            public partial class Twice { }
            [Network(Loss.MeanSquaredError)] [Input(1, 6, 6)] [Conv2D(2, 3, Activation.ReLU)] [MaxPool2D(2)] [Activate(Activation.Tanh)] [Dense(1)]
            public partial class AfterPooling { }
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dense(1)] [Activate({|NG0006:Activation.Softmax|})]
            public partial class SoftmaxOfOne { }
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dense(3)] [Activate({|NG0007:Activation.Softmax|})] [Dense(1)]
            public partial class HiddenSoftmax { }
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dense(3)] [Activate(Activation.ReLU, {|NG0012:Alpha = 2|})] [Dense(1)]
            public partial class UnusedParameter { }
            [Network(Loss.MeanSquaredError)] [Input(1, 6, 6)] [Conv2D(2, 3)] [Activate({|NG0031:Activation.LogSoftmax|})] [Dense(1)]
            public partial class LogSoftmaxOnMap { }
            """);

        /// <summary>The buffer members are taken only by networks with buffers (a BatchNorm); the others implement INetwork's explicitly.</summary>
        [Fact]
        public Task NG0014_buffer_members_only_with_a_batchnorm() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dense(3)] [BatchNorm] [Dense(1)]
            public partial class Normalised { public int {|NG0014:Buffers|}; public const int {|NG0014:BufferCount|} = 0; }
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dense(3)] [Dense(1)]
            public partial class Plain { public int Buffers; public const int BufferCount = 0; }
            """);

        /// <summary>Sizes that would overflow the shape arithmetic are refused at the argument, never turned into a wrong map.</summary>
        [Fact]
        public Task Paddings_and_windows_too_large_for_any_map() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(1, 4, 4)] [Conv2D(2, 3, {|NG0023:Padding = int.MaxValue|})] [Dense(1)]
            public partial class HugePadding { }
            [Network(Loss.MeanSquaredError)] [Input(1, 4, 4)] [Conv2D(2, 3, {|NG0023:Dilation = 1 << 30|})] [Dense(1)]
            public partial class HugeDilation { }
            [Network(Loss.MeanSquaredError)] [Input(1, 4, 4)] [MaxPool2D({|NG0023:int.MaxValue|})] [Dense(1)]
            public partial class HugeWindow { }
            """);

        /// <summary>Dropout's probability must be in [0, 1): 1 would drop everything, and NaN or a negative value means nothing.</summary>
        [Fact]
        public Task Dropout_probability_in_range() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dense(8)] [Dropout(0)] [Dropout(0.5)] [Dense(1)]
            public partial class Valid { }
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dropout({|NG0011:1|})] [Dense(1)]
            public partial class DropsEverything { }
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dropout({|NG0011:-0.1|})] [Dense(1)]
            public partial class Negative { }
            [Network(Loss.MeanSquaredError)] [Input(4)] [Dropout({|NG0011:double.NaN|})] [Dense(1)]
            public partial class NotANumber { }
            """);

        [Fact]
        public Task NG0027_language_version_below_csharp_9() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
            public partial class {|NG0027:Net|} { }
            """, LanguageVersion.CSharp8);

        [Fact]
        public async Task NG0027_names_the_version_the_project_compiles_and_csharp_9_needs_none()
        {
            const string source = "using NetGen; [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)] public partial class Net { }";
            var diagnostics = await AnalyzerHarness.AnalyzeAsync(GeneratorHarness.CreateCompilation(source, LanguageVersion.CSharp7_3));
            Assert.Equal(
                "Network 'Net' is generated as C# 9 code, but this project compiles C# 7.3; set <LangVersion>9</LangVersion> or later in the project (Unity 2022.3 and Unity 6 compile C# 9)",
                Assert.Single(diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Empty(await AnalyzerHarness.AnalyzeAsync(GeneratorHarness.CreateCompilation(source, LanguageVersion.CSharp9)));
        }

        [Fact]
        public void NG0027_instead_of_compiler_errors_in_generated_files()
        {
            // Without the rule, C# 8 met the generated file with 30 CS8400 errors; now the generator writes nothing.
            const string source = "using NetGen; [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)] public partial class Net { }";
            var (output, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source, LanguageVersion.CSharp8), LanguageVersion.CSharp8);
            Assert.Empty(result.GeneratedSources);
            Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id == "CS8400");
        }

        [Fact]
        public Task NG0046_attribute_unknown_to_netgen() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input(1, 6, 6)] [Conv2D(2, 3)] [{|NG0046:BatchNorm2D|}] [{|NG0046:Conv2d(2, 3)|}] [Dense(1)]
            public partial class Net { }
            [Linear(4)]
            public partial class NotANetwork { }
            [Network(Loss.MeanSquaredError)] [Input(2)] [System.Serializable] [{|NG0046:LinearAttribute|}] [Dense(1)]
            public partial class OtherAttributes { }
            """);

        [Fact]
        public Task NG0047_argument_unknown_to_a_netgen_attribute() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError, {|NG0047:Sead = 1|})] [Input(4, {|NG0047:Step = 3|})] [Dense(2, Bias = false)]
            [Dense(1, Activation = Activation.Tanh)]
            public partial class Net { }
            [Network(Loss.MeanSquaredError)] [Input(1, 8, 8)] [Conv2D(2, 3, {|NG0047:Dilatoin = 2|}, Stride = 1)] [GlobalAvgPool({|NG0047:Size = 1|})] [Dense(1)]
            public partial class Image { }
            """);

        [Fact]
        public async Task NG0046_and_NG0047_name_what_netgen_has_and_the_closest_name()
        {
            var compilation = GeneratorHarness.CreateCompilation(Usings + """
                [Network(Loss.MeanSquaredError)] [Input(1, 8, 8)] [Conv2D(2, 3)] [BatchNorm2D] [Conv2D(2, 3, Dilatoin = 2)] [Linear(4)] [Dense(1)]
                public partial class Net { }
                """);
            // What the compiler says alone, which the docs pages quote: the names are not found.
            Assert.Equal(new[] { "CS0246 BatchNorm2D", "CS0246 Dilatoin", "CS0246 Linear" },
                compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)
                    .Select(d => $"{d.Id} {d.Location.SourceTree!.ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}").Distinct().OrderBy(t => t));
            var diagnostics = await AnalyzerHarness.AnalyzeAsync(compilation);
            var messages = diagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            const string layers = "[Dense], [Conv1D], [Conv2D], [MaxPool1D], [AvgPool1D], [MaxPool2D], [AvgPool2D], [GlobalAvgPool], [GlobalMaxPool], [Activate], [Dropout], [BatchNorm], [PReLU], [LSTM], [GRU] or [RNN]";
            Assert.Equal(new[]
            {
                "[BatchNorm2D] on network 'Net' is not a NetGen attribute (did you mean [BatchNorm]?); NetGen's layers are " + layers,
                "[Linear] on network 'Net' is not a NetGen attribute; NetGen's layers are " + layers,
                "Layer 3 ([Conv2D] #2) of network 'Net' has no argument 'Dilatoin' (did you mean Dilation?); the named arguments of [Conv2D] are " +
                    "Stride, StrideWidth, Dilation, DilationWidth, Padding, Same, Groups, Bias, Slope, Threshold, Alpha, Init, BiasInit",
            }.OrderBy(m => m), messages.OrderBy(m => m));
            // Warnings: the network is generated from the attributes that bind, so code that uses its members meets no error.
            Assert.Contains(GeneratorHarness.Run(compilation).Result.GeneratedSources, source => source.HintName.StartsWith("Net.", StringComparison.Ordinal));
        }

        [Fact]
        public Task Rules_of_every_layer_apply_to_image_layers() => AnalyzerHarness.VerifyAsync(Usings + """
            [Network(Loss.MeanSquaredError)] [Input({|NG0004:0|}, 6, {|NG0004:width: -1|})] [Conv2D({|NG0004:0|}, 3)]
            public partial class ZeroSizes { }
            [Network(Loss.BinaryCrossEntropy)] [Input(1, 6, 6)] [Conv2D(1, 3, {|NG0005:Activation.Tanh|})]
            public partial class ConvOutputWithoutSigmoid { }
            [Network(Loss.CategoricalCrossEntropy)] [Input(1, 6, 6)] [Conv2D(2, 3)] [{|NG0005:MaxPool2D(2)|}]
            public partial class PoolOutputWithCrossEntropy { }
            [Network(Loss.MeanSquaredError)] [Input(1, 6, 6)]
            [Conv2D(2, 3, Activation.ELU, {|NG0011:Alpha = 0|})] [Conv2D(2, 3, Activation.Tanh, {|NG0012:Slope = 2|})] [Dense(1)]
            public partial class ActivationParameters { }
            [Network(Loss.MeanSquaredError)] [Input(3, 2048, 2048)] [Conv2D(1, 1)]
            public partial class {|NG0017:HugeMaps|} { }
            [Network(Loss.MeanSquaredError)] [Input(1, Steps = 4000)] [LSTM(256)] [Dense(1)]
            public partial class {|NG0017:LongSequence|} { }
            """);

        [Fact]
        public Task Valid_networks_of_every_kind_have_no_diagnostic() => AnalyzerHarness.VerifyAsync(Usings + """
            namespace Valid;
            [Network(Loss.BinaryCrossEntropy)] [Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.Sigmoid)]
            public partial class Xor { }
            [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Seed = 3)] [Input(4)] [Dense(8, Activation.ReLU, Init = WeightInit.He)] [Dense(3, Activation.Softmax)]
            public partial class Classifier { }
            [Network(Loss.SumSquaredError)] [Input(1)]
            [Dense(2, Activation.Linear, Slope = 2)] [Dense(2, Activation.LeakyReLU, Slope = 0.1)] [Dense(2, Activation.ELU, Alpha = 0.5)]
            [Dense(2, Activation.SELU)] [Dense(2, Activation.Softplus)] [Dense(2, Activation.PiecewiseLinear, BiasInit = 1)] [Dense(1, Activation.Sigmoid)]
            internal sealed partial class Regression { }
            [Network(Loss.CategoricalCrossEntropy)] [Input(1, 28, 28)] [Conv2D(8, 3, Activation.ReLU)] [MaxPool2D(2)]
            [Conv2D(16, 3, Activation.ReLU, Padding = 1, Stride = 1)] [AvgPool2D(2, Stride = 2)] [Dense(64, Activation.ReLU)] [Dense(10, Activation.Softmax)]
            public partial class FashionNet { }
            [Network(Loss.BinaryCrossEntropy)] [Input(2, 5, 7)] [MaxPool2D(2, Stride = 1)] [Conv2D(1, 2, Activation.Sigmoid, Stride = 2)]
            public partial class ConvOutput { }
            public static partial class Holder
            {
                [Network(Loss.MeanSquaredError)] [Input(64)] [Dense(40, Activation.Tanh)] [Dense(2)]
                private partial class Wide { }
            }
            """);

        /// <summary>
        /// Every descriptor has its docs page and its row in docs/diagnostics/README.md with the same severity and title (the
        /// table users read is the one the code follows), and the ids run NG0001, NG0002, … without a gap.
        /// </summary>
        [Fact]
        public void Descriptors_match_the_documented_table()
        {
            string docs = System.IO.Path.Combine(RepositoryRoot(), "docs", "diagnostics");
            var table = System.IO.File.ReadAllLines(System.IO.Path.Combine(docs, "README.md"))
                .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^\| \[(NG\d{4})\]\(NG\d{4}\.md\) \| (Error|Warning) \| (.+) \|$"))
                .Where(match => match.Success)
                .ToDictionary(match => match.Groups[1].Value, match => (Severity: match.Groups[2].Value, Title: match.Groups[3].Value));
            foreach (var descriptor in DiagnosticDescriptors.All)
            {
                Assert.True(table.TryGetValue(descriptor.Id, out var row), $"{descriptor.Id} has no row in docs/diagnostics/README.md");
                Assert.Equal(row.Severity, descriptor.DefaultSeverity.ToString());
                Assert.Equal(row.Title, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal($"https://github.com/netgen-dev/netgen/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
                Assert.True(System.IO.File.Exists(System.IO.Path.Combine(docs, descriptor.Id + ".md")), descriptor.Id);
            }
            Assert.Equal(table.Keys.OrderBy(id => id, StringComparer.Ordinal), DiagnosticDescriptors.All.Select(d => d.Id));
            Assert.Equal(Enumerable.Range(1, DiagnosticDescriptors.All.Length).Select(n => $"NG{n:0000}"), DiagnosticDescriptors.All.Select(d => d.Id));
        }

        [Fact]
        public async Task Messages_name_the_layer_and_say_what_is_valid()
        {
            var diagnostics = await AnalyzerHarness.AnalyzeAsync(GeneratorHarness.CreateCompilation(Usings + """
                [Network(Loss.BinaryCrossEntropy)] [Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.ReLU)]
                public partial class Net { }
                """));
            var message = Assert.Single(diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("BinaryCrossEntropy needs a Sigmoid output layer, but the output layer of network 'Net' (Layer 3 ([Dense] #2)) uses ReLU; change its activation to Sigmoid or choose another loss", message);
        }

        [Fact]
        public async Task Image_layer_messages_name_the_layer_its_input_and_the_fix()
        {
            var diagnostics = await AnalyzerHarness.AnalyzeAsync(GeneratorHarness.CreateCompilation(Usings + """
                [Network(Loss.MeanSquaredError)] [Input(1, 6, 6)] [Conv2D(2, 3)] [MaxPool2D(5)]
                public partial class Net { }
                [Network(Loss.MeanSquaredError)] [Input(10)] [Dense(4)] [AvgPool2D(2)]
                public partial class OnVector { }
                [Network(Loss.CategoricalCrossEntropy)] [Input(1, 6, 6)] [Conv2D(3, 6, Activation.ReLU)]
                public partial class ConvOutput { }
                """));
            var messages = diagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(m => m).ToList();
            Assert.Equal(new[]
            {
                "Layer 3 ([MaxPool2D] #1) of network 'Net' has a 5×5 window, larger than its input at that point (2×4×4); make the window smaller or remove a layer that shrinks the map",
                "CategoricalCrossEntropy needs a Softmax output layer, but the output layer of network 'ConvOutput' (Layer 2 ([Conv2D] #1)) uses ReLU; end the network with a [Dense(n, Activation.Softmax)] layer ([Conv2D] cannot take Softmax) or choose another loss",
                "Layer 3 ([AvgPool2D] #1) of network 'OnVector' is a [AvgPool2D] layer, which needs a feature map, but the layer below it gives a vector of 4; declare [Input(channels, height, width)] (or [Input(channels, length)] for a sequence) and put map layers before any [Dense]",
            }.OrderBy(m => m), messages);
        }

        internal static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
            System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "..", ".."));
    }
}
