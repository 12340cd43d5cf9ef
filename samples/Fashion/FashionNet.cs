using NetGen;

namespace Samples.Fashion;

/// <summary>
/// 28×28 greyscale images (784 pixels in [0, 1], stored row by row: one channel, C, H, W order) → 10 class probabilities.
/// Two convolutions learn local features (edges, then textures and parts), pooling halves the maps, and two Dense layers
/// read the 16×6×6 map flattened and classify.
/// </summary>
[Network(Loss.CategoricalCrossEntropy, Seed = 1)]
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
