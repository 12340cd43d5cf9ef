using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen;
using Samples.Digits;
using Samples.Gan;
using Samples.Shared;

// Usage: dotnet run -c Release --project samples/Gan [-- --epochs <n>] [--seed <n>] [--out <folder>]
int epochs = CommandLine.Count(args, "--epochs") ?? 60;
int seed = int.Parse(CommandLine.Option(args, "--seed") ?? "0", CultureInfo.InvariantCulture);
string folder = CommandLine.Option(args, "--out") ?? CommandLine.OutputFolder;
const int BatchSize = 32, GridImages = 32, ScoredImages = 1000;

var data = DigitsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv.gz"));
// Pixel counts 0…16 → [−1, 1], the range of G's tanh output.
float[] realImages = data.PixelRows.Select(v => v / 8f - 1).ToArray();
Console.WriteLine($"UCI digits: {data.Count} real 8×8 images. Training the judge (the Digits sample's classifier) on them…");
var judge = new DigitScore(realImages, data.Labels);
var realScore = judge.Measure(realImages);
Console.WriteLine($"Real digits: digit score {realScore.Score:F2} of 10, confidence {realScore.Confidence:P1}, {realScore.DigitsSeen} digits seen.");

// Fixed noise, so that the grids show the same z at every epoch and the score compares like with like.
var noiseRandom = new DeterministicRandom(seed + 100);
float[] gridNoise = new float[GridImages * Generator.NoiseSize], scoreNoise = new float[ScoredImages * Generator.NoiseSize];
Gan.SampleNoise(noiseRandom, gridNoise);
Gan.SampleNoise(noiseRandom, scoreNoise);

var gan = new Gan(seed);
var untrained = Measure(gan.G);
Console.WriteLine($"Untrained G: digit score {untrained.Score:F2}, confidence {untrained.Confidence:P1}, {untrained.DigitsSeen} digits seen, " +
                  $"pixel-mean distance {untrained.PixelDistance:F3}.");

int[] snapshotEpochs = new[] { 0, epochs / 12, epochs / 3, epochs }.Distinct().ToArray();
var panels = new System.Collections.Generic.List<float[]> { Generate(gan.G, gridNoise) };
var discriminatorLosses = new System.Collections.Generic.List<double>();
var generatorLosses = new System.Collections.Generic.List<double>();
var order = Enumerable.Range(0, data.Count).ToArray();
var batch = new float[BatchSize * DigitsData.Pixels];
var shuffle = new DeterministicRandom(seed + 200);
var stopwatch = Stopwatch.StartNew();

for (int epoch = 1; epoch <= epochs; epoch++)
{
    shuffle.Shuffle(order.AsSpan());
    double discriminatorSum = 0, generatorSum = 0;
    int steps = 0;
    for (int start = 0; start + BatchSize <= order.Length; start += BatchSize, steps++)
    {
        for (int s = 0; s < BatchSize; s++)
            realImages.AsSpan(order[start + s] * DigitsData.Pixels, DigitsData.Pixels).CopyTo(batch.AsSpan(s * DigitsData.Pixels));
        var (discriminatorLoss, generatorLoss) = gan.Step(batch);
        discriminatorSum += discriminatorLoss;
        generatorSum += generatorLoss;
    }
    discriminatorLosses.Add(discriminatorSum / steps);
    generatorLosses.Add(generatorSum / steps);

    if (snapshotEpochs.Contains(epoch)) panels.Add(Generate(gan.G, gridNoise));
    if (epoch == 1 || epoch % 5 == 0 || epoch == epochs)
    {
        var measured = Measure(gan.G);
        Console.WriteLine($"epoch {epoch,3}/{epochs}  D loss {discriminatorLosses[^1]:F3}  G loss {generatorLosses[^1]:F3}  " +
                          $"digit score {measured.Score:F2}  confidence {measured.Confidence:P0}  pixel-mean distance {measured.PixelDistance:F3}");
    }
}
stopwatch.Stop();

var trained = Measure(gan.G);
Directory.CreateDirectory(folder);
string gridPath = Path.Combine(folder, "gan-digits.png"), chartPath = Path.Combine(folder, "gan-loss.svg");
panels.Add(realImages.AsSpan(0, GridImages * DigitsData.Pixels).ToArray());
File.WriteAllBytes(gridPath, ImageGrid.Png(panels.ToArray()));
File.WriteAllText(chartPath, LossChart.Svg("GAN: mean loss per epoch (ln 2 ≈ 0.69 when D cannot tell)",
    ("D: binary cross-entropy on real and generated", "#1f77b4", discriminatorLosses), ("G: −ln D(G(z))", "#d62728", generatorLosses)));

Console.WriteLine();
Console.WriteLine($"Trained {epochs} epochs in {stopwatch.Elapsed.TotalSeconds:F1} s.");
Console.WriteLine($"Generated digits: digit score {trained.Score:F2} (untrained G {untrained.Score:F2}, real digits {realScore.Score:F2}), " +
                  $"confidence {trained.Confidence:P1}, {trained.DigitsSeen} of 10 digits seen.");
Console.WriteLine($"Pixel-mean distance to the real digits: {trained.PixelDistance:F3} (untrained G {untrained.PixelDistance:F3}).");
Console.WriteLine($"Grids (epochs {string.Join(", ", snapshotEpochs)}, then real digits): {Path.GetFullPath(gridPath)}");
Console.WriteLine($"Loss curves: {Path.GetFullPath(chartPath)}");
Console.WriteLine(FormattableString.Invariant(
    $"digit_score={trained.Score:F4} untrained_digit_score={untrained.Score:F4} pixel_distance={trained.PixelDistance:F4} untrained_pixel_distance={untrained.PixelDistance:F4}"));

// The digit score of G's images for the fixed noise, and the mean absolute difference between the mean generated
// image and the mean real image, per pixel in [−1, 1] units.
(double Score, double Confidence, int DigitsSeen, double PixelDistance) Measure(Generator generator)
{
    float[] images = Generate(generator, scoreNoise);
    var (score, confidence, digitsSeen) = judge.Measure(images);
    double distance = 0;
    for (int pixel = 0; pixel < DigitsData.Pixels; pixel++)
    {
        double generatedMean = 0, realMean = 0;
        for (int s = 0; s < ScoredImages; s++) generatedMean += images[s * DigitsData.Pixels + pixel] / ScoredImages;
        for (int s = 0; s < data.Count; s++) realMean += realImages[s * DigitsData.Pixels + pixel] / data.Count;
        distance += Math.Abs(generatedMean - realMean) / DigitsData.Pixels;
    }
    return (score, confidence, digitsSeen, distance);
}

static float[] Generate(Generator generator, float[] noise)
{
    int count = noise.Length / Generator.NoiseSize;
    var images = new float[count * Generator.OutputSize];
    for (int s = 0; s < count; s++)
        generator.Forward(noise.AsSpan(s * Generator.NoiseSize, Generator.NoiseSize), images.AsSpan(s * Generator.OutputSize, Generator.OutputSize));
    return images;
}
