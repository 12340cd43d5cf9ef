using System;
using BenchmarkDotNet.Running;
using NetGen.Benchmarks;

// `first-onnx DIR NET`: ONNX Runtime's time to the first Forward (benchmarks/run.sh): load DIR/NET.onnx, run it once, print
// the first output. Anything else goes to BenchmarkDotNet.
if (args.Length == 3 && args[0] == "first-onnx")
{
    using var net = OnnxBenchmarks.One(args[2], args[1]);
    Console.WriteLine(net.Run(0));
    return;
}

// `train-alloc`: the bytes a Train call and each of its batches allocate (benchmarks/run.sh).
if (args is ["train-alloc"])
{
    BatchBenchmarks.PrintTrainAllocations();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(FrozenBenchmarks).Assembly).Run(args);
