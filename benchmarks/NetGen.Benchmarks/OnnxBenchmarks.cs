using System;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// ONNX Runtime's side of benchmarks/run.sh: Forward of one sample through the nets PyTorch exported (torch_bench.py onnx)
/// to $NETGEN_ONNX_DIR, on one thread, cycling 64 random samples like the other contenders do. ONNX Runtime's .NET
/// package infers only, so it has no training rows.
/// </summary>
[MemoryDiagnoser]
[ContenderJob]
public class OnnxBenchmarks
{
    private OnnxNet _s = null!, _m = null!, _l = null!, _xl = null!;
    private int _sample;

    /// <summary>The folder run.sh exported the nets to.</summary>
    public static string Directory => Environment.GetEnvironmentVariable("NETGEN_ONNX_DIR")
        ?? throw new InvalidOperationException("Set NETGEN_ONNX_DIR to the folder of S.onnx … XL.onnx (benchmarks/run.sh does).");

    [GlobalSetup]
    public void Setup() => (_s, _m, _l, _xl) = (One("S"), One("M"), One("L"), One("XL"));

    /// <summary>A net that runs one of 64 samples at a time, on one thread.</summary>
    public static OnnxNet One(string name, string? directory = null) => new(directory ?? Directory, name, samples: 64, batch: 1, threads: 1);

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var net in new[] { _s, _m, _l, _xl }) net.Dispose();
    }

    [Benchmark] public float S_forward() => _s.Run(_sample++);
    [Benchmark] public float M_forward() => _m.Run(_sample++);
    [Benchmark] public float L_forward() => _l.Run(_sample++);
    [Benchmark] public float XL_forward() => _xl.Run(_sample++);
}
