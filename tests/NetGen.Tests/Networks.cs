using NetGen;

namespace NetGen.Tests
{
    [Network(Loss.BinaryCrossEntropy, Seed = 1)]
    [Input(2)]
    [Dense(4, Activation.Tanh)]
    [Dense(1, Activation.Sigmoid)]
    public partial class XorNet
    {
    }

    /// <summary>The worked example of seed 001: 4 inputs, layers of 2, 3 and 1 logistic units, C = ½(y − ŷ)².</summary>
    [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 7)]
    [Input(4)]
    [Dense(2, Activation.Sigmoid)]
    [Dense(3, Activation.Sigmoid)]
    [Dense(1, Activation.Sigmoid)]
    public partial class Seed001Net
    {
    }

    [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 3)]
    [Input(1)]
    [Dense(16, Activation.Tanh)]
    [Dense(1)]
    public partial class SineNet
    {
    }

    [Network(Loss.CategoricalCrossEntropy, Seed = 5)]
    [Input(2)]
    [Dense(16, Activation.ReLU)]
    [Dense(3, Activation.Softmax)]
    public partial class ThreeClassNet
    {
    }

    /// <summary>Wide enough that every layer takes the looped, vectorised path.</summary>
    [Network(Loss.CategoricalCrossEntropy, Seed = 11)]
    [Input(40)]
    [Dense(48, Activation.ReLU)]
    [Dense(30, Activation.Softmax)]
    public partial class WideNet
    {
    }

    /// <summary>The Fashion-MNIST network of the product's contract: every image layer kind, maps in the per-thread workspace.</summary>
    [Network(Loss.CategoricalCrossEntropy, Seed = 5)]
    [Input(1, 28, 28)]
    [Conv2D(8, 3, Activation.ReLU)]
    [MaxPool2D(2)]
    [Conv2D(16, 3, Activation.ReLU, Padding = 1, Stride = 1)]
    [AvgPool2D(2, Stride = 2)]
    [Dense(64, Activation.ReLU)]
    [Dense(10, Activation.Softmax)]
    public partial class FashionNet
    {
    }

    /// <summary>A small image classifier in double: is the bar in a 6×6 picture horizontal or vertical?</summary>
    [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double, Seed = 3)]
    [Input(1, 6, 6)]
    [Conv2D(4, 3, Activation.Tanh, Padding = 1)]
    [MaxPool2D(2)]
    [Dense(1, Activation.Sigmoid)]
    public partial class BarNet
    {
    }

    /// <summary>
    /// A keyword-spotting-shaped image net in double: a rectangular kernel at stride 2 with "same" padding (uneven), a
    /// depthwise-separable block (depthwise ×2 with dilation, then a bias-less pointwise 1×1), padded pooling, global pooling.
    /// </summary>
    [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Seed = 5)]
    [Input(2, 9, 8)]
    [Conv2D(4, 4, 3, Activation.Tanh, Stride = 2, Same = true)]
    [Conv2D(8, 3, Activation.ELU, Groups = 4, Dilation = 2, Padding = 2)]
    [Conv2D(6, 1, Activation.Tanh, Bias = false)]
    [MaxPool2D(3, 2, Padding = 1, StrideWidth = 1)]
    [AvgPool2D(2, Same = true)]
    [GlobalAvgPool]
    [Dense(3, Activation.Softmax)]
    public partial class SeparableNet
    {
    }

    /// <summary>A dilated causal sequence net in double (an audio effect's shape): grouped, bias-less, 1-D pooling, global max.</summary>
    [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 6)]
    [Input(2, 20)]
    [Conv1D(4, 3, Activation.Tanh, Causal = true, Dilation = 2)]
    [Conv1D(4, 2, Activation.Tanh, Causal = true, Dilation = 4, Groups = 2, Bias = false)]
    [AvgPool1D(3, Stride = 2, Padding = 1, CountPadding = false)]
    [Conv1D(3, 2, Activation.Tanh, Same = true)]
    [MaxPool1D(2, Same = true)]
    [GlobalMaxPool]
    [Dense(2)]
    public partial class CausalNet
    {
    }

    /// <summary>A sequence through a Dense on every step, a stacked LSTM and GRU, and a Dense head: a workspace of steps and per-step records.</summary>
    [Network(Loss.MeanSquaredError)]
    [Input(2, Steps = 5)]
    [Dense(3, Activation.Tanh)]
    [LSTM(4, ReturnSequences = true)]
    [GRU(3)]
    [Dense(1)]
    public partial class RecurrentNet
    {
    }

    /// <summary>Bias-less Dense layers in float (nn.Linear(bias=False)): two looped, the output unrolled.</summary>
    [Network(Loss.MeanSquaredError, Seed = 9)]
    [Input(12)]
    [Dense(16, Activation.Tanh, Bias = false)]
    [Dense(4, Activation.Tanh)]
    [Dense(2, Bias = false)]
    public partial class BiasFreeMlpNet
    {
    }

    /// <summary>Bias-less Dense layers in double: the first unrolled, the second looped, a biased softmax output.</summary>
    [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Seed = 10)]
    [Input(3)]
    [Dense(5, Activation.Tanh, Bias = false)]
    [Dense(20, Activation.ELU, Bias = false)]
    [Dense(2, Activation.Softmax)]
    public partial class BiasFreeDoubleNet
    {
    }

    /// <summary>The float form of a depthwise-separable block on the AVX path: depthwise 3×3 "same", pointwise, global average.</summary>
    [Network(Loss.MeanSquaredError, Seed = 7)]
    [Input(3, 12, 20)]
    [Conv2D(6, 3, Activation.ReLU, Groups = 3, Same = true)]
    [Conv2D(8, 1, Activation.ReLU)]
    [GlobalAvgPool]
    [Dense(2)]
    public partial class SeparableFloatNet
    {
    }

    /// <summary>Every NetGen enum by its simple name inside the class's own attributes (no member may shadow them).</summary>
    [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 2)]
    [Input(3)]
    [Dense(4, Activation.ELU, Alpha = 0.5, Init = WeightInit.He, BiasInit = 0.1)]
    [Dense(2, Activation.Linear, Slope = 2, Init = WeightInit.UniformSymmetric)]
    public partial class EveryEnumNet
    {
    }

    namespace Extremes
    {
        [Network(Loss.BinaryCrossEntropy)]
        [Input(2)]
        [Dense(1, Activation.Sigmoid)]
        public partial class LogisticNet
        {
        }

        [Network(Loss.CategoricalCrossEntropy)]
        [Input(2)]
        [Dense(3, Activation.Softmax)]
        public partial class SoftmaxNet
        {
        }

        [Network(Loss.CategoricalCrossEntropy)]
        [Input(2)]
        [Dense(40, Activation.Softplus)]
        [Dense(30, Activation.Softmax)]
        public partial class WideSoftmaxNet
        {
        }

        [Network(Loss.BinaryCrossEntropy)]
        [Input(2)]
        [Dense(3, Activation.Softplus)]
        [Dense(2, Activation.ELU)]
        [Dense(1, Activation.Sigmoid)]
        public partial class SoftplusNet
        {
        }
    }
}

namespace NetGen.Tests.Interop
{
    /// <summary>The twin of tools/make_torch_fixture.py's nn.Sequential: Linear(3,6) Tanh, Linear(6,4) ELU, Linear(4,2) Sigmoid.</summary>
    [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
    [Input(3)]
    [Dense(6, Activation.Tanh)]
    [Dense(4, Activation.ELU)]
    [Dense(2, Activation.Sigmoid)]
    public partial class TorchMlpNet
    {
    }

    /// <summary>The twin of tools/make_torch_fixture.py's convolutional nn.Sequential (trained on logits, exported with its Softmax).</summary>
    [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double)]
    [Input(2, 7, 7)]
    [Conv2D(3, 3, Activation.ReLU, Padding = 1)]
    [MaxPool2D(2)]
    [Conv2D(4, 2, Activation.LeakyReLU, Slope = 0.2, Stride = 2)]
    [AvgPool2D(1)]
    [Dense(3, Activation.Softmax)]
    public partial class TorchConvNet
    {
    }

    /// <summary>The twin of tools/make_torch_fixture.py's nn.Sequential with BatchNorm2d and BatchNorm1d (trained in train(), exported in eval()).</summary>
    [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
    [Input(2, 6, 6)]
    [Conv2D(3, 3)]
    [BatchNorm(Activation.ReLU)]
    [MaxPool2D(2)]
    [Dense(5)]
    [BatchNorm(Activation.Tanh, Momentum = 0.2, Epsilon = 0.001, Affine = false)]
    [Dense(2)]
    public partial class TorchBatchNormNet
    {
    }
}
