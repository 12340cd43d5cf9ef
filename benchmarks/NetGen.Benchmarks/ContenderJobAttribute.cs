using System;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace NetGen.Benchmarks;

/// <summary>
/// The job of the benchmarks that benchmarks/run.sh runs: 3 warm-up and 15 measured iterations. With NETGEN_BENCH_QUICK=1
/// (run.sh's smoke run, which checks that everything runs and renders, not the figures) it is 3 iterations of about 25 ms
/// after 10 warm-up ones (a quarter of a second, so that the JIT has tiered the hot methods up before the measurement);
/// the attribute rather than a --job option decides because a --job would add a job, not replace this one.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ContenderJobAttribute : Attribute, IConfigSource
{
    /// <summary>Whether NETGEN_BENCH_QUICK asks for a smoke run.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable("NETGEN_BENCH_QUICK") is { Length: > 0 } quick && quick != "0";

    /// <inheritdoc/>
    public IConfig Config { get; } = ManualConfig.CreateEmpty().AddJob(Quick
        ? Job.Default.WithWarmupCount(10).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(25))
        : Job.Default.WithWarmupCount(3).WithIterationCount(15));
}
