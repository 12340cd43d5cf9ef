using System.Linq;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// ONNX Runtime's side of issues 14 and 11 in benchmarks/run.sh, named like <see cref="BatchBenchmarks"/>: nets S, M, L,
/// XL and Fashion over 1,024 random samples as 32 runs of a [32, …] input (<c>forward32</c>), on one intra-op thread
/// (<c>_1</c>) and on every core (<c>_all</c>), and the one-sample Forward on one thread (<c>forward</c>) of Fashion and of
/// issue 19's Separable and Causal.
/// </summary>
[MemoryDiagnoser]
[ContenderJob]
public class OnnxBatchBenchmarks
{
    private static readonly string[] Nets = { "S", "M", "L", "XL", "Fashion" };
    private OnnxNet[] _oneThread = null!, _allCores = null!;
    private OnnxNet _fashion = null!, _separable = null!, _causal = null!;
    private int _sample;

    [GlobalSetup]
    public void Setup()
    {
        _oneThread = Nets.Select(name => Batched(name, 1)).ToArray();
        _allCores = Nets.Select(name => Batched(name, System.Environment.ProcessorCount)).ToArray();
        _fashion = OnnxBenchmarks.One("Fashion");
        _separable = OnnxBenchmarks.One("Separable");
        _causal = OnnxBenchmarks.One("Causal");
    }

    private static OnnxNet Batched(string name, int threads) =>
        new(OnnxBenchmarks.Directory, name, BatchBenchmarks.Samples, BatchBenchmarks.Batch, threads);

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var net in _oneThread.Concat(_allCores).Append(_fashion).Append(_separable).Append(_causal)) net.Dispose();
    }

    [Benchmark] public float S_forward32_1() => _oneThread[0].RunAll();
    [Benchmark] public float S_forward32_all() => _allCores[0].RunAll();
    [Benchmark] public float M_forward32_1() => _oneThread[1].RunAll();
    [Benchmark] public float M_forward32_all() => _allCores[1].RunAll();
    [Benchmark] public float L_forward32_1() => _oneThread[2].RunAll();
    [Benchmark] public float L_forward32_all() => _allCores[2].RunAll();
    [Benchmark] public float XL_forward32_1() => _oneThread[3].RunAll();
    [Benchmark] public float XL_forward32_all() => _allCores[3].RunAll();
    [Benchmark] public float Fashion_forward32_1() => _oneThread[4].RunAll();
    [Benchmark] public float Fashion_forward32_all() => _allCores[4].RunAll();
    [Benchmark] public float Fashion_forward() => _fashion.Run(_sample++);
    [Benchmark] public float Separable_forward() => _separable.Run(_sample++);
    [Benchmark] public float Causal_forward() => _causal.Run(_sample++);
}
