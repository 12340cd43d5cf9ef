extern alias Generator;

using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;

namespace NetGen.Generators.Tests.Infrastructure
{
    using Activation = Generator::NetGen.Activation;
    using Loss = Generator::NetGen.Loss;
    using WeightInit = Generator::NetGen.WeightInit;
    using Precision = Generator::NetGen.Precision;

    /// <summary>Network specs built directly, as the parser would produce them, for tests that skip Roslyn.</summary>
    internal static class Specs
    {
        public static NetworkSpec Network(Loss loss, int[] input, params LayerSpec[] layers) =>
            Network(loss, new[] { input }, layers);

        public static NetworkSpec Network(Loss loss, int[][] inputs, params LayerSpec[] layers) => new(
            new TypeSpec(null, "Net", TypeKindSpec.Class, IsPartial: true, IsStatic: false, IsGeneric: false,
                EquatableArray<ContainingTypeSpec>.Empty, EquatableArray<string>.Empty),
            loss, Precision.Single, Seed: 0,
            inputs.Select(dimensions => new InputSpec(dimensions.ToEquatableArray())).ToEquatableArray(),
            layers.ToEquatableArray(), LayerDeclarationCount: 1, WeightsFile: null, Frozen: false);

        public static int[] Vector(int size) => new[] { size };

        public static int[] Image(int channels, int height, int width) => new[] { channels, height, width };

        public static LayerSpec Dense(int units, Activation activation, double? slope = null) =>
            new DenseLayer(units, new ActivationSpec(activation, slope, null, null), WeightInit.Auto, 0, Bias: true);

        public static int[] Sequence(int channels, int length) => new[] { channels, length };

        public static LayerSpec Conv2D(int filters, int kernel, Activation activation = Activation.ReLU, int stride = 1, int padding = 0) =>
            Conv2D(filters, kernel, kernel, activation, stride, padding: padding);

        /// <summary>A Conv2D with every argument; rectangular when the kernel's sides differ.</summary>
        public static LayerSpec Conv2D(int filters, int kernelHeight, int kernelWidth, Activation activation = Activation.ReLU, int stride = 1, int strideWidth = 0,
            int dilation = 1, int dilationWidth = 0, int padding = 0, bool same = false, int groups = 1, bool bias = true) =>
            new ConvolutionLayer(2, filters, kernelHeight, kernelWidth, kernelHeight != kernelWidth, stride, strideWidth, dilation, dilationWidth, padding, same,
                Causal: false, groups, bias, new ActivationSpec(activation, null, null, null), WeightInit.Auto, 0);

        public static LayerSpec Conv1D(int filters, int kernel, Activation activation = Activation.ReLU, int stride = 1, int dilation = 1, int padding = 0,
            bool same = false, bool causal = false, int groups = 1, bool bias = true) =>
            new ConvolutionLayer(1, filters, 1, kernel, Rectangular: false, stride, 0, dilation, 0, padding, same, causal, groups, bias,
                new ActivationSpec(activation, null, null, null), WeightInit.Auto, 0);

        public static LayerSpec MaxPool2D(int size, int? stride = null) => Pool(PoolKind.Max, PoolReach.Image, size, size, stride);

        public static LayerSpec AvgPool2D(int size, int? stride = null) => Pool(PoolKind.Average, PoolReach.Image, size, size, stride);

        /// <summary>Any pooling layer; a sequence's window is (1, width).</summary>
        public static LayerSpec Pool(PoolKind pooling, PoolReach reach, int height, int width, int? stride = null, int strideWidth = 0, int padding = 0,
            bool same = false, bool? countPadding = null) =>
            new PoolingLayer(pooling, reach, height, width, reach == PoolReach.Image && height != width, stride, strideWidth, padding, same, countPadding);

        /// <summary>The README's FashionNet: two convolutions, both poolings, two Dense layers.</summary>
        public static NetworkSpec FashionNet() => Network(Loss.CategoricalCrossEntropy, Image(1, 28, 28),
            Conv2D(8, 3), MaxPool2D(2), Conv2D(16, 3, padding: 1, stride: 1), AvgPool2D(2, stride: 2),
            Dense(64, Activation.ReLU), Dense(10, Activation.Softmax));
    }
}
