using System;
using System.IO;
using System.Linq;
using System.Threading;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>Optimizers and schedules against hand-computed steps; validation, early stopping, the divergence guard, cancellation.</summary>
    public class TrainingToolTests
    {
        // θ = (1, −2), summed gradient (1, 0.5) over a batch of 2 → mean g = (0.5, 0.25); η = 0.1.
        private static double[] TwoSteps(TrainingOptions options)
        {
            double[] theta = { 1, -2 };
            double[] gradientSum = { 1, 0.5 };
            var updater = new ParameterOptimizer(options, 2);
            updater.Step<double>(theta, gradientSum, 0.5, 0.1);
            updater.Step<double>(theta, gradientSum, 0.5, 0.1);
            return theta;
        }

        [Fact]
        public void Plain_sgd()
        {
            // θ −= η g: 1 − 0.05 − 0.05 = 0.9; −2 − 0.025 − 0.025 = −2.05
            var theta = TwoSteps(new TrainingOptions { Optimizer = Optimizer.Sgd });
            Assert.Equal(0.9, theta[0], 12);
            Assert.Equal(-2.05, theta[1], 12);
        }

        [Fact]
        public void Sgd_with_weight_decay()
        {
            // θ −= η(g + λθ), λ = 0.1: step 1: 1 − 0.1(0.5 + 0.1) = 0.94; step 2: 0.94 − 0.1(0.5 + 0.094) = 0.8806
            var theta = TwoSteps(new TrainingOptions { Optimizer = Optimizer.Sgd, WeightDecay = 0.1 });
            Assert.Equal(0.8806, theta[0], 12);
            // −2 − 0.1(0.25 − 0.2) = −2.005; −2.005 − 0.1(0.25 − 0.2005) = −2.00995
            Assert.Equal(-2.00995, theta[1], 12);
        }

        [Fact]
        public void Classical_momentum()
        {
            // v1 = 0.5, θ = 0.95; v2 = 0.9·0.5 + 0.5 = 0.95, θ = 0.95 − 0.095 = 0.855
            var theta = TwoSteps(new TrainingOptions { Optimizer = Optimizer.Momentum, Momentum = 0.9 });
            Assert.Equal(0.855, theta[0], 12);
            Assert.Equal(-2 - 0.025 - 0.0475, theta[1], 12);
        }

        [Fact]
        public void Nesterov_momentum()
        {
            // v1 = 0.5, θ −= 0.1(0.5 + 0.45) → 0.905; v2 = 0.95, θ −= 0.1(0.5 + 0.855) → 0.7695
            var theta = TwoSteps(new TrainingOptions { Optimizer = Optimizer.Nesterov, Momentum = 0.9 });
            Assert.Equal(0.7695, theta[0], 12);
        }

        [Fact]
        public void Adam_with_bias_correction()
        {
            // A constant gradient makes m̂ = g and v̂ = g² at every step: each step moves by η·g/(|g| + ε) ≈ η.
            var theta = TwoSteps(new TrainingOptions { Optimizer = Optimizer.Adam });
            Assert.Equal(1 - 2 * 0.1 * 0.5 / (0.5 + 1e-8), theta[0], 12);
            Assert.Equal(-2 - 2 * 0.1 * 0.25 / (0.25 + 1e-8), theta[1], 12);
        }

        [Fact]
        public void AdamW_decays_the_weights_apart_from_the_gradient()
        {
            // θ ← θ − ηλθ, then the Adam step of ≈ η: 1 → 0.99 → 0.89 → 0.8811 → 0.7811
            var theta = TwoSteps(new TrainingOptions { Optimizer = Optimizer.AdamW, WeightDecay = 0.1 });
            double step = 0.1 * 0.5 / (0.5 + 1e-8);
            Assert.Equal(((1 - 0.01) - step) * (1 - 0.01) - step, theta[0], 12);
        }

        [Fact]
        public void Gradient_clipping_by_norm_and_by_value()
        {
            // ‖(0.5, 0.25)‖ = 0.559; clipped to 0.1 the step is 0.1·g/‖g‖·η.
            var byNorm = TwoSteps(new TrainingOptions { GradientClipNorm = 0.1 });
            double norm = Math.Sqrt(0.5 * 0.5 + 0.25 * 0.25);
            Assert.Equal(1 - 2 * 0.1 * 0.5 * 0.1 / norm, byNorm[0], 12);
            Assert.Equal(-2 - 2 * 0.1 * 0.25 * 0.1 / norm, byNorm[1], 12);

            var byValue = TwoSteps(new TrainingOptions { GradientClipValue = 0.3 });
            Assert.Equal(1 - 2 * 0.1 * 0.3, byValue[0], 12);
            Assert.Equal(-2 - 2 * 0.1 * 0.25, byValue[1], 12);
        }

        [Fact]
        public void Schedules_give_the_documented_rates()
        {
            Assert.Equal(0.1, LearningRateSchedule.Constant.RateAt(0.1, 57));
            Assert.Equal(new[] { 1, 1, 1, 0.5, 0.5, 0.5, 0.25 }, Enumerable.Range(0, 7).Select(e => LearningRateSchedule.StepDecay(3, 0.5).RateAt(1, e)));
            Assert.Equal(0.9 * 0.9 * 0.9, LearningRateSchedule.Exponential(0.9).RateAt(1, 3), 15);
            var cosine = LearningRateSchedule.Cosine(10, minimumFraction: 0.1);
            Assert.Equal(1, cosine.RateAt(1, 0), 15);
            Assert.Equal(0.55, cosine.RateAt(1, 5), 15);
            Assert.Equal(0.1, cosine.RateAt(1, 10), 15);
            Assert.Equal(0.1, cosine.RateAt(1, 25), 15);
        }

        [Fact]
        public void Every_optimizer_trains_xor()
        {
            float[] inputs = { 0, 0, 0, 1, 1, 0, 1, 1 }, targets = { 0, 1, 1, 0 };
            foreach (var optimizer in new[] { Optimizer.Sgd, Optimizer.Momentum, Optimizer.Nesterov, Optimizer.Adam, Optimizer.AdamW })
            {
                var network = new XorNet();
                double rate = optimizer is Optimizer.Adam or Optimizer.AdamW ? 0.05 : optimizer == Optimizer.Sgd ? 0.5 : 0.1;
                var report = network.Train(inputs, targets, new TrainingOptions
                {
                    Epochs = 1500, BatchSize = 4, LearningRate = rate, Optimizer = optimizer, Schedule = LearningRateSchedule.Cosine(1500, 0.1),
                });
                Assert.True(report.FinalLoss < 0.05, $"{optimizer}: final loss {report.FinalLoss}");
            }
        }

        [Fact]
        public void Validation_reports_loss_and_accuracy_and_early_stopping_restores_the_best_weights()
        {
            // Noise targets: nothing to learn, so the validation loss soon rises while the network memorises.
            var random = new DeterministicRandom(12);
            var inputs = Enumerable.Range(0, 40).Select(_ => random.NextUniform(-1, 1)).ToArray();
            var targets = Enumerable.Range(0, 40).Select(_ => random.NextUniform(-1, 1)).ToArray();
            var network = new SineNet();
            var reports = new System.Collections.Generic.List<EpochReport>();
            var report = network.Train(inputs, targets, new TrainingOptions
            {
                Epochs = 2000, BatchSize = 4, LearningRate = 0.2, ValidationFraction = 0.5, EarlyStoppingPatience = 20,
                Progress = new Collect(reports),
            });

            Assert.Equal(TrainingStop.EarlyStopped, report.Stop);
            Assert.True(report.EpochLosses.Count < 2000);
            Assert.Equal(report.ValidationLosses.Min(), report.ValidationLosses[report.BestEpoch - 1]);
            Assert.Equal(report.BestEpoch + 20, report.EpochLosses.Count);
            Assert.Contains($"epoch {report.BestEpoch}", report.Message);
            Assert.All(reports, r => Assert.True(double.IsNaN(r.ValidationAccuracy))); // regression: no accuracy

            // The network now holds the best epoch's weights: its validation loss is the best one.
            var (_, _, validationInputs, validationTargets) = ValidationPart(inputs, targets, seed: 0);
            double validationLoss = Enumerable.Range(0, validationInputs.Length)
                .Average(s => network.ComputeLoss(validationInputs.AsSpan(s, 1), validationTargets.AsSpan(s, 1)));
            Assert.Equal(report.ValidationLosses[report.BestEpoch - 1], validationLoss, 12);
        }

        [Fact]
        public void Classification_validation_reports_accuracy()
        {
            var (inputs, targets, _) = TrainingTests.ThreeBlobs(300, seed: 4);
            var reports = new System.Collections.Generic.List<EpochReport>();
            new ThreeClassNet().Train(inputs, targets, new TrainingOptions { Epochs = 30, BatchSize = 16, ValidationFraction = 0.2, Progress = new Collect(reports) });
            Assert.All(reports, r => Assert.InRange(r.ValidationAccuracy, 0, 1));
            Assert.True(reports[^1].ValidationAccuracy > 0.9, $"accuracy {reports[^1].ValidationAccuracy}");
        }

        [Fact]
        public void A_diverging_run_stops_and_restores_the_last_good_weights()
        {
            var inputs = Enumerable.Range(0, 32).Select(i => (double)i).ToArray();
            var targets = inputs.Select(x => 1e3 * x).ToArray();
            var network = new SineNet();
            var report = network.Train(inputs, targets, new TrainingOptions { Epochs = 50, BatchSize = 4, LearningRate = 10 });

            Assert.Equal(TrainingStop.Diverged, report.Stop);
            Assert.Contains("restored", report.Message);
            Assert.All(network.Parameters.ToArray(), p => Assert.True(double.IsFinite(p)));
            Assert.True(double.IsFinite(network.ComputeLoss(new[] { 1.0 }, new[] { 1e3 })));
        }

        [Fact]
        public void Cancellation_stops_before_the_next_batch()
        {
            using var cancellation = new CancellationTokenSource();
            var reports = new System.Collections.Generic.List<EpochReport>();
            float[] inputs = { 0, 0, 0, 1, 1, 0, 1, 1 }, targets = { 0, 1, 1, 0 };
            var report = new XorNet().Train(inputs, targets, new TrainingOptions
            {
                Epochs = 100, BatchSize = 4, CancellationToken = cancellation.Token,
                Progress = new Collect(reports, r => { if (r.Epoch == 3) cancellation.Cancel(); }),
            });
            Assert.Equal(TrainingStop.Cancelled, report.Stop);
            Assert.Equal(3, report.EpochLosses.Count); // the token was seen before epoch 4's only batch
        }

        [Theory]
        [InlineData(double.NaN, "NaN")]
        [InlineData(double.PositiveInfinity, "Infinity")]
        [InlineData(double.NegativeInfinity, "-Infinity")]
        public void The_standardizer_refuses_a_non_finite_value_by_row_and_column(double value, string text)
        {
            float[] data = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
            data[7] = (float)value;
            var error = Assert.Throws<ArgumentException>(() => Standardizer.Fit<float>(data, 3));
            Assert.Equal("inputs", error.ParamName);
            Assert.StartsWith($"inputs row 2, column 1 is {text}; the statistics need finite numbers", error.Message);
        }

        [Fact]
        public void Data_helpers_standardise_encode_and_split_deterministically()
        {
            double[] data = { 1, 10, 3, 10, 5, 10 };
            var standardizer = Standardizer.Fit<double>(data, 2);
            Assert.Equal(new[] { 3.0, 10 }, standardizer.Means);
            Assert.Equal(Math.Sqrt(8.0 / 3), standardizer.StandardDeviations[0], 15);
            Assert.Equal(1, standardizer.StandardDeviations[1]); // constant feature: only centred
            standardizer.Transform<double>(data);
            Assert.Equal(0, data.Where((_, i) => i % 2 == 0).Sum(), 12);
            Assert.All(data.Where((_, i) => i % 2 == 1), v => Assert.Equal(0, v));

            var stream = new MemoryStream();
            standardizer.Save(stream);
            stream.Position = 0;
            var loaded = Standardizer.Load(stream);
            Assert.Equal(standardizer.Means, loaded.Means);
            Assert.Equal(standardizer.StandardDeviations, loaded.StandardDeviations);
            Assert.Throws<InvalidDataException>(() => Standardizer.Load(new MemoryStream(new byte[3])));

            Assert.Equal(new float[] { 0, 1, 0, 1, 0, 0, 0, 0, 1 }, TrainingData.OneHot<float>(new[] { 1, 0, 2 }, 3));
            Assert.Throws<ArgumentOutOfRangeException>(() => TrainingData.OneHot<float>(new[] { 3 }, 3));

            var inputs = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
            var (trainIn, trainOut, validIn, validOut) = TrainingData.Split<double>(inputs, inputs, 1, 1, 0.25, seed: 7);
            Assert.Equal(15, trainIn.Length);
            Assert.Equal(5, validIn.Length);
            Assert.Equal(inputs, trainIn.Concat(validIn).OrderBy(x => x));
            Assert.Equal(trainIn, trainOut);
            Assert.Equal(validIn, TrainingData.Split<double>(inputs, inputs, 1, 1, 0.25, seed: 7).ValidationInputs);
        }

        /// <summary>The samples NetworkTrainer holds out: the last part of the order shuffled once with the options' seed.</summary>
        private static (double[], double[], double[], double[]) ValidationPart(double[] inputs, double[] targets, int seed)
        {
            var order = Enumerable.Range(0, inputs.Length).ToArray();
            new DeterministicRandom(seed).Shuffle(order.AsSpan());
            var held = order.Skip(inputs.Length / 2).ToArray();
            return (Array.Empty<double>(), Array.Empty<double>(), held.Select(i => inputs[i]).ToArray(), held.Select(i => targets[i]).ToArray());
        }

        private sealed class Collect : IProgress<EpochReport>
        {
            private readonly System.Collections.Generic.List<EpochReport> _reports;
            private readonly Action<EpochReport>? _then;

            public Collect(System.Collections.Generic.List<EpochReport> reports, Action<EpochReport>? then = null)
            {
                _reports = reports;
                _then = then;
            }

            public void Report(EpochReport value)
            {
                _reports.Add(value);
                _then?.Invoke(value);
            }
        }
    }
}
