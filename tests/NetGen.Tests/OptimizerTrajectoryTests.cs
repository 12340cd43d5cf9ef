using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>
    /// The torch.optim rules against torch.optim itself: 50 steps over the same gradients give the same parameters
    /// (Fixtures/torch_optimizers.json, written by tools/make_optimizer_fixture.py with Debian's python3-torch 1.13), and
    /// a setting left unset is torch's default for the chosen rule.
    /// </summary>
    public class OptimizerTrajectoryTests
    {
        public static TheoryData<int> Cases => new(Enumerable.Range(0, Fixture().RootElement.GetProperty("cases").GetArrayLength()));

        [Theory]
        [MemberData(nameof(Cases))]
        public void Fifty_steps_follow_torch_optim_to_1e12(int index)
        {
            using var fixture = Fixture();
            var item = fixture.RootElement.GetProperty("cases")[index];
            var options = new TrainingOptions { Optimizer = Enum.Parse<Optimizer>(item.GetProperty("optimizer").GetString()!) };
            foreach (var setting in item.GetProperty("options").EnumerateObject())
            {
                var property = typeof(TrainingOptions).GetProperty(setting.Name)!;
                property.SetValue(options, setting.Value.ValueKind == JsonValueKind.Number ? setting.Value.GetDouble() : setting.Value.GetBoolean());
            }
            double[] parameters = Vector(item.GetProperty("initial"));
            var optimizer = new ParameterOptimizer(options, parameters.Length);

            var gradients = item.GetProperty("gradients").EnumerateArray().Select(Vector).ToArray();
            var trajectory = item.GetProperty("trajectory").EnumerateArray().Select(Vector).ToArray();
            Assert.Equal(50, gradients.Length);
            for (int step = 0; step < gradients.Length; step++)
            {
                optimizer.Step<double>(parameters, gradients[step], 1.0);
                for (int i = 0; i < parameters.Length; i++)
                    Assert.True(Math.Abs(parameters[i] - trajectory[step][i]) <= 1e-12,
                        $"{options.Optimizer} {item.GetProperty("options")}: step {step + 1}, θ[{i}] = {parameters[i]:R}, torch {trajectory[step][i]:R}");
            }

            // Reset forgets the state: the first step from the initial parameters again lands where torch's first did.
            optimizer.Reset();
            parameters = Vector(item.GetProperty("initial"));
            optimizer.Step<double>(parameters, gradients[0], 1.0);
            for (int i = 0; i < parameters.Length; i++)
                Assert.True(Math.Abs(parameters[i] - trajectory[0][i]) <= 1e-12, $"after Reset: θ[{i}] = {parameters[i]:R}, torch {trajectory[0][i]:R}");
        }

        [Fact]
        public void The_fixture_covers_every_rule_torch_optim_defines()
        {
            using var fixture = Fixture();
            var covered = fixture.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("optimizer").GetString()!).ToHashSet();
            Assert.Superset(covered, new[] { "RMSprop", "Adagrad", "Adadelta", "Adamax", "Rprop" }.ToHashSet());
        }

        [Theory]
        [InlineData(Optimizer.Sgd, 0.1, 0.9, 1e-8)]
        [InlineData(Optimizer.Momentum, 0.1, 0.9, 1e-8)]
        [InlineData(Optimizer.Adam, 0.1, 0.9, 1e-8)]
        [InlineData(Optimizer.RMSprop, 1e-2, 0, 1e-8)]
        [InlineData(Optimizer.Adagrad, 1e-2, 0.9, 1e-10)]
        [InlineData(Optimizer.Adadelta, 1.0, 0.9, 1e-6)]
        [InlineData(Optimizer.Adamax, 2e-3, 0.9, 1e-8)]
        [InlineData(Optimizer.Rprop, 1e-2, 0.9, 1e-8)]
        public void An_unset_setting_reads_as_the_default_of_the_chosen_rule(Optimizer kind, double learningRate, double momentum, double epsilon)
        {
            var options = new TrainingOptions { Optimizer = kind };
            Assert.Equal((learningRate, momentum, epsilon), (options.LearningRate, options.Momentum, options.Epsilon));

            // Once set, a setting keeps its value whatever the rule.
            options.Momentum = 0.5;
            options.Optimizer = Optimizer.Sgd;
            Assert.Equal(0.5, options.Momentum);
        }

        [Fact]
        public void The_settings_without_a_rule_dependent_default_are_torchs()
        {
            var options = new TrainingOptions();
            Assert.Equal((0.99, false, 0.9, 0.0, 0.0), (options.Alpha, options.Centered, options.Rho, options.LearningRateDecay, options.InitialAccumulatorValue));
            Assert.Equal((0.5, 1.2, 1e-6, 50.0), (options.EtaMinus, options.EtaPlus, options.StepSizeMin, options.StepSizeMax));
            Assert.Equal((0.9, 0.999, 0.0), (options.Beta1, options.Beta2, options.WeightDecay));
        }

        public static TheoryData<Optimizer, string, double> BadSettings => new()
        {
            { Optimizer.RMSprop, nameof(TrainingOptions.Alpha), -0.1 },
            { Optimizer.RMSprop, nameof(TrainingOptions.Alpha), 1.5 },
            { Optimizer.RMSprop, nameof(TrainingOptions.Momentum), 1 },
            { Optimizer.Adadelta, nameof(TrainingOptions.Rho), 1.01 },
            { Optimizer.Adadelta, nameof(TrainingOptions.Epsilon), 0 },
            { Optimizer.Adagrad, nameof(TrainingOptions.LearningRateDecay), -1 },
            { Optimizer.Adagrad, nameof(TrainingOptions.InitialAccumulatorValue), double.NaN },
            { Optimizer.Adamax, nameof(TrainingOptions.Beta2), 1 },
            { Optimizer.Rprop, nameof(TrainingOptions.EtaMinus), 1 },
            { Optimizer.Rprop, nameof(TrainingOptions.EtaMinus), 0 },
            { Optimizer.Rprop, nameof(TrainingOptions.EtaPlus), 1 },
            { Optimizer.Rprop, nameof(TrainingOptions.StepSizeMin), -1e-6 },
            { Optimizer.Rprop, nameof(TrainingOptions.StepSizeMax), 1e-7 },
            { Optimizer.Rprop, nameof(TrainingOptions.StepSizeMax), double.PositiveInfinity },
            { Optimizer.Rprop, nameof(TrainingOptions.WeightDecay), 0.01 },
            { Optimizer.Rprop, nameof(TrainingOptions.LearningRate), 0 },
        };

        [Theory]
        [MemberData(nameof(BadSettings))]
        public void An_invalid_setting_is_refused_before_anything_changes(Optimizer kind, string setting, double value)
        {
            var options = new TrainingOptions { Optimizer = kind, Epochs = 3, BatchSize = 4 };
            typeof(TrainingOptions).GetProperty(setting)!.SetValue(options, value);
            Assert.Throws<ArgumentOutOfRangeException>("options", () => new ParameterOptimizer(options, 3));

            var network = new XorNet();
            var before = network.Parameters.ToArray();
            float[] inputs = { 0, 0, 0, 1, 1, 0, 1, 1 }, targets = { 0, 1, 1, 0 };
            Assert.Throws<ArgumentOutOfRangeException>("options", () => network.Train(inputs, targets, options));
            Assert.Equal(before, network.Parameters.ToArray());
        }

        private static double[] Vector(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

        private static JsonDocument Fixture() =>
            JsonDocument.Parse(File.ReadAllText(Path.Combine(TestDirectory(), "Fixtures", "torch_optimizers.json")));

        private static string TestDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
    }
}
