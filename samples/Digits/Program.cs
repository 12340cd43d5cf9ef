using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NetGen;
using Samples.Digits;

// Usage: dotnet run --project samples/Digits [-- --chart <file.svg>] [--export-split <file.json>]
string chartPath = Option("--chart") ?? "digits-loss.svg";
string? splitPath = Option("--export-split");

var data = DigitsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv.gz"));
var (trainRows, testRows) = data.StratifiedSplit(testFraction: 0.25, seed: 0);
Console.WriteLine($"UCI digits: {data.Count} images; stratified split: {trainRows.Length} to train, {testRows.Length} to test.");
if (splitPath is not null)
    File.WriteAllText(splitPath, $"{{\"train\": [{string.Join(",", trainRows)}], \"test\": [{string.Join(",", testRows)}]}}");

float[] trainInputs = data.PixelsOf(trainRows), testInputs = data.PixelsOf(testRows);
var standardizer = Standardizer.Fit<float>(trainInputs, DigitsData.Pixels);   // statistics of the training data only
standardizer.Transform<float>(trainInputs);
standardizer.Transform<float>(testInputs);
float[] trainTargets = DataSet.OneHot<float>(data.LabelsOf(trainRows), DigitsData.Classes);

float[] testTargets = DataSet.OneHot<float>(data.LabelsOf(testRows), DigitsData.Classes);

var network = new DigitsNet();
// The test set is only watched (loss and accuracy per epoch, for the curves), never trained on or used to stop.
var progress = new ProgressBar(network, testInputs, testTargets);
var options = new TrainingOptions
{
    Epochs = 12, BatchSize = 32, Optimizer = Optimizer.Adam, LearningRate = 0.01,
    Schedule = LearningRateSchedule.Cosine(12, minimumFraction: 0.05), Seed = 1, Progress = progress,
};
var stopwatch = Stopwatch.StartNew();
var report = network.Train(trainInputs, trainTargets, options);
stopwatch.Stop();
Console.WriteLine();
double trainingMs = stopwatch.Elapsed.TotalMilliseconds - progress.Elapsed.TotalMilliseconds;
Console.WriteLine($"Trained {report.EpochLosses.Count} epochs in {trainingMs:F0} ms, plus {progress.Elapsed.TotalMilliseconds:F0} ms watching the test set for the curves ({report.Message})");

var confusion = new int[DigitsData.Classes, DigitsData.Classes];
var output = new float[DigitsData.Classes];
int correct = 0;
var testLabels = data.LabelsOf(testRows);
for (int s = 0; s < testRows.Length; s++)
{
    network.Forward(testInputs.AsSpan(s * DigitsData.Pixels, DigitsData.Pixels), output);
    int predicted = Array.IndexOf(output, output.Max());
    confusion[testLabels[s], predicted]++;
    if (predicted == testLabels[s]) correct++;
}

double accuracy = (double)correct / testRows.Length;
Console.WriteLine($"Test accuracy: {accuracy:P2} ({correct} of {testRows.Length})");
Console.WriteLine();
Console.WriteLine("Confusion matrix (rows: true digit, columns: predicted):");
Console.WriteLine("     " + string.Concat(Enumerable.Range(0, 10).Select(d => $"{d,4}")));
for (int digit = 0; digit < DigitsData.Classes; digit++)
    Console.WriteLine($"  {digit}: " + string.Concat(Enumerable.Range(0, 10).Select(p => $"{(confusion[digit, p] == 0 ? "." : confusion[digit, p].ToString()),4}")));

File.WriteAllText(chartPath, LossChart.Svg("DigitsNet: mean cross-entropy per epoch", ("training loss", "#1f77b4", report.EpochLosses), ("test loss", "#d62728", progress.TestLosses)));
Console.WriteLine();
Console.WriteLine($"Loss curves: {Path.GetFullPath(chartPath)}");
Console.WriteLine($"training_ms={trainingMs:F1} test_accuracy={accuracy:F4}");

string? Option(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

/// <summary>A live progress bar on one console line (one line per epoch when the output is redirected), with the test-set loss.</summary>
internal sealed class ProgressBar : IProgress<EpochReport>
{
    private readonly DigitsNet _network;
    private readonly float[] _inputs, _targets;
    private readonly float[] _output = new float[DigitsData.Classes];

    public ProgressBar(DigitsNet network, float[] inputs, float[] targets) => (_network, _inputs, _targets) = (network, inputs, targets);

    public System.Collections.Generic.List<double> TestLosses { get; } = new();

    /// <summary>Time spent here (evaluating the test set, drawing), which is not training.</summary>
    public TimeSpan Elapsed { get; private set; }

    public void Report(EpochReport report)
    {
        var started = Stopwatch.StartNew();
        int samples = _targets.Length / DigitsData.Classes, correct = 0;
        double loss = 0;
        for (int s = 0; s < samples; s++)
        {
            var input = _inputs.AsSpan(s * DigitsData.Pixels, DigitsData.Pixels);
            var target = _targets.AsSpan(s * DigitsData.Classes, DigitsData.Classes);
            loss += _network.ComputeLoss(input, target);
            _network.Forward(input, _output);
            if (target[Array.IndexOf(_output, _output.Max())] == 1) correct++;
        }
        TestLosses.Add(loss / samples);

        const int width = 30;
        int filled = report.Epoch * width / report.Epochs;
        string line = $"[{new string('█', filled)}{new string('░', width - filled)}] epoch {report.Epoch,2}/{report.Epochs}" +
                      $"  loss {report.Loss:F4}  test loss {loss / samples:F4}, accuracy {(double)correct / samples:P1}";
        Console.Write(Console.IsOutputRedirected ? line + Environment.NewLine : "\r" + line);
        Elapsed += started.Elapsed;
    }
}
