using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Tests.Chaining;
using NetGen.Tests.Extremes;
using NetGen.Tests.Interop;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>
    /// ForwardBatch and BackwardBatch (tiles of samples, matrix-matrix) against the one-sample code they must agree with,
    /// on every layer kind, activation and loss the test networks hold; the same bits on any number of threads; nothing
    /// allocated per batch.
    /// </summary>
    [Collection(nameof(BatchTests))]
    public class BatchTests
    {
        /// <summary>37 samples: two whole tiles and a partial one.</summary>
        private const int Samples = 37;

        public static IEnumerable<object[]> FloatNetworks() => new Func<INetwork<float>>[]
        {
            () => new XorNet(), () => new ThreeClassNet(), () => new WideNet(), () => new FashionNet(), () => new LogisticNet(),
            () => new SoftmaxNet(), () => new WideSoftmaxNet(), () => new SoftplusNet(), () => new SeparableFloatNet(), () => new BiasFreeMlpNet(),
        }.Select(create => new object[] { new Named<INetwork<float>>(create) });

        public static IEnumerable<object[]> DoubleNetworks() => new Func<INetwork<double>>[]
        {
            () => new Seed001Net(), () => new SineNet(), () => new BarNet(), () => new EveryEnumNet(), () => new TorchMlpNet(),
            () => new SeluSoftmaxAB(), () => new WideAB(), () => new ConvClassifier(), () => new ConvEncoder(), () => new SmallAB(),
            () => new SeparableNet(), () => new CausalNet(), () => new BiasFreeDoubleNet(),
        }.Select(create => new object[] { new Named<INetwork<double>>(create) });

        [Theory]
        [MemberData(nameof(FloatNetworks))]
        public void Float_batches_agree_with_one_sample_code(Named<INetwork<float>> network) =>
            BatchesAgreeWithOneSampleCode(network.Create(), tolerance: 2e-5);

        [Theory]
        [MemberData(nameof(DoubleNetworks))]
        public void Double_batches_agree_with_one_sample_code(Named<INetwork<double>> network) =>
            BatchesAgreeWithOneSampleCode(network.Create(), tolerance: 1e-12);

        [Theory]
        [MemberData(nameof(FloatNetworks))]
        public void Float_batches_are_the_same_bits_on_any_number_of_threads(Named<INetwork<float>> network) =>
            SameBitsOnAnyNumberOfThreads(network.Create());

        [Theory]
        [MemberData(nameof(DoubleNetworks))]
        public void Double_batches_are_the_same_bits_on_any_number_of_threads(Named<INetwork<double>> network) =>
            SameBitsOnAnyNumberOfThreads(network.Create());

        [Fact]
        public void Train_gives_the_same_parameters_on_one_two_and_five_threads()
        {
            var data = Data<float>(new WideNet(), 200, seed: 3);
            float[]? first = null;
            foreach (int threads in new[] { 1, 2, 5 })
            {
                var network = new WideNet();
                var report = network.Train(data.Inputs, data.Targets, new TrainingOptions { Epochs = 3, BatchSize = 50, LearningRate = 0.05, Threads = threads });
                Assert.Equal(TrainingStop.Completed, report.Stop);
                var parameters = network.Parameters.ToArray();
                if (first is null) first = parameters;
                else Assert.True(first.SequenceEqual(parameters), $"Train with {threads} threads gave other parameters than with 1.");
            }
        }

        [Fact]
        public void A_batch_allocates_nothing_once_warm()
        {
            var network = new FashionNet();
            var (inputs, targets) = Data<float>(network, Samples, seed: 1);
            var outputs = new float[Samples * FashionNet.OutputSize];
            var gradient = new float[FashionNet.ParameterCount];
            foreach (int threads in new[] { 1, 2 })
            {
                for (int warmUp = 0; warmUp < 20; warmUp++)
                {
                    network.ForwardBatch(inputs, outputs, threads);
                    network.BackwardBatch(inputs, targets, gradient, threads);
                }
                // The calling thread: exactly nothing. The whole process (the workers too) can only be bounded: the test
                // runner allocates beside us now and then (CI once saw 140 kB in one round), so the fewest bytes of five
                // rounds are bounded. A worker allocating per call would show in every round as a FashionNet tile
                // workspace, over a megabyte each time.
                long fewestInProcess = long.MaxValue;
                for (int round = 0; round < 5; round++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread(), processBefore = GC.GetTotalAllocatedBytes(precise: true);
                    for (int call = 0; call < 10; call++)
                    {
                        network.ForwardBatch(inputs, outputs, threads);
                        network.BackwardBatch(inputs, targets, gradient, threads);
                    }
                    long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                    fewestInProcess = Math.Min(fewestInProcess, GC.GetTotalAllocatedBytes(precise: true) - processBefore);
                    Assert.True(allocated == 0, $"threads {threads}: {allocated} bytes on the calling thread");
                }
                Assert.True(fewestInProcess < 64 * 1024, $"threads {threads}: {fewestInProcess} bytes in the process in the quietest of five rounds");
            }
        }

        [Fact]
        public void Lengths_that_are_not_whole_samples_and_no_threads_are_refused()
        {
            var network = new XorNet();
            Assert.Throws<ArgumentException>(() => network.ForwardBatch(new float[5], new float[2]));
            Assert.Throws<ArgumentException>(() => network.ForwardBatch(new float[6], new float[2]));
            Assert.Throws<ArgumentException>(() => network.BackwardBatch(new float[6], new float[2], new float[XorNet.ParameterCount]));
            Assert.Throws<ArgumentException>(() => network.BackwardBatch(new float[6], new float[3], new float[4]));
            Assert.Throws<ArgumentOutOfRangeException>(() => network.ForwardBatch(new float[6], new float[3], threads: 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => network.BackwardBatch(new float[6], new float[3], new float[XorNet.ParameterCount], threads: 0));
            network.ForwardBatch(ReadOnlySpan<float>.Empty, Span<float>.Empty); // no samples: nothing to do
        }

        private static void BatchesAgreeWithOneSampleCode<T>(INetwork<T> network, double tolerance) where T : unmanaged
        {
            var (inputs, targets) = Data(network, Samples, seed: 7);
            int inputSize = network.InputSize, outputSize = network.OutputSize;
            var outputs = new T[Samples * outputSize];
            network.ForwardBatch(inputs, outputs);
            var output = new T[outputSize];
            var gradient = new T[network.ParameterCount];
            double loss = 0;
            for (int s = 0; s < Samples; s++)
            {
                network.Forward(inputs.AsSpan(s * inputSize, inputSize), output);
                AssertClose(output, outputs.AsSpan(s * outputSize, outputSize).ToArray(), tolerance, $"output of sample {s}");
                loss += Arithmetic.ToDouble(network.Backward(inputs.AsSpan(s * inputSize, inputSize), targets.AsSpan(s * outputSize, outputSize), gradient));
            }

            var batchGradient = new T[network.ParameterCount];
            double batchLoss = Arithmetic.ToDouble(network.BackwardBatch(inputs, targets, batchGradient));
            Assert.True(Math.Abs(batchLoss - loss) <= tolerance * Math.Max(1, Math.Abs(loss)), $"summed loss {batchLoss} vs {loss}");
            AssertClose(gradient, batchGradient, tolerance, "summed gradient");
        }

        private static void SameBitsOnAnyNumberOfThreads<T>(INetwork<T> network) where T : unmanaged
        {
            var (inputs, targets) = Data(network, 70, seed: 9);
            var reference = new T[70 * network.OutputSize];
            var referenceGradient = new T[network.ParameterCount];
            network.ForwardBatch(inputs, reference, threads: 1);
            T referenceLoss = network.BackwardBatch(inputs, targets, referenceGradient, threads: 1);
            foreach (int threads in new[] { 2, 3, 16 })
            {
                var outputs = new T[reference.Length];
                var gradient = new T[referenceGradient.Length];
                network.ForwardBatch(inputs, outputs, threads);
                T loss = network.BackwardBatch(inputs, targets, gradient, threads);
                Assert.True(reference.SequenceEqual(outputs), $"outputs on {threads} threads");
                Assert.True(referenceGradient.SequenceEqual(gradient), $"gradient on {threads} threads");
                Assert.Equal(referenceLoss, loss);
            }
        }

        private static void AssertClose<T>(T[] expected, T[] actual, double tolerance, string what) where T : unmanaged
        {
            for (int k = 0; k < expected.Length; k++)
            {
                double e = Arithmetic.ToDouble(expected[k]), a = Arithmetic.ToDouble(actual[k]);
                Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"{what}[{k}]: {a} instead of {e}");
            }
        }

        /// <summary>Inputs in [−1, 1] and one-hot targets (or values in [0, 1] for one output), from a seed.</summary>
        private static (T[] Inputs, T[] Targets) Data<T>(INetwork<T> network, int samples, int seed) where T : unmanaged
        {
            var random = new Random(seed);
            var inputs = Enumerable.Range(0, samples * network.InputSize).Select(_ => Arithmetic.FromDouble<T>(random.NextDouble() * 2 - 1)).ToArray();
            int outputs = network.OutputSize;
            var targets = new T[samples * outputs];
            for (int s = 0; s < samples; s++)
            {
                if (outputs == 1) targets[s] = Arithmetic.FromDouble<T>(random.Next(2));
                else targets[s * outputs + random.Next(outputs)] = Arithmetic.FromDouble<T>(1);
            }
            return (inputs, targets);
        }

        /// <summary>A network factory that xunit shows by the network's type name.</summary>
        public sealed class Named<TNetwork>(Func<TNetwork> create)
        {
            public TNetwork Create() => create();

            public override string ToString() => create()!.GetType().Name;
        }
    }

    /// <summary>BatchTests measure the whole process's allocations and use the shared worker threads: nothing runs beside them.</summary>
    [CollectionDefinition(nameof(BatchTests), DisableParallelization = true)]
    public sealed class BatchTestsCollection
    {
    }
}
