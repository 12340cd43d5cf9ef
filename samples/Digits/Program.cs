using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NetGen;
using Samples.Digits;
using Samples.Shared;

// Usage: dotnet run --project samples/Digits [-- --chart <file.svg>] [--export-split <file.json>]
string chartPath = CommandLine.Option(args, "--chart") ?? Path.Combine(CommandLine.OutputFolder, "digits-loss.svg");
string? splitPath = CommandLine.Option(args, "--export-split");

var data = DigitsData.Load(Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv.gz"));
var (trainRows, testRows) = data.StratifiedSplit(testFraction: 0.25, seed: 0);
Console.WriteLine($"UCI digits: {data.Count} images; stratified split: {trainRows.Length} to train, {testRows.Length} to test.");
if (splitPath is not null)
    File.WriteAllText(splitPath, $"{{\"train\": [{string.Join(",", trainRows)}], \"test\": [{string.Join(",", testRows)}]}}");

float[] trainInputs = data.PixelsOf(trainRows), testInputs = data.PixelsOf(testRows);
var standardizer = Standardizer.Fit<float>(trainInputs, DigitsData.Pixels);   // statistics of the training data only
standardizer.Transform<float>(trainInputs);
standardizer.Transform<float>(testInputs);
float[] trainTargets = TrainingData.OneHot<float>(data.LabelsOf(trainRows), DigitsData.Classes);

float[] testTargets = TrainingData.OneHot<float>(data.LabelsOf(testRows), DigitsData.Classes);

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

var testLabels = data.LabelsOf(testRows);
var confusion = ConfusionMatrix.Measure(network, testInputs, testLabels);
double accuracy = confusion.Accuracy;
Console.WriteLine($"Test accuracy: {accuracy:P2} ({confusion.Correct} of {testRows.Length})");
Console.WriteLine();
Console.WriteLine("Confusion matrix (rows: true digit, columns: predicted):");
confusion.Print(Enumerable.Range(0, DigitsData.Classes).Select(d => d.ToString()).ToArray());

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(chartPath))!);
File.WriteAllText(chartPath, LossChart.Svg("DigitsNet: mean cross-entropy per epoch", ("training loss", "#1f77b4", report.EpochLosses), ("test loss", "#d62728", progress.TestLosses)));
Console.WriteLine();
Console.WriteLine($"Loss curves: {Path.GetFullPath(chartPath)}");
Console.WriteLine($"training_ms={trainingMs:F1} test_accuracy={accuracy:F4}");
