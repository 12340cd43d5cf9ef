using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(NetGen.Benchmarks.FrozenBenchmarks).Assembly).Run(args);
