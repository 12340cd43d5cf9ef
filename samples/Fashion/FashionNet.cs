using NetGen;

namespace Samples.Fashion;

// LEAD: swap in the convolutional declaration once Conv2D, MaxPool2D and AvgPool2D exist in the generator (the product's
// contract; nothing else in the sample depends on which declaration is active):
//
// [Network(Loss.CategoricalCrossEntropy, Seed = 1)]
// [Input(1, 28, 28)]
// [Conv2D(8, 3, Activation.ReLU)]
// [MaxPool2D(2)]
// [Conv2D(16, 3, Activation.ReLU, Padding = 1, Stride = 1)]
// [AvgPool2D(2, Stride = 2)]
// [Dense(64, Activation.ReLU)]
// [Dense(10, Activation.Softmax)]
// public partial class FashionNet { }

/// <summary>
/// 28×28 greyscale images (784 pixels in [0, 1]) → 10 class probabilities. For now a Dense stand-in with the same input
/// and output as the convolutional network above.
/// </summary>
[Network(Loss.CategoricalCrossEntropy, Seed = 1)]
[Input(784)]
[Dense(64, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class FashionNet
{
}
