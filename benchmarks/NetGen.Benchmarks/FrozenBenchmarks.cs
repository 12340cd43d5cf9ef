using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace NetGen.Benchmarks;

/// <summary>Forward of one sample: the frozen form (weights as constants in the code) against the trainable form.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FrozenBenchmarks
{
    private readonly SNet _s = new();
    private readonly FrozenSNet _frozenS = new();
    private readonly MNet _m = new();
    private readonly FrozenMNet _frozenM = new();
    private readonly float[] _sInput = { 0.3f, -0.7f }, _sOutput = new float[1];
    private readonly float[] _mInput = new float[16], _mOutput = new float[4];

    public FrozenBenchmarks()
    {
        for (int i = 0; i < _mInput.Length; i++) _mInput[i] = MathF.Sin(i);
    }

    [Benchmark(Baseline = true, Description = "S trainable"), BenchmarkCategory("S")]
    public float STrainable()
    {
        _s.Forward(_sInput, _sOutput);
        return _sOutput[0]; // consumed, so the work cannot be dropped
    }

    [Benchmark(Description = "S frozen"), BenchmarkCategory("S")]
    public float SFrozen()
    {
        _frozenS.Forward(_sInput, _sOutput);
        return _sOutput[0];
    }

    [Benchmark(Baseline = true, Description = "M trainable"), BenchmarkCategory("M")]
    public float MTrainable()
    {
        _m.Forward(_mInput, _mOutput);
        return _mOutput[0] + _mOutput[3];
    }

    [Benchmark(Description = "M frozen"), BenchmarkCategory("M")]
    public float MFrozen()
    {
        _frozenM.Forward(_mInput, _mOutput);
        return _mOutput[0] + _mOutput[3];
    }
}
