using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests
{
    public class TrainingTests
    {
        private static readonly float[] XorInputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
        private static readonly float[] XorTargets = { 0, 1, 1, 0 };

        [Fact]
        public void Xor_reaches_a_loss_below_0_02_from_a_fixed_seed()
        {
            var network = new XorNet();
            var report = network.Train(XorInputs, XorTargets, new TrainingOptions { Epochs = 2000, BatchSize = 4, LearningRate = 0.5, Seed = 1 });

            double loss = Enumerable.Range(0, 4).Average(s => network.ComputeLoss(XorInputs.AsSpan(s * 2, 2), XorTargets.AsSpan(s, 1)));
            Assert.True(loss < 0.02, $"XOR loss {loss}");
            Assert.True(report.FinalLoss < report.EpochLosses[0], "training did not reduce the loss");
            var output = new float[1];
            for (int s = 0; s < 4; s++)
            {
                network.Forward(XorInputs.AsSpan(s * 2, 2), output);
                Assert.Equal(XorTargets[s], Math.Round(output[0]));
            }
        }

        [Fact]
        public void TrainStep_alone_learns_xor()
        {
            var network = new XorNet();
            for (int epoch = 0; epoch < 3000; epoch++)
                for (int s = 0; s < 4; s++)
                    network.TrainStep(XorInputs.AsSpan(s * 2, 2), XorTargets.AsSpan(s, 1), 0.3f);

            double loss = Enumerable.Range(0, 4).Average(s => network.ComputeLoss(XorInputs.AsSpan(s * 2, 2), XorTargets.AsSpan(s, 1)));
            Assert.True(loss < 0.02, $"XOR loss {loss}");
        }

        [Fact]
        public void TrainStep_is_the_sgd_step_on_the_gradient_of_Backward()
        {
            var stepped = new Seed001Net(21);
            var reference = new Seed001Net(21);
            double[] input = { 0.3, -0.2, 0.9, 0.1 }, target = { 0.25 };

            var gradient = new double[Seed001Net.ParameterCount];
            double lossFromBackward = reference.Backward(input, target, gradient);
            for (int k = 0; k < gradient.Length; k++) reference.Parameters[k] -= 0.7 * gradient[k];

            double lossFromStep = stepped.TrainStep(input, target, 0.7);
            Assert.Equal(lossFromBackward, lossFromStep);
            for (int k = 0; k < gradient.Length; k++) Assert.Equal(reference.Parameters[k], stepped.Parameters[k], tolerance: 1e-14);
        }

        [Fact]
        public void A_sine_regression_converges()
        {
            const int samples = 64;
            var inputs = new double[samples];
            var targets = new double[samples];
            for (int s = 0; s < samples; s++)
            {
                inputs[s] = -Math.PI + 2 * Math.PI * s / (samples - 1);
                targets[s] = Math.Sin(inputs[s]);
            }

            var network = new SineNet();
            var report = network.Train(inputs, targets, new TrainingOptions { Epochs = 4000, BatchSize = 8, LearningRate = 0.1, Seed = 3 });

            double worst = 0;
            var output = new double[1];
            for (int s = 0; s < samples; s++)
            {
                network.Forward(inputs.AsSpan(s, 1), output);
                worst = Math.Max(worst, Math.Abs(output[0] - targets[s]));
            }

            // ½(ŷ − y)² averaged: 5e-4 is a typical error of 0.03 on an amplitude of 1.
            Assert.True(report.FinalLoss < 5e-4, $"sine final loss {report.FinalLoss}");
            Assert.True(worst < 0.1, $"largest error {worst}");
        }

        [Fact]
        public void A_three_class_problem_converges()
        {
            var (inputs, targets, labels) = ThreeBlobs(300, seed: 4);
            var network = new ThreeClassNet();
            var report = network.Train(inputs, targets, new TrainingOptions { Epochs = 200, BatchSize = 16, LearningRate = 0.1, Seed = 5 });

            int correct = 0;
            var output = new float[3];
            for (int s = 0; s < labels.Length; s++)
            {
                network.Forward(inputs.AsSpan(s * 2, 2), output);
                if (Array.IndexOf(output, output.Max()) == labels[s]) correct++;
            }

            double accuracy = (double)correct / labels.Length;
            Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
            Assert.True(report.FinalLoss < 0.15, $"final cross-entropy {report.FinalLoss}");
        }

        [Fact]
        public void Train_reports_progress_after_every_epoch()
        {
            var reports = new System.Collections.Generic.List<EpochReport>();
            var report = new XorNet().Train(XorInputs, XorTargets,
                new TrainingOptions { Epochs = 5, BatchSize = 2, Progress = new ListProgress(reports) });

            Assert.Equal(new[] { 1, 2, 3, 4, 5 }, reports.Select(r => r.Epoch));
            Assert.All(reports, r => Assert.Equal(5, r.Epochs));
            Assert.Equal(report.EpochLosses, reports.Select(r => r.Loss));
        }

        [Fact]
        public void Train_rejects_bad_shapes_and_options_with_clear_messages()
        {
            var network = new XorNet();
            var inputsError = Assert.Throws<ArgumentException>(() => network.Train(new float[3], XorTargets, new TrainingOptions()));
            Assert.Equal("inputs", inputsError.ParamName);
            var targetsError = Assert.Throws<ArgumentException>(() => network.Train(XorInputs, new float[3], new TrainingOptions()));
            Assert.Equal("targets", targetsError.ParamName);
            Assert.Contains("need 4", targetsError.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => network.Train(XorInputs, XorTargets, new TrainingOptions { BatchSize = 0 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => network.Train(XorInputs, XorTargets, new TrainingOptions { LearningRate = double.NaN }));
        }

        /// <summary>Three Gaussian blobs in the plane, labels 0..2, one-hot targets.</summary>
        internal static (float[] Inputs, float[] Targets, int[] Labels) ThreeBlobs(int count, int seed)
        {
            var random = new DeterministicRandom(seed);
            double[][] centres = { new[] { -2.0, 0.0 }, new[] { 2.0, 0.0 }, new[] { 0.0, 2.5 } };
            var inputs = new float[count * 2];
            var targets = new float[count * 3];
            var labels = new int[count];
            for (int s = 0; s < count; s++)
            {
                int label = s % 3;
                labels[s] = label;
                inputs[s * 2] = (float)(centres[label][0] + 0.6 * random.NextNormal());
                inputs[s * 2 + 1] = (float)(centres[label][1] + 0.6 * random.NextNormal());
                targets[s * 3 + label] = 1;
            }
            return (inputs, targets, labels);
        }

        private sealed class ListProgress : IProgress<EpochReport>
        {
            private readonly System.Collections.Generic.List<EpochReport> _reports;

            public ListProgress(System.Collections.Generic.List<EpochReport> reports) => _reports = reports;

            public void Report(EpochReport value) => _reports.Add(value);
        }

        [Fact]
        public void A_small_convolutional_network_learns_to_tell_horizontal_from_vertical_bars()
        {
            // 6×6 pictures with one bright bar, horizontal (target 0) or vertical (target 1), at every position, plus noise.
            var random = new DeterministicRandom(7);
            int count = 240;
            var inputs = new double[count * 36];
            var targets = new double[count];
            for (int s = 0; s < count; s++)
            {
                bool vertical = s % 2 == 1;
                int line = random.NextInt(6);
                for (int y = 0; y < 6; y++)
                    for (int x = 0; x < 6; x++)
                        inputs[s * 36 + y * 6 + x] = ((vertical ? x : y) == line ? 1 : 0) + 0.1 * random.NextNormal();
                targets[s] = vertical ? 1 : 0;
            }

            var network = new BarNet();
            var report = network.Train(inputs.AsSpan(0, 200 * 36), targets.AsSpan(0, 200), new TrainingOptions { Epochs = 30, BatchSize = 8, Optimizer = Optimizer.Adam, LearningRate = 0.02 });
            Assert.Equal(TrainingStop.Completed, report.Stop);

            int right = 0;
            var output = new double[1];
            for (int s = 200; s < count; s++)
            {
                network.Forward(inputs.AsSpan(s * 36, 36), output);
                if (output[0] >= 0.5 == targets[s] >= 0.5) right++;
            }
            Assert.True(right >= 38, $"{right} of 40 held-out pictures right");
        }
    }
}
