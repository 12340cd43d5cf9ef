using System;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// NetGen's side of issue 14 in benchmarks/run.sh, for nets S, M, L and XL over the same 1,024 random samples; every call
/// processes all 1,024 (report.py divides by them):
/// <c>forward32</c>: ForwardBatch in 32 calls of 32 samples; <c>forward1024</c>: one ForwardBatch call of 1,024;
/// <c>train32</c>: Train for one shuffled epoch in batches of 32, plain SGD. A suffix <c>_1</c> is one thread (the
/// overload without a thread count, <see cref="TrainingOptions.Threads"/> = 1), <c>_all</c> every core
/// (<see cref="Environment.ProcessorCount"/>). For issue 11's FashionNet: <c>forward</c>, one sample's Forward (cycling
/// 64 samples, like <see cref="ContenderBenchmarks"/>), and <c>forward32</c>; for issue 19's depthwise-separable block and
/// dilated causal Conv1D stack, <c>forward</c>. The memory diagnoser's bytes are per call.
/// </summary>
[MemoryDiagnoser]
[ContenderJob]
public class BatchBenchmarks
{
    /// <summary>Samples per benchmark call.</summary>
    public const int Samples = 1024;

    /// <summary>Samples per batch.</summary>
    public const int Batch = 32;

    private static readonly int AllCores = Environment.ProcessorCount;

    private readonly Batched<NetS> _s = new(new NetS());
    private readonly Batched<NetM> _m = new(new NetM());
    private readonly Batched<NetL> _l = new(new NetL());
    private readonly Batched<NetXL> _xl = new(new NetXL());
    private readonly Batched<NetFashion> _fashion = new(new NetFashion());
    private readonly Batched<NetSeparable> _separable = new(new NetSeparable());
    private readonly Batched<NetCausal> _causal = new(new NetCausal());
    private int _sample;

    [Benchmark] public float S_forward32_1() => _s.Forward(Batch, 1);
    [Benchmark] public float S_forward32_all() => _s.Forward(Batch, AllCores);
    [Benchmark] public float S_forward1024_1() => _s.Forward(Samples, 1);
    [Benchmark] public float S_forward1024_all() => _s.Forward(Samples, AllCores);
    [Benchmark] public double S_train32_1() => _s.TrainEpoch(1);
    [Benchmark] public double S_train32_all() => _s.TrainEpoch(AllCores);
    [Benchmark] public float M_forward32_1() => _m.Forward(Batch, 1);
    [Benchmark] public float M_forward32_all() => _m.Forward(Batch, AllCores);
    [Benchmark] public float M_forward1024_1() => _m.Forward(Samples, 1);
    [Benchmark] public float M_forward1024_all() => _m.Forward(Samples, AllCores);
    [Benchmark] public double M_train32_1() => _m.TrainEpoch(1);
    [Benchmark] public double M_train32_all() => _m.TrainEpoch(AllCores);
    [Benchmark] public float L_forward32_1() => _l.Forward(Batch, 1);
    [Benchmark] public float L_forward32_all() => _l.Forward(Batch, AllCores);
    [Benchmark] public float L_forward1024_1() => _l.Forward(Samples, 1);
    [Benchmark] public float L_forward1024_all() => _l.Forward(Samples, AllCores);
    [Benchmark] public double L_train32_1() => _l.TrainEpoch(1);
    [Benchmark] public double L_train32_all() => _l.TrainEpoch(AllCores);
    [Benchmark] public float XL_forward32_1() => _xl.Forward(Batch, 1);
    [Benchmark] public float XL_forward32_all() => _xl.Forward(Batch, AllCores);
    [Benchmark] public float XL_forward1024_1() => _xl.Forward(Samples, 1);
    [Benchmark] public float XL_forward1024_all() => _xl.Forward(Samples, AllCores);
    [Benchmark] public double XL_train32_1() => _xl.TrainEpoch(1);
    [Benchmark] public double XL_train32_all() => _xl.TrainEpoch(AllCores);
    [Benchmark] public float Fashion_forward() => _fashion.ForwardOne(_sample++);
    [Benchmark] public float Fashion_forward32_1() => _fashion.Forward(Batch, 1);
    [Benchmark] public float Fashion_forward32_all() => _fashion.Forward(Batch, AllCores);
    [Benchmark] public float Separable_forward() => _separable.ForwardOne(_sample++);
    [Benchmark] public float Causal_forward() => _causal.ForwardOne(_sample++);

    /// <summary>
    /// Prints, for S, M, L and XL at one thread and all cores, CSV lines NetGen,NET,train_bytes_call_T,B (bytes one
    /// <c>Train</c> call of one epoch allocates, its report included) and NetGen,NET,train_bytes_batch_T,B (bytes each
    /// further batch allocates: the difference between 9 epochs and 1, divided by the 256 batches between them; 0 when a
    /// call's allocations do not grow with its batches). The memory diagnoser sees only whole calls.
    /// </summary>
    public static void PrintTrainAllocations()
    {
        var benchmarks = new BatchBenchmarks();
        foreach (var (name, runner) in new (string, IAllocationProbe)[] { ("S", benchmarks._s), ("M", benchmarks._m), ("L", benchmarks._l), ("XL", benchmarks._xl) })
        {
            foreach (var (threads, suffix) in new[] { (1, "1"), (AllCores, "all") })
            {
                double oneEpoch = runner.BytesPerTrainCall(1, threads), nineEpochs = runner.BytesPerTrainCall(9, threads);
                Console.WriteLine(FormattableString.Invariant($"NetGen,{name},train_bytes_call_{suffix},{oneEpoch:F1}"));
                Console.WriteLine(FormattableString.Invariant($"NetGen,{name},train_bytes_batch_{suffix},{(nineEpochs - oneEpoch) / (8 * Samples / Batch):F2}"));
            }
        }
    }

    private interface IAllocationProbe
    {
        double BytesPerTrainCall(int epochs, int threads);
    }

    /// <summary>One network with 1,024 standard-normal inputs (N × InputSize, row-major) and one-hot targets.</summary>
    private sealed class Batched<TNetwork> : IAllocationProbe where TNetwork : INetwork<float>
    {
        private readonly TNetwork _network;
        private readonly float[] _inputs, _targets, _outputs;
        private readonly TrainingOptions _oneThread, _allCores;

        public Batched(TNetwork network)
        {
            _network = network;
            var random = new DeterministicRandom(1);
            _inputs = new float[Samples * network.InputSize];
            for (int i = 0; i < _inputs.Length; i++) _inputs[i] = (float)random.NextNormal();
            _targets = new float[Samples * network.OutputSize];
            for (int s = 0; s < Samples; s++)
            {
                // Net S: labels 0, 1, 0, 1, …; the softmax nets: class s mod OutputSize.
                if (network.OutputSize == 1) _targets[s] = s % 2;
                else _targets[s * network.OutputSize + s % network.OutputSize] = 1;
            }
            _outputs = new float[Samples * network.OutputSize];
            _oneThread = Epoch(1);
            _allCores = Epoch(AllCores);
        }

        private static TrainingOptions Epoch(int threads, int epochs = 1) =>
            new() { Epochs = epochs, BatchSize = Batch, LearningRate = 0.001, Optimizer = Optimizer.Sgd, Threads = threads };

        /// <summary>Bytes allocated on every thread per Train call, after 10 calls of warm-up, averaged over 5.</summary>
        public double BytesPerTrainCall(int epochs, int threads)
        {
            var options = Epoch(threads, epochs);
            for (int call = 0; call < 10; call++) _network.Train(_inputs, _targets, options);
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int call = 0; call < 5; call++) _network.Train(_inputs, _targets, options);
            return (GC.GetTotalAllocatedBytes(precise: true) - before) / 5.0;
        }

        /// <summary>ForwardBatch over all samples in calls of <paramref name="batch"/>; returns an output, so the work cannot be dropped.</summary>
        public float Forward(int batch, int threads)
        {
            int inputs = batch * _network.InputSize, outputs = batch * _network.OutputSize;
            for (int start = 0; start < Samples; start += batch)
            {
                var input = _inputs.AsSpan(start * _network.InputSize, inputs);
                var output = _outputs.AsSpan(start * _network.OutputSize, outputs);
                if (threads == 1) _network.ForwardBatch(input, output);
                else _network.ForwardBatch(input, output, threads);
            }
            return _outputs[0];
        }

        /// <summary>Forward of one of the first 64 samples.</summary>
        public float ForwardOne(int sample)
        {
            int offset = (sample & 63) * _network.InputSize;
            _network.Forward(_inputs.AsSpan(offset, _network.InputSize), _outputs.AsSpan(0, _network.OutputSize));
            return _outputs[0];
        }

        public double TrainEpoch(int threads) => _network.Train(_inputs, _targets, threads == 1 ? _oneThread : _allCores).FinalLoss;
    }
}
