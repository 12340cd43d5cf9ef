using NetGen;

namespace Samples.Digits;

/// <summary>8×8 digit images (64 standardised pixels) → 64 ReLU units → 10 class probabilities.</summary>
[Network(Loss.CategoricalCrossEntropy, Seed = 7)]
[Input(64)]
[Dense(64, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class DigitsNet
{
}
