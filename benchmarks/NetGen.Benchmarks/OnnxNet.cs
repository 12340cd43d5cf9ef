using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.OnnxRuntime;

namespace NetGen.Benchmarks;

/// <summary>
/// One net PyTorch exported with a dynamic batch axis (torch_bench.py onnx), loaded into ONNX Runtime with its random
/// samples and one I/O binding per batch of them, bound once, so a run does no marshalling and no copying.
/// </summary>
public sealed class OnnxNet : IDisposable
{
    /// <summary>The shape of one sample and the output size of each exported net.</summary>
    public static readonly IReadOnlyDictionary<string, (long[] Sample, int Outputs)> Shapes = new Dictionary<string, (long[], int)>
    {
        ["S"] = (new long[] { 2 }, 1),
        ["M"] = (new long[] { 16 }, 4),
        ["L"] = (new long[] { 64 }, 10),
        ["XL"] = (new long[] { 784 }, 10),
        ["Fashion"] = (new long[] { 1, 28, 28 }, 10),
        ["Separable"] = (new long[] { 16, 24, 24 }, 32 * 24 * 24),
        ["Causal"] = (new long[] { 8, 128 }, 16 * 128),
    };

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue[] _inputs, _outputs;
    private readonly OrtIoBinding[] _bindings;
    private readonly float[] _outputBuffer;

    /// <summary>
    /// Loads <paramref name="directory"/>/<paramref name="name"/>.onnx on <paramref name="threads"/> intra-op threads with
    /// <paramref name="samples"/> standard-normal samples, run <paramref name="batch"/> at a time.
    /// </summary>
    public OnnxNet(string directory, string name, int samples, int batch, int threads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(Path.Combine(directory, name + ".onnx"), options);
        var (sample, outputs) = Shapes[name];
        int sampleSize = 1;
        foreach (long dimension in sample) sampleSize *= (int)dimension;
        var inputBuffer = new float[samples * sampleSize];
        var random = new DeterministicRandom(1);
        for (int i = 0; i < inputBuffer.Length; i++) inputBuffer[i] = (float)random.NextNormal();
        _outputBuffer = new float[samples * outputs];

        long[] inputShape = [batch, .. sample], outputShape = [batch, outputs];
        Batches = samples / batch;
        (_inputs, _outputs, _bindings) = (new OrtValue[Batches], new OrtValue[Batches], new OrtIoBinding[Batches]);
        for (int b = 0; b < Batches; b++)
        {
            _inputs[b] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                inputBuffer.AsMemory(b * batch * sampleSize, batch * sampleSize), inputShape);
            _outputs[b] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                _outputBuffer.AsMemory(b * batch * outputs, batch * outputs), outputShape);
            _bindings[b] = _session.CreateIoBinding();
            _bindings[b].BindInput("x", _inputs[b]);
            _bindings[b].BindOutput("y", _outputs[b]);
        }
    }

    /// <summary>How many batches the samples make.</summary>
    public int Batches { get; }

    /// <summary>Runs batch <paramref name="index"/> modulo <see cref="Batches"/>; returns its first output, so the work cannot be dropped.</summary>
    public float Run(int index)
    {
        int batch = index % Batches;
        _session.RunWithBinding(_runOptions, _bindings[batch]);
        return _outputBuffer[batch * (_outputBuffer.Length / Batches)];
    }

    /// <summary>Runs every batch once: one pass over all samples.</summary>
    public float RunAll()
    {
        for (int b = 0; b < Batches; b++) _session.RunWithBinding(_runOptions, _bindings[b]);
        return _outputBuffer[0];
    }

    public void Dispose()
    {
        foreach (var binding in _bindings) binding.Dispose();
        foreach (var value in _inputs) value.Dispose();
        foreach (var value in _outputs) value.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
