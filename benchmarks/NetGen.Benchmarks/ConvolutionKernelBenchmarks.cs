using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.GeneratedCode;

namespace NetGen.Benchmarks;

/// <summary>
/// The image-layer kernels, float, on the Fashion-MNIST network's layers: Conv2D 1×28×28 → 8×26×26 (k 3), MaxPool2D 2 →
/// 8×13×13, Conv2D → 16×13×13 (k 3, padding 1), AvgPool2D 2 → 16×6×6. docs/benchmarks.md, "Convolution kernels", has the
/// command and the figures.
/// </summary>
[MemoryDiagnoser]
[MinColumn] // on a shared machine the fastest iteration is the one least disturbed by other processes
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ConvolutionKernelBenchmarks
{
    private static readonly Conv2DShape Conv1 = new(1, 28, 28, 8, 3, 1, 0), Conv2 = new(8, 13, 13, 16, 3, 1, 1);
    private static readonly Pool2DShape MaxPool = new(8, 26, 26, 2, 2), AvgPool = new(16, 13, 13, 2, 2);

    private readonly Buffers _conv1 = new(Conv1), _conv2 = new(Conv2);
    private readonly float[] _maxInput = Filled(MaxPool.InputLength), _maxOutput = Filled(MaxPool.OutputLength), _maxGradient = new float[MaxPool.InputLength];
    private readonly float[] _avgInput = Filled(AvgPool.InputLength), _avgOutput = Filled(AvgPool.OutputLength), _avgGradient = new float[AvgPool.InputLength];

    private sealed class Buffers(Conv2DShape shape)
    {
        public readonly float[] Input = Filled(shape.InputLength), Weights = Filled(shape.WeightLength), Bias = Filled(shape.Filters);
        public readonly float[] Output = Filled(shape.OutputLength), InputGradient = new float[shape.InputLength];
        public readonly float[] WeightGradient = new float[shape.WeightLength], BiasGradient = new float[shape.Filters];
    }

    private static float[] Filled(int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = MathF.Sin(0.7f * i);
        return values;
    }

    [Benchmark(Description = "Conv2D 1×28×28 → 8×26×26"), BenchmarkCategory("Conv1")]
    public float Conv1Forward()
    {
        NetMath.Conv2D(_conv1.Input, _conv1.Weights, _conv1.Bias, _conv1.Output, Conv1);
        return _conv1.Output[0]; // consumed, so the work cannot be dropped
    }

    [Benchmark(Description = "Conv2D 1×28×28 backward input"), BenchmarkCategory("Conv1")]
    public float Conv1BackwardInput()
    {
        NetMath.Conv2DBackwardInput(_conv1.Output, _conv1.Weights, _conv1.InputGradient, Conv1);
        return _conv1.InputGradient[0];
    }

    [Benchmark(Description = "Conv2D 1×28×28 weight gradient"), BenchmarkCategory("Conv1")]
    public float Conv1WeightGradient()
    {
        NetMath.Conv2DAddWeightGradient(_conv1.Input, _conv1.Output, 1e-9f, _conv1.WeightGradient, _conv1.BiasGradient, Conv1);
        return _conv1.WeightGradient[0];
    }

    [Benchmark(Description = "Conv2D 8×13×13 → 16×13×13 p1"), BenchmarkCategory("Conv2")]
    public float Conv2Forward()
    {
        NetMath.Conv2D(_conv2.Input, _conv2.Weights, _conv2.Bias, _conv2.Output, Conv2);
        return _conv2.Output[0];
    }

    [Benchmark(Description = "Conv2D 8×13×13 backward input"), BenchmarkCategory("Conv2")]
    public float Conv2BackwardInput()
    {
        NetMath.Conv2DBackwardInput(_conv2.Output, _conv2.Weights, _conv2.InputGradient, Conv2);
        return _conv2.InputGradient[0];
    }

    [Benchmark(Description = "Conv2D 8×13×13 weight gradient"), BenchmarkCategory("Conv2")]
    public float Conv2WeightGradient()
    {
        NetMath.Conv2DAddWeightGradient(_conv2.Input, _conv2.Output, 1e-9f, _conv2.WeightGradient, _conv2.BiasGradient, Conv2);
        return _conv2.WeightGradient[0];
    }

    [Benchmark(Description = "MaxPool2D 8×26×26 → 8×13×13"), BenchmarkCategory("Pool")]
    public float MaxPoolForward()
    {
        NetMath.MaxPool2D(_maxInput, _maxOutput, MaxPool);
        return _maxOutput[0];
    }

    [Benchmark(Description = "MaxPool2D 8×26×26 backward"), BenchmarkCategory("Pool")]
    public float MaxPoolBackward()
    {
        NetMath.MaxPool2DBackward(_maxInput, _maxOutput, _maxGradient, MaxPool);
        return _maxGradient[0];
    }

    [Benchmark(Description = "AvgPool2D 16×13×13 → 16×6×6"), BenchmarkCategory("Pool")]
    public float AvgPoolForward()
    {
        NetMath.AvgPool2D(_avgInput, _avgOutput, AvgPool);
        return _avgOutput[0];
    }

    [Benchmark(Description = "AvgPool2D 16×13×13 backward"), BenchmarkCategory("Pool")]
    public float AvgPoolBackward()
    {
        NetMath.AvgPool2DBackward(_avgOutput, _avgGradient, AvgPool);
        return _avgGradient[0];
    }
}
