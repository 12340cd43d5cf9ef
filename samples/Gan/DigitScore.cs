using System;
using System.Linq;
using NetGen;
using Samples.Digits;

namespace Samples.Gan;

/// <summary>
/// How much generated images look like digits, judged by the Digits sample's classifier trained on the real images:
/// the "digit score" exp(E_x KL(p(y|x) ‖ p(y))) (the Inception Score with this classifier). It is high when each image
/// is confidently one digit and all ten digits occur: 1 for images the classifier cannot tell apart, at most 10.
/// </summary>
internal sealed class DigitScore
{
    private readonly DigitsNet _classifier = new();

    /// <summary>
    /// Trains the judge on <paramref name="images"/> (pixels in [−1, 1]) and their labels: 12 epochs of Adam, as in the
    /// Digits sample, but without standardising: the border pixels of real digits hardly vary, so standardising would
    /// magnify a generated image's stray border pixels into inputs the judge has never seen.
    /// </summary>
    public DigitScore(float[] images, int[] labels)
    {
        _classifier.Train(images, TrainingData.OneHot<float>(labels, DigitsData.Classes), new TrainingOptions
        {
            Epochs = 12, BatchSize = 32, Optimizer = Optimizer.Adam, LearningRate = 0.01,
            Schedule = LearningRateSchedule.Cosine(12, minimumFraction: 0.05), Seed = 1,
        });
    }

    /// <summary>The score of a set of images, with the mean confidence (largest class probability) and the digits that occur.</summary>
    public (double Score, double Confidence, int DigitsSeen) Measure(float[] images)
    {
        int count = images.Length / DigitsData.Pixels;
        var probabilities = new double[count, DigitsData.Classes];
        var marginal = new double[DigitsData.Classes];
        var output = new float[DigitsData.Classes];
        var seen = new bool[DigitsData.Classes];
        double confidence = 0;
        for (int s = 0; s < count; s++)
        {
            _classifier.Forward(images.AsSpan(s * DigitsData.Pixels, DigitsData.Pixels), output);
            for (int k = 0; k < DigitsData.Classes; k++)
            {
                probabilities[s, k] = output[k];
                marginal[k] += output[k] / count;
            }
            confidence += output.Max();
            seen[Array.IndexOf(output, output.Max())] = true;
        }

        double klSum = 0;
        for (int s = 0; s < count; s++)
            for (int k = 0; k < DigitsData.Classes; k++)
                if (probabilities[s, k] > 0) klSum += probabilities[s, k] * Math.Log(probabilities[s, k] / marginal[k]);
        return (Math.Exp(klSum / count), confidence / count, seen.Count(s => s));
    }
}
