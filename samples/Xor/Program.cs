using System;
using NetGen;
using Samples.Xor;

// The four XOR cases, one row per sample.
float[] inputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
float[] targets = { 0, 1, 1, 0 };

var network = new XorNet();
var options = new TrainingOptions
{
    Epochs = 2000,
    BatchSize = 4,
    LearningRate = 0.5,
    Seed = 1,
    Progress = new ConsoleProgress(),
};

Console.WriteLine($"Training {nameof(XorNet)} ({XorNet.ParameterCount} parameters) on XOR...");
var report = network.Train(inputs, targets, options);
Console.WriteLine();
Console.WriteLine($"Trained {report.EpochLosses.Count} epochs in {report.Elapsed.TotalMilliseconds:F0} ms.");
Console.WriteLine();

Console.WriteLine(" x₀  x₁ | target | output");
Console.WriteLine("--------+--------+--------");
Span<float> output = stackalloc float[XorNet.OutputSize];
double totalLoss = 0;
for (int sample = 0; sample < 4; sample++)
{
    var input = inputs.AsSpan(sample * XorNet.InputSize, XorNet.InputSize);
    var target = targets.AsSpan(sample, XorNet.OutputSize);
    network.Forward(input, output);
    totalLoss += network.ComputeLoss(input, target);
    Console.WriteLine($" {input[0],2:0}  {input[1],2:0} | {target[0],6:0} | {output[0],6:F4}");
}

Console.WriteLine();
Console.WriteLine($"Final loss (mean binary cross-entropy): {totalLoss / 4:F5}");

/// <summary>Draws a progress bar on one console line, redrawn a few dozen times per run.</summary>
internal sealed class ConsoleProgress : IProgress<EpochReport>
{
    private const int BarWidth = 30;

    public void Report(EpochReport report)
    {
        if (report.Epoch % 50 != 0 && report.Epoch != report.Epochs) return;
        int filled = report.Epoch * BarWidth / report.Epochs;
        string bar = new string('█', filled) + new string('░', BarWidth - filled);
        string line = $"\r[{bar}] epoch {report.Epoch,5}/{report.Epochs}  loss {report.Loss:F5}";
        if (Console.IsOutputRedirected && report.Epoch != report.Epochs) line = line.TrimStart('\r') + Environment.NewLine;
        Console.Write(line);
    }
}
