using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>
    /// The optimizer you can hold: a loop written by hand with it matches Train bit for bit, a step allocates nothing, and
    /// its state is its own. (Every rule against hand-computed steps: TrainingToolTests.)
    /// </summary>
    public class ParameterOptimizerTests
    {
        public static TheoryData<Optimizer> Kinds => new(Enum.GetValues<Optimizer>());

        [Theory]
        [MemberData(nameof(Kinds))]
        public void A_hand_written_loop_gives_bit_identical_weights_to_Train(Optimizer kind)
        {
            var (inputs, targets, _) = TrainingTests.ThreeBlobs(50, seed: 9);
            // Shuffle off and no validation: Train visits the samples in order, as the loop below does. 50 samples in
            // batches of 16 leave a last batch of 2, and the schedule changes the rate every epoch.
            var options = new TrainingOptions
            {
                Epochs = 4, BatchSize = 16, LearningRate = 0.05, Optimizer = kind, WeightDecay = kind == Optimizer.Rprop ? 0 : 0.01, GradientClipNorm = 5,
                GradientClipValue = 0.8, Schedule = LearningRateSchedule.Exponential(0.9), Shuffle = false,
            };
            var trained = new ThreeClassNet();
            trained.Train(inputs, targets, options);

            var network = new ThreeClassNet();
            var optimizer = new ParameterOptimizer(options, ThreeClassNet.ParameterCount);
            var gradient = new float[ThreeClassNet.ParameterCount];
            int samples = targets.Length / ThreeClassNet.OutputSize;
            for (int epoch = 0; epoch < options.Epochs; epoch++)
            {
                double rate = options.Schedule.RateAt(options.LearningRate, epoch);
                for (int start = 0; start < samples; start += options.BatchSize)
                {
                    int batch = Math.Min(options.BatchSize, samples - start);
                    Array.Clear(gradient, 0, gradient.Length);
                    network.BackwardBatch(inputs.AsSpan(start * ThreeClassNet.InputSize, batch * ThreeClassNet.InputSize),
                        targets.AsSpan(start * ThreeClassNet.OutputSize, batch * ThreeClassNet.OutputSize), gradient);
                    optimizer.Step<float>(network.Parameters, gradient, 1.0 / batch, rate);
                }
            }

            Assert.Equal(trained.Parameters.ToArray(), network.Parameters.ToArray());
            Assert.Equal(4 * 4, optimizer.StepCount);
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public void A_parameter_steps_the_same_in_a_vector_of_many_as_alone(Optimizer kind)
        {
            // The rule runs a vector of parameters at a time and pads the last one; each parameter's update is its own, so
            // 19 parameters stepped together (whole vectors, a float vector of 8 and a partial one) land on the bits of 19
            // optimizers of one parameter each (every one a padded vector). No norm clip: that one reads all gradients.
            var options = new TrainingOptions
            {
                Optimizer = kind, LearningRate = 0.05, WeightDecay = kind == Optimizer.Rprop ? 0 : 0.01, GradientClipValue = 0.8,
                Momentum = kind is Optimizer.Momentum or Optimizer.Nesterov or Optimizer.RMSprop ? 0.9 : 0, Centered = kind == Optimizer.RMSprop,
            };
            const int count = 19;
            var random = new Random(5);
            double[] together = Enumerable.Range(0, count).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            float[] togetherSingle = together.Select(x => (float)x).ToArray();
            double[] alone = (double[])together.Clone();
            float[] aloneSingle = (float[])togetherSingle.Clone();
            var many = new ParameterOptimizer(options, count);
            var manySingle = new ParameterOptimizer(options, count);
            var ones = Enumerable.Range(0, count).Select(_ => new ParameterOptimizer(options, 1)).ToArray();
            var onesSingle = Enumerable.Range(0, count).Select(_ => new ParameterOptimizer(options, 1)).ToArray();
            for (int step = 0; step < 12; step++)
            {
                // Some gradients are 0 and some keep or flip their sign, for Rprop's three cases.
                double[] gradient = Enumerable.Range(0, count).Select(i => i % 4 == 0 && step % 3 == 0 ? 0 : (random.NextDouble() * 2 - 1) * 1.5).ToArray();
                float[] gradientSingle = gradient.Select(x => (float)x).ToArray();
                many.Step<double>(together, gradient, 0.5);
                manySingle.Step<float>(togetherSingle, gradientSingle, 0.5);
                for (int i = 0; i < count; i++)
                {
                    ones[i].Step<double>(alone.AsSpan(i, 1), gradient.AsSpan(i, 1), 0.5);
                    onesSingle[i].Step<float>(aloneSingle.AsSpan(i, 1), gradientSingle.AsSpan(i, 1), 0.5);
                }
            }
            Assert.Equal(alone.Select(BitConverter.DoubleToInt64Bits), together.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(aloneSingle.Select(BitConverter.SingleToInt32Bits), togetherSingle.Select(BitConverter.SingleToInt32Bits));
            Assert.NotEqual(alone.Select(x => (float)x), aloneSingle); // float and double steps differ, as they should
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public void A_step_allocates_nothing(Optimizer kind)
        {
            var options = new TrainingOptions { Optimizer = kind, WeightDecay = kind == Optimizer.Rprop ? 0 : 0.1, GradientClipNorm = 1 };
            var optimizer = new ParameterOptimizer(options, 300);
            float[] single = new float[300], singleGradient = Enumerable.Repeat(0.5f, 300).ToArray();
            double[] @double = new double[300], doubleGradient = Enumerable.Repeat(0.5, 300).ToArray();
            optimizer.Step<float>(single, singleGradient, 0.5);
            optimizer.Step<double>(@double, doubleGradient, 0.5, 0.01);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int step = 0; step < 10; step++)
            {
                optimizer.Step<float>(single, singleGradient, 0.5);
                optimizer.Step<double>(@double, doubleGradient, 0.5, 0.01);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Theory]
        [InlineData(double.NaN, 1.0, 0.1, "gradientSum[1] is NaN")]
        [InlineData(double.PositiveInfinity, 1.0, 0.1, "gradientSum[1] is Infinity")]
        [InlineData(0.5, double.NaN, 0.1, "gradient scale")]
        [InlineData(0.5, 1.0, -0.1, "learning rate")]
        [InlineData(0.5, 1.0, double.PositiveInfinity, "learning rate")]
        public void A_step_refuses_a_gradient_scale_or_learning_rate_that_would_corrupt_the_parameters(double badGradient, double scale, double learningRate, string reason)
        {
            var optimizer = new ParameterOptimizer(new TrainingOptions { Optimizer = Optimizer.Adam }, 3);
            double[] parameters = { 1, 2, 3 }, gradient = { 0.1, badGradient, 0.3 };
            var error = Assert.ThrowsAny<ArgumentException>(() => optimizer.Step<double>(parameters, gradient, scale, learningRate));
            Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(new double[] { 1, 2, 3 }, parameters);
            Assert.Equal(0, optimizer.StepCount);
        }

        [Fact]
        public void The_settings_are_read_once_and_Reset_starts_over()
        {
            var options = new TrainingOptions { Optimizer = Optimizer.Adam, LearningRate = 0.1 };
            var optimizer = new ParameterOptimizer(options, 2);
            options.Optimizer = Optimizer.Sgd;
            options.LearningRate = 10;
            Assert.Equal(Optimizer.Adam, optimizer.Kind);

            double[] theta = { 1, -2 }, gradient = { 4, 0.5 };
            optimizer.Step<double>(theta, gradient, 1);
            // Adam's first step moves every parameter by η = 0.1 against its gradient's sign, whatever its size.
            Assert.Equal(0.9, theta[0], 6);
            Assert.Equal(-2.1, theta[1], 6);

            double[] again = { 1, -2 };
            optimizer.Step<double>(again, gradient, 1); // second step: the moments carry over
            optimizer.Reset();
            Assert.Equal(0, optimizer.StepCount);
            double[] fresh = { 1, -2 };
            optimizer.Step<double>(fresh, gradient, 1);
            Assert.Equal(theta, fresh);
        }

        [Fact]
        public void Wrong_lengths_and_settings_are_refused()
        {
            var optimizer = new ParameterOptimizer(new TrainingOptions(), 3);
            Assert.Throws<ArgumentException>("parameters", () => optimizer.Step<double>(new double[2], new double[3], 1));
            Assert.Throws<ArgumentException>("gradientSum", () => optimizer.Step<double>(new double[3], new double[4], 1));
            Assert.Throws<ArgumentOutOfRangeException>("options", () => new ParameterOptimizer(new TrainingOptions { Momentum = 1 }, 3));
            Assert.Throws<ArgumentOutOfRangeException>("options", () => new ParameterOptimizer(new TrainingOptions { LearningRate = double.NaN }, 3));
            Assert.Throws<ArgumentOutOfRangeException>("parameterCount", () => new ParameterOptimizer(new TrainingOptions(), -1));
            Assert.Throws<ArgumentNullException>("options", () => new ParameterOptimizer(null!, 3));
        }
    }
}
