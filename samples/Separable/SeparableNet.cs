using NetGen;

namespace Samples.Separable;

/// <summary>
/// A MobileNet-style classifier for 28×28 Fashion-MNIST images, in the shape of the small vision and keyword-spotting
/// networks that run on microcontrollers: a rectangular 5×3 stem at stride 2 with TensorFlow's "same" padding (28×28 →
/// 14×14, the uneven padding split 1 above and 2 below, none left and 1 right), then two depthwise-separable blocks (a
/// depthwise 3×3, Groups = channels, then a pointwise 1×1 that mixes the channels; the first pointwise without a bias, as
/// MobileNet's convolutions before a batch norm are), and global average pooling instead of a wide Dense layer:
/// 1,370 parameters, where samples/Fashion's FashionNet, with its Dense layer over the flattened map, has 38,826.
/// The PyTorch twin is separable_torch.py.
/// </summary>
[Network(Loss.CategoricalCrossEntropy, Seed = 1)]
[Input(1, 28, 28)]
[Conv2D(8, 5, 3, Activation.ReLU, Stride = 2, Same = true)]
[Conv2D(8, 3, Activation.ReLU, Groups = 8, Same = true)]
[Conv2D(16, 1, Activation.ReLU, Bias = false)]
[MaxPool2D(2)]
[Conv2D(16, 3, Activation.ReLU, Groups = 16, Same = true)]
[Conv2D(32, 1, Activation.ReLU)]
[GlobalAvgPool]
[Dense(10, Activation.Softmax)]
public partial class SeparableNet
{
}
