using System;
using System.Linq;
using System.Threading.Tasks;
using NetGen.Tests.Extremes;
using Xunit;

namespace NetGen.Tests
{
    public class ContractTests
    {
        [Fact]
        public void Every_network_reports_the_loss_it_was_declared_with()
        {
            Assert.Equal(Loss.BinaryCrossEntropy, ((IInferenceNetwork<float>)new XorNet()).Loss);
            Assert.Equal(Loss.MeanSquaredError, ((IInferenceNetwork<double>)new Seed001Net()).Loss);
            Assert.Equal(Loss.CategoricalCrossEntropy, ((IInferenceNetwork<float>)new FashionNet()).Loss);
        }

        [Fact]
        public void Loss_and_architecture_are_instance_properties_of_the_class_as_the_readme_lists_them()
        {
            var network = new XorNet();
            Assert.Equal(Loss.BinaryCrossEntropy, network.Loss);
            Assert.Equal("2 → Dense 4 Tanh → Dense 1 Sigmoid; BinaryCrossEntropy; float", network.Architecture);
            Assert.Equal(Loss.MeanSquaredError, new Seed001Net().Loss);
        }

        [Fact]
        public void Hot_paths_allocate_nothing_in_unrolled_and_looped_networks()
        {
            AssertNoAllocation(new XorNet(), 0.5f);
            AssertNoAllocation(new WideNet(), 0.01f);
            AssertNoAllocation(new Seed001Net(), 0.1);
            AssertNoAllocation(new BiasFreeMlpNet(), 0.01f);
            AssertNoAllocation(new BiasFreeDoubleNet(), 0.1);
        }

        [Fact]
        public void Hot_paths_of_image_networks_allocate_nothing_once_a_thread_has_its_workspace()
        {
            AssertNoAllocation(new FashionNet(), 0.001f);
            AssertNoAllocation(new BarNet(), 0.1);
            AssertNoAllocation(new SeparableNet(), 0.1);
            AssertNoAllocation(new CausalNet(), 0.1);
            AssertNoAllocation(new SeparableFloatNet(), 0.01f);
        }

        [Fact]
        public void Image_networks_run_on_many_threads_at_once_each_with_its_own_workspace()
        {
            var network = new FashionNet();
            var random = new DeterministicRandom(1);
            var inputs = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, FashionNet.InputSize).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
            var targets = inputs.Select((_, s) => Enumerable.Range(0, 10).Select(k => k == s % 10 ? 1f : 0f).ToArray()).ToArray();
            var expected = inputs.Select(input => { var o = new float[10]; network.Forward(input, o); return o; }).ToArray();
            var expectedGradients = inputs.Select((input, s) => { var g = new float[FashionNet.ParameterCount]; network.Backward(input, targets[s], g); return g; }).ToArray();

            Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
            {
                var output = new float[10];
                network.Forward(inputs[n % 16], output);
                Assert.Equal(expected[n % 16], output);
                var gradient = new float[FashionNet.ParameterCount];
                network.Backward(inputs[n % 16], targets[n % 16], gradient);
                Assert.Equal(expectedGradients[n % 16], gradient);
            });
        }

        private static long FewestBytesAllocated(Action action)
        {
            long fewest = long.MaxValue;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                action();
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return fewest;
        }

        [Fact]
        public void Train_allocates_the_same_whatever_the_number_of_samples()
        {
            var network = new XorNet();
            var options = new TrainingOptions { Epochs = 3, BatchSize = 4 };
            float[] smallInputs = new float[8], smallTargets = new float[4];
            float[] largeInputs = new float[2 * 4096], largeTargets = new float[4096];

            // Warm up: JIT and the array pool's buckets for both sizes.
            network.Train(smallInputs, smallTargets, options);
            network.Train(largeInputs, largeTargets, options);

            // The fewest bytes of three calls: a garbage collection from tests running alongside may trim the shared array
            // pool, and the next Rent then allocates once; per-sample allocations would show in every call.
            long small = FewestBytesAllocated(() => network.Train(smallInputs, smallTargets, options));
            long large = FewestBytesAllocated(() => network.Train(largeInputs, largeTargets, options));

            Assert.Equal(small, large);
            Assert.True(small < 1024, $"Train allocated {small} bytes");
        }

        [Fact]
        public void The_same_seed_gives_bit_identical_parameters_and_training()
        {
            Assert.Equal(new XorNet(42).Parameters.ToArray(), new XorNet(42).Parameters.ToArray());
            Assert.NotEqual(new XorNet(42).Parameters.ToArray(), new XorNet(43).Parameters.ToArray());
            Assert.Equal(new XorNet().Parameters.ToArray(), new XorNet(1).Parameters.ToArray()); // [Network(Seed = 1)]

            var (inputs, targets, _) = TrainingTests.ThreeBlobs(90, seed: 9);
            var options = new TrainingOptions { Epochs = 5, BatchSize = 7, Seed = 3 };
            var first = new ThreeClassNet();
            var second = new ThreeClassNet();
            var firstReport = first.Train(inputs, targets, options);
            var secondReport = second.Train(inputs, targets, options);
            Assert.Equal(first.Parameters.ToArray(), second.Parameters.ToArray());
            Assert.Equal(firstReport.EpochLosses, secondReport.EpochLosses);
        }

        [Fact]
        public void Initialisation_follows_the_declared_schemes()
        {
            var network = new EveryEnumNet();
            var p = network.Parameters;
            // Layer 2: 3 → 4, BiasInit 0.1; layer 3: 4 → 2, UniformSymmetric, biases 0.
            Assert.All(p.Slice(12, 4).ToArray(), b => Assert.Equal(0.1, b));
            Assert.All(p.Slice(16, 8).ToArray(), w => Assert.InRange(w, -1.0, 1.0));
            Assert.All(p.Slice(24, 2).ToArray(), b => Assert.Equal(0.0, b));
            Assert.Equal(26, EveryEnumNet.ParameterCount);
        }

        [Fact]
        public void Wrong_span_lengths_throw_ArgumentException_naming_the_parameter_and_length()
        {
            var network = new XorNet();
            var error = Assert.Throws<ArgumentException>(() => network.Forward(new float[3], new float[1]));
            Assert.Equal("input", error.ParamName);
            Assert.Contains("must have length 2 (InputSize)", error.Message);

            Assert.Equal("output", Assert.Throws<ArgumentException>(() => network.Forward(new float[2], new float[2])).ParamName);
            Assert.Equal("target", Assert.Throws<ArgumentException>(() => network.ComputeLoss(new float[2], new float[0])).ParamName);
            var gradientError = Assert.Throws<ArgumentException>(() => network.Backward(new float[2], new float[1], new float[16]));
            Assert.Equal("gradient", gradientError.ParamName);
            Assert.Contains("17 (ParameterCount)", gradientError.Message);
            Assert.Equal("inputGradient", Assert.Throws<ArgumentException>(
                () => network.Backward(new float[2], new float[1], new float[17], new float[1])).ParamName);
            Assert.Equal("input", Assert.Throws<ArgumentException>(() => network.TrainStep(new float[1], new float[1], 0.1f)).ParamName);
        }

        [Theory]
        [InlineData(1e4f)]
        [InlineData(-1e4f)]
        public void Extreme_inputs_give_finite_losses_and_gradients(float magnitude)
        {
            AssertFinite(new LogisticNet(), magnitude, new float[] { 0 });
            AssertFinite(new LogisticNet(), magnitude, new float[] { 1 });
            AssertFinite(new SoftmaxNet(), magnitude, new float[] { 0, 1, 0 });
            AssertFinite(new SoftmaxNet(), magnitude, new float[] { 1, 0, 0 });
            AssertFinite(new SoftplusNet(), magnitude, new float[] { 1 });
            AssertFinite(new WideSoftmaxNet(), magnitude, Enumerable.Range(0, 30).Select(k => k == 4 ? 1f : 0f).ToArray());
        }

        [Fact]
        public void Cross_entropy_from_the_logits_is_exact_far_into_saturation()
        {
            // One weight of 1 on the first input, z = 1e4: with y = 0 the loss is softplus(z) = z exactly.
            var network = new LogisticNet();
            network.Parameters.Clear();
            network.Parameters[0] = 1;
            Assert.Equal(1e4f, network.ComputeLoss(new float[] { 1e4f, 0 }, new float[] { 0 }));
            Assert.Equal(0f, network.ComputeLoss(new float[] { 1e4f, 0 }, new float[] { 1 }));
        }

        [Fact]
        public void Forward_and_ComputeLoss_can_run_on_many_threads_at_once()
        {
            var network = new WideNet();
            var inputs = Enumerable.Range(0, 64).Select(s => Enumerable.Range(0, 40).Select(i => (float)Math.Sin(s * 40 + i)).ToArray()).ToArray();
            var expected = inputs.Select(input => { var o = new float[30]; network.Forward(input, o); return o; }).ToArray();

            Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
            {
                var output = new float[30];
                network.Forward(inputs[n % 64], output);
                Assert.Equal(expected[n % 64], output);
            });
        }

        [Fact]
        public void Generated_networks_implement_the_runtime_contract()
        {
            INetwork<float> network = new XorNet();
            Assert.Equal(XorNet.InputSize, network.InputSize);
            Assert.Equal(XorNet.OutputSize, network.OutputSize);
            Assert.Equal(XorNet.ParameterCount, network.ParameterCount);
            Assert.Equal(XorNet.ParameterCount, network.Parameters.Length);
            Assert.Equal(4 * 2 + 4 + 1 * 4 + 1, XorNet.ParameterCount);
        }

        private static void AssertFinite<TNetwork>(TNetwork network, float magnitude, float[] target) where TNetwork : INetwork<float>
        {
            for (int k = 0; k < network.ParameterCount; k++) network.Parameters[k] = k % 2 == 0 ? 1 : -1;
            var input = Enumerable.Repeat(magnitude, network.InputSize).ToArray();
            var gradient = new float[network.ParameterCount];
            var inputGradient = new float[network.InputSize];
            float loss = network.Backward(input, target, gradient, inputGradient);

            Assert.True(float.IsFinite(loss), $"{typeof(TNetwork).Name}: loss {loss}");
            Assert.True(float.IsFinite(network.ComputeLoss(input, target)));
            Assert.All(gradient, g => Assert.True(float.IsFinite(g), $"{typeof(TNetwork).Name}: gradient {g}"));
            Assert.All(inputGradient, g => Assert.True(float.IsFinite(g), $"{typeof(TNetwork).Name}: input gradient {g}"));
        }

        private static void AssertNoAllocation<T>(INetwork<T> network, T learningRate) where T : unmanaged
        {
            var input = new T[network.InputSize];
            var target = new T[network.OutputSize];
            var output = new T[network.OutputSize];
            var gradient = new T[network.ParameterCount];
            var inputGradient = new T[network.InputSize];

            void RunAll()
            {
                network.Forward(input, output);
                network.ComputeLoss(input, target);
                network.Backward(input, target, gradient);
                network.Backward(input, target, gradient, inputGradient);
                network.TrainStep(input, target, learningRate);
            }

            RunAll(); // JIT
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int n = 0; n < 5000; n++) RunAll();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
