using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen;
using Samples.Fashion;
using Samples.Shared;

// Usage: dotnet run -c Release --project samples/Fashion [-- --data <dir>] [--epochs N] [--train-limit N] [--test-limit N] [--out <dir>] [--threads N]
//        [--tutorial]   (TutorialNet, PyTorch's MNIST example trained with Adadelta, instead of FashionNet with Adam)
//        [--sequence]   (SequenceNet, PyTorch's sequence-MNIST example: the rows as 28 steps into an LSTM)
//        [--start-from <state_dict.json>]   (initial weights, e.g. the PyTorch twin's from compare_torch.py --save-start)
string dataDirectory = CommandLine.Option(args, "--data") ?? FashionMnist.DebianDirectory;
string outDirectory = CommandLine.Option(args, "--out") ?? CommandLine.OutputFolder;
int epochs = CommandLine.Count(args, "--epochs") ?? 5;
int? trainLimit = CommandLine.Count(args, "--train-limit"), testLimit = CommandLine.Count(args, "--test-limit");
int threads = CommandLine.Count(args, "--threads") ?? 1; // the same weights for any count, only faster
bool tutorial = args.Contains("--tutorial"), sequence = args.Contains("--sequence");

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

float[] trainTargets = TrainingData.OneHot<float>(train.Labels, FashionMnist.Classes);
float[] testTargets = TrainingData.OneHot<float>(test.Labels, FashionMnist.Classes);

// FashionNet: Adam, batch 32. TutorialNet: as PyTorch's MNIST example, Adadelta with lr 1.0 (ρ 0.9, ε 1e-6: torch's
// defaults) on batches of 64 (the example's StepLR decay of the rate is left out). SequenceNet: as PyTorch's
// sequence-MNIST example, Adadelta with lr 0.1 on batches of 64, the rate × 0.7 after every epoch (its StepLR).
INetwork<float> network = sequence ? new SequenceNet() : tutorial ? new TutorialNet() : new FashionNet();
string name = sequence ? nameof(SequenceNet) : tutorial ? nameof(TutorialNet) : nameof(FashionNet);
Console.WriteLine($"{name}: {network.Architecture}; {network.ParameterCount} parameters.");
if (CommandLine.Option(args, "--start-from") is string startPath)
{
    // The same start as the PyTorch twin, so that what differs between the two runs is only the order of the samples and
    // the dropout masks, not the initial weights.
    try
    {
        StateDict.FromJson(network, File.ReadAllText(startPath));
    }
    catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"--start-from {startPath}: {exception.Message}");
        return 1;
    }
    Console.WriteLine($"Initial weights from {startPath}.");
}
// The test set is only watched (loss and accuracy per epoch, for the curves), never trained on or used to stop.
var progress = new ProgressBar(network, test.Images, testTargets);
var options = new TrainingOptions
{
    Epochs = epochs, BatchSize = tutorial || sequence ? 64 : 32, Optimizer = tutorial || sequence ? Optimizer.Adadelta : Optimizer.Adam,
    LearningRate = sequence ? 0.1 : tutorial ? 1.0 : 0.001, Schedule = sequence ? LearningRateSchedule.StepDecay(1, 0.7) : LearningRateSchedule.Constant,
    Seed = 1, Progress = progress, Threads = threads,
};
var stopwatch = Stopwatch.StartNew();
var report = network.Train(train.Images, trainTargets, options);
stopwatch.Stop();
Console.WriteLine();
double trainingSeconds = stopwatch.Elapsed.TotalSeconds - progress.Elapsed.TotalSeconds;
double secondsPerEpoch = trainingSeconds / report.EpochLosses.Count;
Console.WriteLine($"Trained {report.EpochLosses.Count} epochs in {trainingSeconds:F1} s ({secondsPerEpoch:F2} s per epoch), " +
                  $"plus {progress.Elapsed.TotalSeconds:F1} s watching the test set for the curves ({report.Message})");

var confusion = ConfusionMatrix.Measure(network, test.Images, test.Labels);
Console.WriteLine($"Test accuracy: {confusion.Accuracy:P2} ({confusion.Correct} of {test.Count})");
Console.WriteLine();
Console.WriteLine("Confusion matrix (rows: true class, columns: predicted):");
confusion.Print(FashionMnist.ClassNames);

Directory.CreateDirectory(outDirectory);
string lossPath = Path.Combine(outDirectory, "fashion-loss.svg");
File.WriteAllText(lossPath, LossChart.Svg($"{name}: mean {(tutorial || sequence ? "negative log-likelihood" : "cross-entropy")} per epoch",
    ("training loss", "#1f77b4", report.EpochLosses), ("test loss", "#d62728", progress.TestLosses)));
var misclassified = Enumerable.Range(0, test.Count).Where(s => confusion.Predictions[s] != test.Labels[s]).Take(16).ToArray();
string galleryPath = Path.Combine(outDirectory, "fashion-misclassified.svg");
File.WriteAllText(galleryPath, MisclassifiedGallery.Svg(test.Images, test.Labels, confusion.Predictions, misclassified));
Console.WriteLine();
Console.WriteLine($"Loss curves: {Path.GetFullPath(lossPath)}");
Console.WriteLine($"{misclassified.Length} misclassified test images: {Path.GetFullPath(galleryPath)}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seconds_per_epoch={secondsPerEpoch:F3} test_accuracy={confusion.Accuracy:F4}"));
return 0;
