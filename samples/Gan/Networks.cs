using NetGen;

namespace Samples.Gan;

/// <summary>
/// G: 16 noise values → an 8×8 image with pixels in [−1, 1] (tanh). It has no target of its own: it learns only
/// through <see cref="Discriminator"/>'s input gradient, by <c>BackwardFromOutput</c>. The loss here is never used.
/// </summary>
[Network(Loss.MeanSquaredError, Seed = 1)]
[Input(Generator.NoiseSize)]
[Dense(64, Activation.LeakyReLU, Slope = 0.2)]
[Dense(64, Activation.Tanh)]
public partial class Generator
{
    public const int NoiseSize = 16;
}

/// <summary>D: an 8×8 image → the probability that it is a real digit (sigmoid, binary cross-entropy).</summary>
[Network(Loss.BinaryCrossEntropy, Seed = 2)]
[Input(64)]
[Dense(64, Activation.LeakyReLU, Slope = 0.2)]
[Dense(1, Activation.Sigmoid)]
public partial class Discriminator
{
}
