using System;
using NetGen;

namespace Samples.Gan;

/// <summary>
/// The adversarial game, one minibatch at a time. D steps on a real batch (target 1) and a generated batch (target 0);
/// then G steps through D with the non-saturating loss −ln D(G(z)): D's loss on the generated images with target 1, whose
/// input gradient G backpropagates with <c>BackwardFromOutput</c>. D's parameters are not stepped during G's step.
/// Every buffer is allocated here, once; a step allocates nothing.
/// </summary>
internal sealed class Gan
{
    private static readonly float[] Real = { 1 }, Fake = { 0 };

    private readonly ParameterOptimizer _generatorOptimizer, _discriminatorOptimizer;
    private readonly float[] _generatorGradient = new float[Generator.ParameterCount];
    private readonly float[] _discriminatorGradient = new float[Discriminator.ParameterCount];
    private readonly float[] _unusedDiscriminatorGradient = new float[Discriminator.ParameterCount];
    private readonly float[] _noise = new float[Generator.NoiseSize];
    private readonly float[] _image = new float[Generator.OutputSize];
    private readonly float[] _imageGradient = new float[Generator.OutputSize];
    private readonly DeterministicRandom _random;

    public Gan(int seed)
    {
        G = new Generator(seed);
        D = new Discriminator(seed + 1);
        _random = new DeterministicRandom(seed + 2);
        // Adam with β₁ = 0.5, the usual choice for GANs: less momentum lets each player follow the other's moves.
        var options = new TrainingOptions { Optimizer = Optimizer.Adam, LearningRate = 0.002, Beta1 = 0.5 };
        _generatorOptimizer = new ParameterOptimizer(options, Generator.ParameterCount);
        _discriminatorOptimizer = new ParameterOptimizer(options, Discriminator.ParameterCount);
    }

    public Generator G { get; }

    public Discriminator D { get; }

    /// <summary>One round on <paramref name="realImages"/> (a batch of 64-pixel rows); returns D's and G's mean losses.</summary>
    public (double DiscriminatorLoss, double GeneratorLoss) Step(ReadOnlySpan<float> realImages)
    {
        int batch = realImages.Length / Generator.OutputSize;

        // D: ascend ln D(x) + ln(1 − D(G(z))), i.e. descend binary cross-entropy with targets 1 and 0.
        Array.Clear(_discriminatorGradient);
        double discriminatorLoss = 0;
        for (int s = 0; s < batch; s++)
        {
            discriminatorLoss += D.Backward(realImages.Slice(s * Generator.OutputSize, Generator.OutputSize), Real, _discriminatorGradient);
            Generate();
            discriminatorLoss += D.Backward(_image, Fake, _discriminatorGradient);
        }
        _discriminatorOptimizer.Step<float>(D.Parameters, _discriminatorGradient, 1.0 / (2 * batch));

        // G: descend −ln D(G(z)). D backpropagates that loss to its input image (its own parameter gradient is thrown
        // away), and G carries the image gradient on through its layers.
        Array.Clear(_generatorGradient);
        Array.Clear(_unusedDiscriminatorGradient);
        double generatorLoss = 0;
        for (int s = 0; s < batch; s++)
        {
            Generate();
            generatorLoss += D.Backward(_image, Real, _unusedDiscriminatorGradient, _imageGradient);
            G.BackwardFromOutput(_noise, _imageGradient, _generatorGradient);
        }
        _generatorOptimizer.Step<float>(G.Parameters, _generatorGradient, 1.0 / batch);

        return (discriminatorLoss / (2 * batch), generatorLoss / batch);
    }

    /// <summary>Draws fresh noise z ~ N(0, I) into the noise buffer and G(z) into the image buffer.</summary>
    private void Generate()
    {
        SampleNoise(_random, _noise);
        G.Forward(_noise, _image);
    }

    public static void SampleNoise(DeterministicRandom random, Span<float> noise)
    {
        for (int i = 0; i < noise.Length; i++) noise[i] = (float)random.NextNormal();
    }
}
