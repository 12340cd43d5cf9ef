using System;
using System.Linq;
using Xunit;
using static NetGen.Onnx.Tests.OnnxRuntimeRunner;

namespace NetGen.Onnx.Tests
{
    /// <summary>Every layer kind, exported and run in ONNX Runtime, against ForwardBatch.</summary>
    public class OnnxExportTests
    {
        private const double Float = 1e-5, Double = 1e-9;

        /// <summary>
        /// The networks these tests export hold every layer kind the package declares (its layer attributes) and every
        /// activation, so a new kind or activation without an ONNX form fails here, not in a user's export.
        /// </summary>
        [Fact]
        public void These_tests_export_every_layer_kind_and_activation()
        {
            var layers = EveryNetwork.InFloat().Select(n => n.Architecture).Concat(EveryNetwork.InDouble().Select(n => n.Architecture))
                .SelectMany(line => line.Split(';')[0].Split('→').Skip(1).Select(layer => layer.Trim().Split(' ')))
                .ToArray();
            var exportedKinds = layers.Select(words => words[0]).ToHashSet();
            var exportedActivations = layers.SelectMany(words => words).Select(word => word.Split('(')[0]).ToHashSet();
            var declaredKinds = typeof(DenseAttribute).Assembly.GetExportedTypes()
                .Where(t => t.IsSubclassOf(typeof(Attribute)) && t.Namespace == typeof(DenseAttribute).Namespace && t.Name.EndsWith("Attribute", StringComparison.Ordinal))
                .Select(t => t.Name.Substring(0, t.Name.Length - "Attribute".Length))
                .Except(new[] { "Network", "Input" })
                .ToArray();
            Assert.Contains("Dense", declaredKinds);
            Assert.Empty(declaredKinds.Except(exportedKinds));
            Assert.Empty(Enum.GetNames(typeof(Activation)).Except(exportedActivations));
        }

        [Fact] public void Dense_layers() => AssertAgrees(new Mlp(), Float);

        [Fact] public void Softmax() => AssertAgrees(new SoftmaxClassifier(), Float);

        [Fact] public void Every_activation() => AssertAgrees(new EveryActivation(), Float);

        [Fact] public void Standalone_activations_and_dropout() => AssertAgrees(new StandaloneActivations(), Float);

        [Fact] public void Step_and_sign() => AssertAgrees(new FlatActivations(), Float);

        [Fact] public void Strided_dilated_grouped_and_same_convolutions_with_pooling() => AssertAgrees(new SeparableImage(), Float);

        [Fact] public void BatchNorm_PReLU_and_padded_pooling() => AssertAgrees(new NormalisedImage(), Float);

        [Fact] public void Sequences_causal_and_same() => AssertAgrees(new Sequence1D(), Float);

        [Fact] public void Same_average_pooling_and_global_pooling_last() => Assert.Equal(new[] { Samples, 3 }, AssertAgrees(new SamePoolingImage(), Float));

        [Fact] public void Same_average_pooling_on_a_sequence() => Assert.Equal(new[] { Samples, 2 }, AssertAgrees(new SamePoolingSequence(), Float));

        [Fact] public void Recurrent_layers() => AssertAgrees(new Recurrent(), Float);

        [Fact] public void Recurrent_layers_without_bias() => AssertAgrees(new RecurrentWithoutBias(), Float);

        [Fact] public void Dense_in_double() => AssertAgrees(new MlpDouble(), Double);

        [Fact] public void Dense_on_steps_in_double() => AssertAgrees(new StepsDenseDouble(), Double);

        [Fact]
        public void Null_arguments_are_refused_by_name()
        {
            Assert.Equal("network", Assert.Throws<System.ArgumentNullException>(() => OnnxModel.Save((INetwork<float>)null!, new System.IO.MemoryStream())).ParamName);
            Assert.Equal("network", Assert.Throws<System.ArgumentNullException>(() => OnnxModel.Save((IFrozenNetwork<float>)null!, new System.IO.MemoryStream())).ParamName);
            Assert.Equal("stream", Assert.Throws<System.ArgumentNullException>(() => OnnxModel.Save(new Mlp(), null!)).ParamName);
        }

        [Fact] public void BatchNorm_in_double() => AssertAgrees(new BatchNormDouble(), Double);

        /// <summary>docs/import.md's double caveat: a double convolution is valid ONNX, and ONNX Runtime's CPU provider has no kernel for it.</summary>
        [Fact]
        public void ONNX_Runtime_has_no_double_convolution()
        {
            var error = Assert.ThrowsAny<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(() => new Microsoft.ML.OnnxRuntime.InferenceSession(Export(new ConvolutionDouble())));
            Assert.Contains("Conv", error.Message);
        }

        [Fact] public void PReLU_and_LogSoftmax_in_double() => AssertAgrees(new LogSoftmaxDouble(), Double);
    }
}
