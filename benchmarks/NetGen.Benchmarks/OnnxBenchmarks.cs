using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace NetGen.Benchmarks;

/// <summary>
/// ONNX Runtime's side of benchmarks/run.sh: Forward of one sample through the nets PyTorch exported (torch_bench.py onnx)
/// to $NETGEN_ONNX_DIR, on one thread, with input and output bound once so a call does no marshalling. ONNX Runtime's
/// .NET package infers only, so it has no training rows.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class OnnxBenchmarks
{
    private OnnxNet _s = null!, _m = null!, _l = null!, _xl = null!;
    private int _sample;

    [GlobalSetup]
    public void Setup()
    {
        string directory = Environment.GetEnvironmentVariable("NETGEN_ONNX_DIR")
            ?? throw new InvalidOperationException("Set NETGEN_ONNX_DIR to the folder of S.onnx … XL.onnx (benchmarks/run.sh does).");
        (_s, _m, _l, _xl) = (new(directory, "S", 2, 1), new(directory, "M", 16, 4), new(directory, "L", 64, 10), new(directory, "XL", 784, 10));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var net in new[] { _s, _m, _l, _xl }) net.Dispose();
    }

    [Benchmark] public float S_forward() => _s.Forward(_sample++);
    [Benchmark] public float M_forward() => _m.Forward(_sample++);
    [Benchmark] public float L_forward() => _l.Forward(_sample++);
    [Benchmark] public float XL_forward() => _xl.Forward(_sample++);

    /// <summary>One exported net with 64 random inputs, cycled like the other contenders do.</summary>
    public sealed class OnnxNet : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly RunOptions _runOptions = new();
        private readonly OrtIoBinding _binding;
        private readonly OrtValue _input, _output;
        private readonly float[] _inputBuffer, _outputBuffer;
        private readonly float[][] _inputs = new float[64][];

        public OnnxNet(string directory, string name, int inputSize, int outputSize)
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            _session = new InferenceSession(Path.Combine(directory, name + ".onnx"), options);
            (_inputBuffer, _outputBuffer) = (new float[inputSize], new float[outputSize]);
            _input = OrtValue.CreateTensorValueFromMemory(_inputBuffer, new long[] { 1, inputSize });
            _output = OrtValue.CreateTensorValueFromMemory(_outputBuffer, new long[] { 1, outputSize });
            _binding = _session.CreateIoBinding();
            _binding.BindInput("x", _input);
            _binding.BindOutput("y", _output);

            var random = new DeterministicRandom(1);
            for (int s = 0; s < 64; s++)
            {
                _inputs[s] = new float[inputSize];
                for (int i = 0; i < inputSize; i++) _inputs[s][i] = (float)random.NextNormal();
            }
        }

        public float Forward(int sample)
        {
            _inputs[sample & 63].CopyTo(_inputBuffer, 0);
            _session.RunWithBinding(_runOptions, _binding);
            return _outputBuffer[0]; // consumed, so the work cannot be dropped
        }

        public void Dispose()
        {
            _binding.Dispose();
            _input.Dispose();
            _output.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
        }
    }
}
