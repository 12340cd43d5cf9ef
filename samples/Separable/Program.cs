using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen;
using Samples.Fashion;
using Samples.Separable;
using Samples.Shared;

// Trains SeparableNet (a depthwise-separable classifier) on Fashion-MNIST, then, in the same run, its PyTorch twin
// (separable_torch.py) on the same images the same way, and prints both: seconds per epoch and test accuracy.
// Usage: dotnet run -c Release --project samples/Separable [-- --data <dir>] [--epochs N] [--train-limit N] [--test-limit N]
//        [--threads N] [--no-torch]
string dataDirectory = CommandLine.Option(args, "--data") ?? FashionMnist.DebianDirectory;
int epochs = CommandLine.Count(args, "--epochs") ?? 5;
int? trainLimit = CommandLine.Count(args, "--train-limit"), testLimit = CommandLine.Count(args, "--test-limit");
int threads = CommandLine.Count(args, "--threads") ?? 1;

FashionMnist train, test;
try
{
    train = FashionMnist.Load(dataDirectory, "train", trainLimit);
    test = FashionMnist.Load(dataDirectory, "t10k", testLimit);
}
catch (Exception exception) when (exception is FileNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(exception.Message);
    return 1;
}
Console.WriteLine($"Fashion-MNIST ({dataDirectory}): {train.Count} images to train, {test.Count} to test.");

var network = new SeparableNet();
Console.WriteLine($"SeparableNet: {network.Architecture}; {SeparableNet.ParameterCount} parameters.");
float[] trainTargets = TrainingData.OneHot<float>(train.Labels, FashionMnist.Classes);
float[] testTargets = TrainingData.OneHot<float>(test.Labels, FashionMnist.Classes);
var progress = new ProgressBar(network, test.Images, testTargets);
var options = new TrainingOptions
{
    Epochs = epochs, BatchSize = 32, Optimizer = Optimizer.Adam, LearningRate = 0.003, Seed = 1, Progress = progress, Threads = threads,
};
var stopwatch = Stopwatch.StartNew();
var report = network.Train(train.Images, trainTargets, options);
stopwatch.Stop();
Console.WriteLine();
// The progress bar's passes over the test set are not training: they are timed apart and left out, as PyTorch's are.
double secondsPerEpoch = (stopwatch.Elapsed.TotalSeconds - progress.Elapsed.TotalSeconds) / report.EpochLosses.Count;
var confusion = ConfusionMatrix.Measure(network, test.Images, test.Labels);
Console.WriteLine($"NetGen: {secondsPerEpoch:F2} s per epoch, test accuracy {confusion.Accuracy:P2} ({report.Message})");
Console.WriteLine("Confusion matrix (rows: true class, columns: predicted):");
confusion.Print(FashionMnist.ClassNames);

string summary = string.Create(CultureInfo.InvariantCulture, $"seconds_per_epoch={secondsPerEpoch:F3} test_accuracy={confusion.Accuracy:F4}");
if (Array.IndexOf(args, "--no-torch") < 0)
{
    Console.WriteLine();
    Console.WriteLine("The same network in PyTorch (separable_torch.py), on the same images:");
    var twinArguments = new List<string> { "--data", dataDirectory, "--epochs", Text(epochs), "--threads", Text(threads) };
    if (trainLimit is int trainCount) twinArguments.AddRange(new[] { "--train-limit", Text(trainCount) });
    if (testLimit is int testCount) twinArguments.AddRange(new[] { "--test-limit", Text(testCount) });
    var torch = PythonTwin.Run("separable_torch.py", twinArguments, "seconds_per_epoch=");
    if (torch is null)
    {
        Console.WriteLine(PythonTwin.Skipped);
    }
    else
    {
        Console.WriteLine();
        Console.WriteLine("|         | seconds per epoch | test accuracy |");
        Console.WriteLine("|---------|-------------------|---------------|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| NetGen  | {secondsPerEpoch,17:F2} | {confusion.Accuracy,13:P2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| PyTorch | {torch["seconds_per_epoch"],17:F2} | {torch["test_accuracy"],13:P2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PyTorch time / NetGen time: {torch["seconds_per_epoch"] / secondsPerEpoch:F2}× ({threads} thread(s) each)"));
        summary += string.Create(CultureInfo.InvariantCulture, $" torch_seconds_per_epoch={torch["seconds_per_epoch"]:F3} torch_test_accuracy={torch["test_accuracy"]:F4}");
    }
}
Console.WriteLine(summary);
return 0;

static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
