using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using NetGen;

// One time step of the two amp-model shapes issue 21 names (GRU(8) -> Dense(1) and LSTM(40) -> Dense(1), one input value,
// float), once per audio sample over one second at 48 kHz, on one thread: NetGen's Step with the state on the stack, ONNX
// Runtime on a one-step ONNX model of the same weights with its state bound in and out (no copies, no allocation per
// run), and PyTorch eager stepping nn.GRU/nn.LSTM (recurrent_models.py). Prints ns per step, the ratios and the largest
// output differences; best of 5 runs for NetGen and ONNX Runtime, one for PyTorch.
// Usage: benchmarks/recurrent.sh (or dotnet run -c Release --project benchmarks/Recurrent)
const int sampleRate = 48_000;
var audio = new float[sampleRate];
for (int n = 0; n < audio.Length; n++)
    audio[n] = (float)(0.8 * Math.Sin(2 * Math.PI * 110 * n / sampleRate) + 0.3 * Math.Sin(2 * Math.PI * 1234.5 * n / sampleRate));

string folder = Directory.CreateTempSubdirectory("netgen-recurrent-").FullName;
try
{
    File.WriteAllBytes(Path.Combine(folder, "input.f32"), MemoryMarshal.AsBytes(audio.AsSpan()).ToArray());
    var gru = new GruStepNet();
    var lstm = new LstmStepNet();
    File.WriteAllText(Path.Combine(folder, "gru.json"), StateDict.ToJson(gru));
    File.WriteAllText(Path.Combine(folder, "lstm.json"), StateDict.ToJson(lstm));
    var torch = RunPython(folder);

    Console.WriteLine("| one step, one thread, float | NetGen `Step` | ONNX Runtime 1.31.1 | PyTorch eager | ONNX Runtime / NetGen | PyTorch / NetGen | largest difference from NetGen (ORT, PyTorch) |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var (name, label, netgen) in new (string, string, Func<float[], float[], double>)[]
             {
                 ("gru", "GRU(8) → Dense(1)", (input, output) => Time(() => Stream(gru, GruStepNet.StateSize, input, output), input.Length)),
                 ("lstm", "LSTM(40) → Dense(1)", (input, output) => Time(() => Stream(lstm, LstmStepNet.StateSize, input, output), input.Length)),
             })
    {
        var netgenOutput = new float[audio.Length];
        double netgenNs = netgen(audio, netgenOutput);
        var (ortNs, ortOutput) = OnnxSteps(Path.Combine(folder, name + ".onnx"), audio, lstm: name == "lstm");
        var torchOutput = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(folder, name + ".torch.f32"))).ToArray();
        double torchNs = torch[name];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {netgenNs:F0} ns | {ortNs:F0} ns | {torchNs:F0} ns | {ortNs / netgenNs:F1}× | {torchNs / netgenNs:F0}× | {MaxDifference(ortOutput, netgenOutput):G2}, {MaxDifference(torchOutput, netgenOutput):G2} |"));
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}
return 0;

// One second of audio through a network's Step from the zero state.
static void Stream<TNet>(TNet network, int stateSize, float[] input, float[] output) where TNet : IRecurrentStep
{
    Span<float> state = stackalloc float[stateSize];
    for (int n = 0; n < input.Length; n++) network.Step(input.AsSpan(n, 1), state, output.AsSpan(n, 1));
}

// The best of five runs of work over `steps` steps, in ns per step, after one warm-up run.
static double Time(Action work, int steps)
{
    work();
    double best = double.MaxValue;
    for (int run = 0; run < 5; run++)
    {
        var stopwatch = Stopwatch.StartNew();
        work();
        best = Math.Min(best, stopwatch.Elapsed.TotalMilliseconds * 1e6 / steps);
    }
    return best;
}

// The one-step ONNX model in ONNX Runtime, one intra-op thread: two I/O bindings that swap the state buffers, so each run
// reads the state the last one wrote without a copy.
static (double NsPerStep, float[] Output) OnnxSteps(string model, float[] audio, bool lstm)
{
    using var options = new SessionOptions
    {
        IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };
    using var session = new InferenceSession(model, options);
    using var runOptions = new RunOptions();
    int hidden = (int)session.InputMetadata["h"].Dimensions[2];
    string[] states = lstm ? new[] { "h", "c" } : new[] { "h" };
    var x = new float[1];
    var y = new float[1];
    var buffers = new[] { new float[states.Length * hidden], new float[states.Length * hidden] };
    using var xValue = OrtValue.CreateTensorValueFromMemory(x, new long[] { 1, 1, 1 });
    using var yValue = OrtValue.CreateTensorValueFromMemory(y, new long[] { 1, 1 });
    var stateValues = buffers.Select(buffer => states.Select((_, k) =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(k * hidden, hidden), new long[] { 1, 1, hidden })).ToArray()).ToArray();
    var bindings = new OrtIoBinding[2];
    for (int b = 0; b < 2; b++)
    {
        bindings[b] = session.CreateIoBinding();
        bindings[b].BindInput("x", xValue);
        bindings[b].BindOutput("y", yValue);
        for (int k = 0; k < states.Length; k++)
        {
            bindings[b].BindInput(states[k], stateValues[b][k]);
            bindings[b].BindOutput(states[k] + "_out", stateValues[1 - b][k]);
        }
    }

    var output = new float[audio.Length];
    void Run()
    {
        Array.Clear(buffers[0]);
        for (int n = 0; n < audio.Length; n++)
        {
            x[0] = audio[n];
            session.RunWithBinding(runOptions, bindings[n & 1]);
            output[n] = y[0];
        }
    }
    double ns = Time(Run, audio.Length);
    foreach (var binding in bindings) binding.Dispose();
    foreach (var value in stateValues.SelectMany(values => values)) value.Dispose();
    return (ns, output);
}

// recurrent_models.py: the ONNX models and PyTorch's outputs into the folder; its ns per step by model.
static System.Collections.Generic.Dictionary<string, double> RunPython(string folder)
{
    var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "recurrent_models.py"), folder, "gru", "lstm" }) start.ArgumentList.Add(argument);
    using var process = Process.Start(start)!;
    var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException("recurrent_models.py failed: it needs Debian's python3-torch and python3-onnx.");
    foreach (string line in lines) Console.WriteLine(line);
    return lines.ToDictionary(line => line.Split(' ')[0],
        line => double.Parse(line.Split("torch_ns_per_step=")[1].Split(' ')[0], CultureInfo.InvariantCulture));
}

static double MaxDifference(float[] a, float[] b) => a.Zip(b, (p, q) => Math.Abs((double)p - q)).Max();

/// <summary>What the two generated classes share for streaming.</summary>
internal interface IRecurrentStep
{
    void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output);
}

[Network(Loss.MeanSquaredError, Seed = 3)]
[Input(1, Steps = 1)]
[GRU(8)]
[Dense(1)]
internal partial class GruStepNet : IRecurrentStep { }

[Network(Loss.MeanSquaredError, Seed = 4)]
[Input(1, Steps = 1)]
[LSTM(40)]
[Dense(1)]
internal partial class LstmStepNet : IRecurrentStep { }
