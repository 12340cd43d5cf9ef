using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using NetGen;
using Samples.Amp;
using Samples.Shared;

// Learns a guitar-distortion effect as amp and pedal captures do: AmpNet (a GRU of 8 units and a Dense) is trained on
// windows of a clean plucked-string signal and the same signal through a simulated diode clipper, then run with Step once
// per audio sample over 10 s of new notes at 48 kHz. Writes the clean, clipped and modelled audio as WAV files and a few
// milliseconds of each as a picture, prints the error-to-signal ratio and the real-time factor, and runs the same model
// step by step in PyTorch (amp_torch.py, the trained weights through the state_dict) for the same factor there.
// Usage: dotnet run -c Release --project samples/Amp [-- --epochs N] [--train-seconds S] [--out <dir>] [--no-torch]
const int sampleRate = 48_000;
const double drive = 1.5; // volts at the loudest pluck: well into the diodes' knee (about 0.5 V)
int epochs = CommandLine.Count(args, "--epochs") ?? 20;
int trainSeconds = CommandLine.Count(args, "--train-seconds") ?? 10;
string folder = CommandLine.Option(args, "--out") ?? CommandLine.OutputFolder;
Directory.CreateDirectory(folder);

// Training data: consecutive 64-sample windows of clean input and clipped target, sequence to sequence.
float[] trainClean = GuitarSignal.Pluck(trainSeconds, sampleRate, drive, seed: 1);
float[] trainClipped = DiodeClipper.Process(trainClean, sampleRate);
int windows = trainClean.Length / AmpNet.WindowLength;
float[] inputs = trainClean.AsSpan(0, windows * AmpNet.WindowLength).ToArray();
float[] targets = trainClipped.AsSpan(0, windows * AmpNet.WindowLength).ToArray();

// The test: 10 s of other notes, through the circuit and, sample by sample, through the network.
float[] testClean = GuitarSignal.Pluck(10, sampleRate, drive, seed: 2);
float[] testClipped = DiodeClipper.Process(testClean, sampleRate);

var network = new AmpNet();
Console.WriteLine($"AmpNet: {network.Architecture}; {AmpNet.ParameterCount} parameters, {AmpNet.StateSize} state values.");
double untrainedError = ErrorToSignal(Stream(network, testClean), testClipped);
Console.WriteLine($"Training on {trainSeconds} s of plucked notes ({windows} windows of {AmpNet.WindowLength} samples), {epochs} epochs …");
var stopwatch = Stopwatch.StartNew();
var report = network.Train(inputs, targets, new TrainingOptions
{
    Epochs = epochs, BatchSize = 32, Optimizer = Optimizer.Adam, LearningRate = 0.005, Seed = 1,
});
Console.WriteLine($"Trained in {stopwatch.Elapsed.TotalSeconds:F1} s: loss {report.EpochLosses[0]:G3} → {report.EpochLosses[^1]:G3} ({report.Message}).");

// Once per sample, as a plugin's audio callback runs it: the state is ours, the call allocates nothing.
Stream(network, testClean.AsSpan(0, sampleRate).ToArray()); // warm up
stopwatch.Restart();
float[] modelled = Stream(network, testClean);
double seconds = stopwatch.Elapsed.TotalSeconds;
double realTimeFactor = testClean.Length / (double)sampleRate / seconds;
double error = ErrorToSignal(modelled, testClipped);
double passThroughError = ErrorToSignal(testClean, testClipped);
Console.WriteLine($"Error-to-signal ratio on 10 s of new notes: {error:P2} (untrained {untrainedError:P1}; the clean signal itself {passThroughError:P1}).");
Console.WriteLine($"Step: 10 s of 48 kHz audio in {seconds * 1000:F0} ms, {1e9 * seconds / testClean.Length:F0} ns per sample: {realTimeFactor:F0}× real time, one thread.");

WavFile.Write(Path.Combine(folder, "amp-clean.wav"), testClean, sampleRate, drive);
WavFile.Write(Path.Combine(folder, "amp-clipper.wav"), testClipped, sampleRate, drive);
WavFile.Write(Path.Combine(folder, "amp-netgen.wav"), modelled, sampleRate, drive);
int loudest = Array.IndexOf(testClean, testClean.Max());
int excerptStart = Math.Max(0, Math.Min(loudest - 120, testClean.Length - 480));
File.WriteAllText(Path.Combine(folder, "amp-waveforms.svg"), Waveforms.Svg("10 ms around the loudest pluck", sampleRate,
    ("clean input", "#999999", testClean.AsSpan(excerptStart, 480).ToArray()),
    ("diode clipper", "#1f77b4", testClipped.AsSpan(excerptStart, 480).ToArray()),
    ("AmpNet", "#d62728", modelled.AsSpan(excerptStart, 480).ToArray())));
Console.WriteLine($"Wrote amp-clean.wav, amp-clipper.wav, amp-netgen.wav and amp-waveforms.svg to {Path.GetFullPath(folder)}.");

string summary = string.Create(CultureInfo.InvariantCulture, $"error_to_signal={error:F5} untrained_error_to_signal={untrainedError:F5} real_time_factor={realTimeFactor:F1}");
if (Array.IndexOf(args, "--no-torch") < 0)
{
    Console.WriteLine();
    Console.WriteLine("The same model in PyTorch (amp_torch.py), step by step on the first second of the test:");
    var torch = RunTwin(network, testClean.AsSpan(0, sampleRate).ToArray(), modelled.AsSpan(0, sampleRate).ToArray());
    if (torch is null)
    {
        Console.WriteLine(PythonTwin.Skipped);
    }
    else
    {
        Console.WriteLine();
        Console.WriteLine("|         | ns per sample | real-time factor |");
        Console.WriteLine("|---------|---------------|------------------|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| NetGen  | {1e9 / (realTimeFactor * sampleRate),13:F0} | {realTimeFactor,15:F0}× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| PyTorch | {1e9 / (torch["real_time_factor"] * sampleRate),13:F0} | {torch["real_time_factor"],15:F1}× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"NetGen / PyTorch: {realTimeFactor / torch["real_time_factor"]:F0}× (one thread each); largest output difference {torch["max_difference"]:G2}."));
        summary += string.Create(CultureInfo.InvariantCulture, $" torch_real_time_factor={torch["real_time_factor"]:F2} torch_max_difference={torch["max_difference"]:G3}");
    }
}
Console.WriteLine(summary);
return 0;

// Runs the network once per sample from the zero state, as an audio callback would.
static float[] Stream(AmpNet network, float[] input)
{
    var output = new float[input.Length];
    Span<float> state = stackalloc float[AmpNet.StateSize];
    for (int n = 0; n < input.Length; n++) network.Step(input.AsSpan(n, 1), state, output.AsSpan(n, 1));
    return output;
}

// Σ(y − ŷ)² / Σy²: the amp-modelling literature's error-to-signal ratio.
static double ErrorToSignal(float[] model, float[] target)
{
    double error = 0, energy = 0;
    for (int n = 0; n < target.Length; n++)
    {
        error += (target[n] - (double)model[n]) * (target[n] - (double)model[n]);
        energy += (double)target[n] * target[n];
    }
    return error / energy;
}

// Hands the twin the trained state_dict, one second of input and NetGen's output for it; its real-time factor and largest difference.
static Dictionary<string, double>? RunTwin(AmpNet network, float[] input, float[] output)
{
    string work = Path.Combine(Path.GetTempPath(), $"netgen-amp-{Guid.NewGuid():N}");
    Directory.CreateDirectory(work);
    try
    {
        File.WriteAllText(Path.Combine(work, "state_dict.json"), StateDict.ToJson(network));
        File.WriteAllBytes(Path.Combine(work, "input.f32"), MemoryMarshal.AsBytes(input.AsSpan()).ToArray());
        File.WriteAllBytes(Path.Combine(work, "netgen.f32"), MemoryMarshal.AsBytes(output.AsSpan()).ToArray());
        return PythonTwin.Run("amp_torch.py", new[] { work, sampleRate.ToString(CultureInfo.InvariantCulture) }, "real_time_factor=");
    }
    finally
    {
        Directory.Delete(work, recursive: true);
    }
}
