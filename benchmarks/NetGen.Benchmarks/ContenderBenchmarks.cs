using System;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>
/// NetGen's side of benchmarks/run.sh, for nets S, M, L and XL: Forward, Backward and one SGD training step on one sample,
/// and minibatch training (Train: one shuffled epoch of 1,024 samples in batches of 32, plain SGD; timed per sample).
/// </summary>
[MemoryDiagnoser]
[ContenderJob]
public class ContenderBenchmarks
{
    private readonly Runner<NetS> _s = new(new NetS());
    private readonly Runner<NetM> _m = new(new NetM());
    private readonly Runner<NetL> _l = new(new NetL());
    private readonly Runner<NetXL> _xl = new(new NetXL());
    private int _sample;

    [Benchmark] public float S_forward() => _s.Forward(_sample++);
    [Benchmark] public float S_train_step() => _s.TrainStep(_sample++);
    [Benchmark] public float M_forward() => _m.Forward(_sample++);
    [Benchmark] public float M_train_step() => _m.TrainStep(_sample++);
    [Benchmark] public float L_forward() => _l.Forward(_sample++);
    [Benchmark] public float L_train_step() => _l.TrainStep(_sample++);
    [Benchmark] public float XL_forward() => _xl.Forward(_sample++);
    [Benchmark] public float XL_train_step() => _xl.TrainStep(_sample++);
    [Benchmark] public float S_backward() => _s.Backward(_sample++);
    [Benchmark] public float M_backward() => _m.Backward(_sample++);
    [Benchmark] public float L_backward() => _l.Backward(_sample++);
    [Benchmark] public float XL_backward() => _xl.Backward(_sample++);
    [Benchmark(OperationsPerInvoke = EpochSamples)] public double S_batch32() => _s.TrainEpoch();
    [Benchmark(OperationsPerInvoke = EpochSamples)] public double M_batch32() => _m.TrainEpoch();
    [Benchmark(OperationsPerInvoke = EpochSamples)] public double L_batch32() => _l.TrainEpoch();
    [Benchmark(OperationsPerInvoke = EpochSamples)] public double XL_batch32() => _xl.TrainEpoch();

    private const int EpochSamples = 1024;

    /// <summary>64 random inputs and one-hot targets per net, cycled like the C++ and Python contenders do.</summary>
    private sealed class Runner<TNetwork> where TNetwork : INetwork<float>
    {
        private readonly TNetwork _network;
        private readonly float[][] _inputs, _targets;
        private readonly float[] _output, _gradient;
        private readonly float[] _epochInputs, _epochTargets;
        private readonly TrainingOptions _epoch = new() { Epochs = 1, BatchSize = 32, LearningRate = 0.001, Optimizer = Optimizer.Sgd };

        public Runner(TNetwork network)
        {
            _network = network;
            var random = new DeterministicRandom(1);
            _inputs = new float[64][];
            _targets = new float[64][];
            for (int s = 0; s < 64; s++)
            {
                _inputs[s] = new float[network.InputSize];
                for (int i = 0; i < _inputs[s].Length; i++) _inputs[s][i] = (float)random.NextNormal();
                _targets[s] = new float[network.OutputSize];
                _targets[s][network.OutputSize == 1 ? 0 : s % network.OutputSize] = s % 2 == 0 || network.OutputSize > 1 ? 1 : 0;
            }
            _output = new float[network.OutputSize];
            _gradient = new float[network.ParameterCount];
            _epochInputs = new float[EpochSamples * network.InputSize];
            _epochTargets = new float[EpochSamples * network.OutputSize];
            for (int s = 0; s < EpochSamples; s++)
            {
                _inputs[s & 63].CopyTo(_epochInputs, s * network.InputSize);
                _targets[s & 63].CopyTo(_epochTargets, s * network.OutputSize);
            }
        }

        public float Forward(int sample)
        {
            _network.Forward(_inputs[sample & 63], _output);
            return _output[0]; // consumed, so the work cannot be dropped
        }

        public float TrainStep(int sample) => _network.TrainStep(_inputs[sample & 63], _targets[sample & 63], 0.001f);

        public float Backward(int sample)
        {
            if ((sample & 1023) == 0) Array.Clear(_gradient); // keeps the running sums of gradients far from overflow
            return _network.Backward(_inputs[sample & 63], _targets[sample & 63], _gradient);
        }

        public double TrainEpoch() => _network.Train(_epochInputs, _epochTargets, _epoch).FinalLoss;
    }
}
