using System;
using System.Linq;
using NetGen.GeneratedCode;
using Xunit;

namespace NetGen.Tests
{
    [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 4)]
    [Input(6)]
    [Dropout(0.4)]
    [Dense(1)]
    public partial class DroppedInputNet
    {
    }

    [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double, Seed = 2)]
    [Input(5)]
    [Dense(12, Activation.Tanh)]
    [Dropout(0.3)]
    [Dense(1, Activation.Sigmoid)]
    public partial class DropoutNet
    {
    }

    /// <summary>DropoutNet without its dropout: the same parameters in the same places.</summary>
    [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double, Seed = 2)]
    [Input(5)]
    [Dense(12, Activation.Tanh)]
    [Dense(1, Activation.Sigmoid)]
    public partial class WithoutDropoutNet
    {
    }

    /// <summary>Dropout on a map, unrolled next to small layers and looped next to wide ones, in float.</summary>
    [Network(Loss.CategoricalCrossEntropy, Seed = 6)]
    [Input(1, 6, 6)]
    [Conv2D(3, 3, Activation.ReLU)]
    [Dropout(0.25)]
    [Dense(40, Activation.ReLU)]
    [Dropout(0.5)]
    [Dense(3, Activation.Softmax)]
    public partial class DropoutMapNet
    {
    }

    /// <summary>
    /// [Dropout] as nn.Dropout: the identity in inference mode; in training mode (TrainStep, BackwardBatch, Train) inverted
    /// dropout with masks keyed by the seed, the step and the sample's position, so runs repeat on any number of threads.
    /// </summary>
    public class DropoutTests
    {
        [Fact]
        public void Inference_mode_is_the_identity_to_the_bit()
        {
            var dropout = new DropoutNet();
            var plain = new WithoutDropoutNet();
            Assert.Equal(plain.Parameters.ToArray(), dropout.Parameters.ToArray());
            var (inputs, targets) = Data(DropoutNet.InputSize, 19, seed: 1);
            for (int s = 0; s < 19; s++)
            {
                var x = inputs.AsSpan(s * 5, 5);
                var y = targets.AsSpan(s, 1);
                var (a, b) = (new double[1], new double[1]);
                dropout.Forward(x, a);
                plain.Forward(x, b);
                Assert.Equal(b, a);
                var (ga, gb, ia, ib) = (new double[DropoutNet.ParameterCount], new double[DropoutNet.ParameterCount], new double[5], new double[5]);
                Assert.Equal(plain.Backward(x, y, gb, ib), dropout.Backward(x, y, ga, ia));
                Assert.Equal(gb, ga);
                Assert.Equal(ib, ia);
            }

            var (batchA, batchB) = (new double[19], new double[19]);
            dropout.ForwardBatch(inputs, batchA);
            plain.ForwardBatch(inputs, batchB);
            Assert.Equal(batchB, batchA);
        }

        /// <summary>
        /// ŷ = W (m ⊙ x) + b with MSE, computed here from TrainingNoise's masks: BackwardBatch's summed gradient and loss, and
        /// TrainStep's step, are exactly that function's, for step 0, 1, 2, … of the network's seed.
        /// </summary>
        [Fact]
        public void Training_mode_drops_with_the_keyed_masks_and_backpropagates_through_them()
        {
            const double p = 0.4, scale = 1 / (1 - p);
            var network = new DroppedInputNet();
            var (inputs, targets) = Data(6, 21, seed: 3);
            var w = network.Parameters.ToArray();
            for (long step = 0; step < 3; step++)
            {
                ulong noise = TrainingNoise.ForLayer(TrainingNoise.Stream(4, step), layer: 2);
                var expected = new double[7];
                double expectedLoss = 0;
                for (int s = 0; s < 21; s++)
                {
                    var kept = Enumerable.Range(0, 6).Select(i => inputs[s * 6 + i] * TrainingNoise.DropoutFactor(noise, s, i, p, scale)).ToArray();
                    double error = kept.Select((v, i) => w[i] * v).Sum() + w[6] - targets[s];
                    expectedLoss += 0.5 * error * error;
                    for (int i = 0; i < 6; i++) expected[i] += error * kept[i];
                    expected[6] += error;
                }

                var gradient = new double[7];
                Assert.Equal(expectedLoss, network.BackwardBatch(inputs, targets, gradient, threads: 2), 12);
                for (int k = 0; k < 7; k++) Assert.Equal(expected[k], gradient[k], 12);
            }

            // TrainStep takes the next step's mask for its one sample (sample 0).
            ulong next = TrainingNoise.ForLayer(TrainingNoise.Stream(4, 3), layer: 2);
            var x = inputs.AsSpan(0, 6).ToArray();
            var dropped = x.Select((v, i) => v * TrainingNoise.DropoutFactor(next, 0, i, p, scale)).ToArray();
            double e = dropped.Select((v, i) => w[i] * v).Sum() + w[6] - targets[0];
            network.TrainStep(x, targets.AsSpan(0, 1), 0.5);
            for (int i = 0; i < 6; i++) Assert.Equal(w[i] - 0.5 * e * dropped[i], network.Parameters[i], 12);
            Assert.Equal(w[6] - 0.5 * e, network.Parameters[6], 12);
        }

        [Fact]
        public void Train_gives_the_same_bits_at_1_2_and_5_threads_and_again_with_the_same_options()
        {
            var (inputs, targets) = OneHot(36, 50, 3, seed: 5);
            float[]? first = null;
            foreach (int threads in new[] { 1, 2, 5, 1 })
            {
                var network = new DropoutMapNet();
                var report = network.Train(inputs, targets, new TrainingOptions { Epochs = 3, BatchSize = 20, Seed = 8, Threads = threads, Optimizer = Optimizer.Adam, LearningRate = 0.01 });
                Assert.Equal(TrainingStop.Completed, report.Stop);
                first ??= network.Parameters.ToArray();
                Assert.Equal(first, network.Parameters.ToArray());
            }

            var otherSeed = new DropoutMapNet();
            otherSeed.Train(inputs, targets, new TrainingOptions { Epochs = 3, BatchSize = 20, Seed = 9, Optimizer = Optimizer.Adam, LearningRate = 0.01 });
            Assert.NotEqual(first, otherSeed.Parameters.ToArray());
        }

        [Fact]
        public void Each_training_step_draws_a_new_mask()
        {
            var network = new DropoutMapNet();
            var (inputs, targets) = OneHot(36, 8, 3, seed: 2);
            var first = new float[DropoutMapNet.ParameterCount];
            var second = new float[DropoutMapNet.ParameterCount];
            network.BackwardBatch(inputs, targets, first);
            network.BackwardBatch(inputs, targets, second);
            Assert.NotEqual(first, second);
        }

        [Fact]
        public void Each_dropout_layer_draws_its_own_mask()
        {
            ulong step = TrainingNoise.Stream(8, 0);
            var (third, fifth) = (TrainingNoise.ForLayer(step, 3), TrainingNoise.ForLayer(step, 5));
            int same = Enumerable.Range(0, 1000).Count(i => (TrainingNoise.Uniform(third, 0, i) < 0.5) == (TrainingNoise.Uniform(fifth, 0, i) < 0.5));
            Assert.InRange(same, 450, 550); // independent masks agree about half the time; one shared mask always would
        }

        /// <summary>Over many draws the kept fraction is 1 − p within 3 standard errors, for every p, sample and position.</summary>
        [Theory]
        [InlineData(0.1)]
        [InlineData(0.5)]
        [InlineData(0.9)]
        public void Masks_keep_a_fraction_of_one_minus_p(double p)
        {
            const int steps = 200, samples = 10, values = 50;
            long kept = 0;
            for (int step = 0; step < steps; step++)
                for (int s = 0; s < samples; s++)
                    for (int i = 0; i < values; i++)
                        if (TrainingNoise.DropoutFactor(TrainingNoise.Stream(11, step), s, i, p, 1.0) != 0) kept++;
            int draws = steps * samples * values;
            double standardError = Math.Sqrt(p * (1 - p) / draws);
            Assert.InRange((double)kept / draws, 1 - p - 3 * standardError, 1 - p + 3 * standardError);
        }

        [Fact]
        public void Training_calls_allocate_nothing()
        {
            var network = new DropoutMapNet();
            var (inputs, targets) = OneHot(36, 40, 3, seed: 4);
            var gradient = new float[DropoutMapNet.ParameterCount];
            network.BackwardBatch(inputs, targets, gradient);
            network.TrainStep(inputs.AsSpan(0, 36), targets.AsSpan(0, 3), 0.01f);
            long before = GC.GetAllocatedBytesForCurrentThread();
            network.BackwardBatch(inputs, targets, gradient);
            network.TrainStep(inputs.AsSpan(0, 36), targets.AsSpan(0, 3), 0.01f);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        private static (double[] Inputs, double[] Targets) Data(int inputSize, int samples, int seed)
        {
            var random = new Random(seed);
            return (Enumerable.Range(0, inputSize * samples).Select(_ => random.NextDouble() * 2 - 1).ToArray(),
                Enumerable.Range(0, samples).Select(_ => random.NextDouble()).ToArray());
        }

        private static (float[] Inputs, float[] Targets) OneHot(int inputSize, int samples, int classes, int seed)
        {
            var random = new Random(seed);
            var inputs = Enumerable.Range(0, inputSize * samples).Select(_ => (float)random.NextDouble()).ToArray();
            var targets = new float[samples * classes];
            for (int s = 0; s < samples; s++) targets[s * classes + s % classes] = 1;
            return (inputs, targets);
        }
    }
}
