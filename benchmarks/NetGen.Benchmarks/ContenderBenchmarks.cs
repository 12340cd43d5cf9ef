using System;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks;

/// <summary>NetGen's side of benchmarks/run.sh: Forward and one SGD training step on one sample, for nets S, M, L and XL.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
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

    /// <summary>64 random inputs and one-hot targets per net, cycled like the C++ and Python contenders do.</summary>
    private sealed class Runner<TNetwork> where TNetwork : INetwork<float>
    {
        private readonly TNetwork _network;
        private readonly float[][] _inputs, _targets;
        private readonly float[] _output;

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
        }

        public float Forward(int sample)
        {
            _network.Forward(_inputs[sample & 63], _output);
            return _output[0]; // consumed, so the work cannot be dropped
        }

        public float TrainStep(int sample) => _network.TrainStep(_inputs[sample & 63], _targets[sample & 63], 0.001f);
    }
}
