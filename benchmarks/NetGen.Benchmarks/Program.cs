using System;
using BenchmarkDotNet.Running;
using NetGen.Benchmarks;

// `first-onnx DIR NET`: ONNX Runtime's time to the first Forward (benchmarks/run.sh): load DIR/NET.onnx, run it once, print
// the first output. Anything else goes to BenchmarkDotNet.
if (args.Length == 3 && args[0] == "first-onnx")
{
    var (inputSize, outputSize) = args[2] switch { "S" => (2, 1), "M" => (16, 4), "L" => (64, 10), _ => (784, 10) };
    using var net = new OnnxBenchmarks.OnnxNet(args[1], args[2], inputSize, outputSize);
    Console.WriteLine(net.Forward(0));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(FrozenBenchmarks).Assembly).Run(args);
