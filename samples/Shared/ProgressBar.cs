using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using NetGen;

namespace Samples.Shared;

/// <summary>
/// A live progress bar on one console line (one line per epoch when the output is redirected) that also measures the
/// test set after every epoch: its mean loss (for the curves) and the accuracy (the highest output against the one-hot target).
/// </summary>
internal sealed class ProgressBar : IProgress<EpochReport>
{
    private readonly IInferenceNetwork<float> _network;
    private readonly float[] _inputs, _targets;
    private readonly float[] _output;

    public ProgressBar(IInferenceNetwork<float> network, float[] inputs, float[] targets)
    {
        (_network, _inputs, _targets) = (network, inputs, targets);
        _output = new float[network.OutputSize];
    }

    /// <summary>The test set's mean loss after each epoch.</summary>
    public List<double> TestLosses { get; } = new();

    /// <summary>Time spent here (evaluating the test set, drawing), which is not training.</summary>
    public TimeSpan Elapsed { get; private set; }

    public void Report(EpochReport report)
    {
        var started = Stopwatch.StartNew();
        int inputSize = _network.InputSize, outputSize = _network.OutputSize;
        int samples = _targets.Length / outputSize, correct = 0;
        double loss = 0;
        for (int s = 0; s < samples; s++)
        {
            var input = _inputs.AsSpan(s * inputSize, inputSize);
            var target = _targets.AsSpan(s * outputSize, outputSize);
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
