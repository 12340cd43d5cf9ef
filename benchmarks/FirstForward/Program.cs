using System;
using System.Diagnostics;
using NetGen;
using NetGen.Benchmarks;

// `FirstForward S|M|L|XL`: prints the first output of a new network on an input of 0.5s, then the nanoseconds that
// creating the network (drawing its initial weights) and that first Forward took inside this process: the JIT's share
// of a cold start.
var stopwatch = Stopwatch.StartNew();
IInferenceNetwork<float> network = args[0] switch
{
    "S" => new NetS(),
    "M" => new NetM(),
    "L" => new NetL(),
    "XL" => new NetXL(),
    _ => throw new ArgumentException($"Unknown net {args[0]}; expected S, M, L or XL."),
};
Span<float> input = stackalloc float[network.InputSize];
Span<float> output = stackalloc float[network.OutputSize];
input.Fill(0.5f);
long created = (long)stopwatch.Elapsed.TotalNanoseconds;
stopwatch.Restart();
network.Forward(input, output);
long forward = (long)stopwatch.Elapsed.TotalNanoseconds;
Console.WriteLine(output[0]);
Console.WriteLine($"{created} {forward}");
