namespace NetGen.Onnx.Tests
{
    // Every layer kind and setting the export writes, declared as a user would; OnnxExportTests runs each in ONNX Runtime.

    [Network(Loss.MeanSquaredError), Input(6), Dense(8, Activation.Tanh), Dense(5, Activation.ReLU), Dense(3, Bias = false)]
    public partial class Mlp { }

    [Network(Loss.MeanSquaredError, Precision = Precision.Double), Input(6), Dense(8, Activation.Tanh), Dense(5, Activation.ReLU), Dense(3, Bias = false)]
    public partial class MlpDouble { }

    [Network(Loss.CategoricalCrossEntropy), Input(5), Dense(7, Activation.Sigmoid), Dense(4, Activation.Softmax)]
    public partial class SoftmaxClassifier { }

    [Network(Loss.NegativeLogLikelihood, Precision = Precision.Double), Input(5), Dense(7), PReLU, Dense(4, Activation.LogSoftmax)]
    public partial class LogSoftmaxDouble { }

    [Network(Loss.MeanSquaredError), Input(4),
     Dense(6, Activation.LeakyReLU, Slope = 0.1), Dense(6, Activation.ELU, Alpha = 0.7), Dense(6, Activation.SELU), Dense(6, Activation.Softplus),
     Dense(6, Activation.Softsign), Dense(6, Activation.PiecewiseLinear), Dense(6, Activation.SiLU), Dense(6, Activation.ReLU6),
     Dense(6, Activation.HardSigmoid), Dense(6, Activation.HardSwish), Dense(6, Activation.GELU), Dense(6, Activation.Mish),
     Dense(6, Activation.Linear, Slope = 0.5), Dense(2)]
    public partial class EveryActivation { }

    [Network(Loss.MeanSquaredError), Input(4), Dense(6), Activate(Activation.Tanh), Dropout(0.3), Activate(Activation.LeakyReLU, Slope = 0.2), Dense(3)]
    public partial class StandaloneActivations { }

#pragma warning disable NG0008 // Step and Sign cannot be trained through; the export computes them all the same
    [Network(Loss.MeanSquaredError), Input(4), Dense(6, Activation.Step, Threshold = 0.1), Dense(5, Activation.Sign), Dense(2)]
    public partial class FlatActivations { }
#pragma warning restore NG0008

    [Network(Loss.CategoricalCrossEntropy), Input(2, 9, 8),
     Conv2D(4, 4, 3, Activation.ReLU, Stride = 2, Same = true), Conv2D(8, 3, Activation.ReLU, Dilation = 2, Padding = 2, Groups = 4),
     Conv2D(6, 1, Activation.ReLU, Bias = false), MaxPool2D(3, Stride = 2, Padding = 1), GlobalAvgPool, Dense(3, Activation.Softmax)]
    public partial class SeparableImage { }

    [Network(Loss.MeanSquaredError), Input(1, 10, 10),
     Conv2D(3, 3, Activation.Tanh, Stride = 1, StrideWidth = 2, Padding = 1), BatchNorm(Momentum = 0.2, Epsilon = 0.001), PReLU(PerChannel = true),
     AvgPool2D(3, Stride = 1, Padding = 1, CountPadding = false), MaxPool2D(2), AvgPool2D(2, 1), Dense(4), BatchNorm(Affine = false), Dense(2)]
    public partial class NormalisedImage { }

    [Network(Loss.MeanSquaredError), Input(3, 16),
     Conv1D(4, 3, Activation.ReLU, Causal = true, Dilation = 2), Conv1D(4, 3, Stride = 2, Same = true), PReLU(PerChannel = true), MaxPool1D(2),
     AvgPool1D(3, Stride = 1, Padding = 1), Conv1D(5, 3, Padding = 1, Bias = false), BatchNorm, GlobalMaxPool, Dense(2)]
    public partial class Sequence1D { }

    [Network(Loss.MeanSquaredError), Input(2, Steps = 5), Dense(3, Activation.Tanh), LSTM(4, ReturnSequences = true), GRU(3, ReturnSequences = true), RNN(3, Activation.ReLU), Dense(1)]
    public partial class Recurrent { }

    [Network(Loss.MeanSquaredError), Input(3, Steps = 4), GRU(4, Bias = false, ReturnSequences = true), RNN(3, ReturnSequences = true), LSTM(2)]
    public partial class RecurrentWithoutBias { }

    [Network(Loss.MeanSquaredError, Precision = Precision.Double), Input(6), Dense(5), BatchNorm(Activation.ReLU), Dense(4, Activation.Tanh), BatchNorm(Momentum = 0.3, Affine = false), Dense(2)]
    public partial class BatchNormDouble { }

    [Network(Loss.MeanSquaredError, Precision = Precision.Double), Input(1, 5, 5), Conv2D(2, 3), Dense(1)]
    public partial class ConvolutionDouble { }

    [Network(Loss.MeanSquaredError, Precision = Precision.Double), Input(3, Steps = 4), Dense(5, Activation.Tanh), Dense(2, Activation.ReLU)]
    public partial class StepsDenseDouble { }

    // "same" average pooling never counts its padding (count_include_pad 0); global pooling last gives a [N, C] vector.
    [Network(Loss.MeanSquaredError), Input(2, 7, 7), AvgPool2D(2, Stride = 2, Same = true), Conv2D(3, 1), GlobalAvgPool]
    public partial class SamePoolingImage { }

    [Network(Loss.MeanSquaredError), Input(2, 9), AvgPool1D(2, Stride = 2, Same = true), GlobalMaxPool]
    public partial class SamePoolingSequence { }

    /// <summary>Every network above, for the tests that go over all of them.</summary>
    internal static class EveryNetwork
    {
        public static INetwork<float>[] InFloat() => new INetwork<float>[]
        {
            new Mlp(), new SoftmaxClassifier(), new EveryActivation(), new StandaloneActivations(), new FlatActivations(), new SeparableImage(),
            new NormalisedImage(), new Sequence1D(), new Recurrent(), new RecurrentWithoutBias(), new SamePoolingImage(), new SamePoolingSequence(),
        };

        public static INetwork<double>[] InDouble() => new INetwork<double>[]
        {
            new MlpDouble(), new LogSoftmaxDouble(), new BatchNormDouble(), new ConvolutionDouble(), new StepsDenseDouble(),
        };
    }
}
