extern alias Generator;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using Generator::NetGen.Generators.Rules;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generators.Tests
{
    using Activation = Generator::NetGen.Activation;
    using Loss = Generator::NetGen.Loss;

    /// <summary>
    /// Gradient checks (central differences in double, docs/math.md) for every differentiable activation in hidden and output
    /// positions, every loss with every output activation it accepts, one to three hidden layers, and both code
    /// strategies (unrolled and looped), for Backward and for BackwardFromOutput. All networks are generated into one
    /// assembly, compiled once.
    /// </summary>
    public class GradientMatrixTests
    {
        private const double Tolerance = 1e-7;

        /// <summary>
        /// Every activation of the enum but the two with zero gradient (Step, Sign), and the parameterised ones again with a
        /// non-default parameter.
        /// </summary>
        private static readonly string[] Activations = Enum.GetValues<Activation>()
            .Where(a => a is not (Activation.Step or Activation.Sign))
            .Select(a => a.ToString())
            .Concat(new[] { "Linear, Slope = 0.5", "LeakyReLU, Slope = 0.2", "ELU, Alpha = 0.7" })
            .ToArray();

        /// <summary>The activations a hidden layer may have: LogSoftmax belongs on the output (NG0031).</summary>
        private static readonly string[] HiddenActivations = Activations.Where(a => a != nameof(Activation.LogSoftmax)).ToArray();

        /// <summary>Every loss with every output activation it accepts: the one it needs, or any.</summary>
        private static readonly (string Loss, string Activation)[] LossesAndOutputs = Enum.GetValues<Loss>()
            .SelectMany(loss => NetworkRules.RequiredOutputActivation(loss) is Activation required
                ? new[] { (loss.ToString(), required.ToString()) }
                : Activations.Select(a => (loss.ToString(), a)))
            .ToArray();

        private static readonly Lazy<(Assembly Assembly, IReadOnlyList<Case> Cases)> Networks = new(BuildNetworks);

        private readonly ITestOutputHelper _output;

        public GradientMatrixTests(ITestOutputHelper output) => _output = output;

        private sealed record Case(string Name, string Loss, string Description);

        [Fact]
        public void Every_activation_loss_depth_and_strategy_passes_the_gradient_check()
        {
            var (assembly, cases) = Networks.Value;
            var failures = new List<string>();
            foreach (var testCase in cases)
            {
                var network = (INetwork<double>)Activator.CreateInstance(assembly.GetType(testCase.Name)!, 17)!;
                var random = new DeterministicRandom(testCase.Name.Length * 7919);
                var input = Enumerable.Range(0, network.InputSize).Select(_ => random.NextUniform(-1.5, 1.5)).ToArray();
                var target = Target(testCase.Loss, network.OutputSize, random);

                var parameters = GradientCheck.Parameters(network, input, target);
                var inputs = GradientCheck.Inputs(network, input, target);
                if (!(parameters.RelativeError < Tolerance)) failures.Add($"{testCase.Description}: parameters {parameters}");
                if (!(inputs.RelativeError < Tolerance)) failures.Add($"{testCase.Description}: inputs {inputs}");

                // BackwardFromOutput (chaining) with an arbitrary output gradient: the same layers, δ from g instead of the loss.
                var outputGradient = Enumerable.Range(0, network.OutputSize).Select(_ => random.NextUniform(-1, 1)).ToArray();
                var fromOutput = GradientCheck.ParametersFromOutput(network, input, outputGradient);
                var inputsFromOutput = GradientCheck.InputsFromOutput(network, input, outputGradient);
                if (!(fromOutput.RelativeError < Tolerance)) failures.Add($"{testCase.Description}: parameters from output {fromOutput}");
                if (!(inputsFromOutput.RelativeError < Tolerance)) failures.Add($"{testCase.Description}: inputs from output {inputsFromOutput}");
            }

            _output.WriteLine($"{cases.Count} networks checked.");
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
            Assert.True(cases.Count > 150, $"only {cases.Count} networks");
        }

        [Fact]
        public void TrainStep_equals_an_sgd_step_on_Backward_in_looped_networks()
        {
            var (assembly, cases) = Networks.Value;
            foreach (var testCase in cases.Where(c => c.Name.StartsWith("Looped", StringComparison.Ordinal)))
            {
                var type = assembly.GetType(testCase.Name)!;
                var stepped = (INetwork<double>)Activator.CreateInstance(type, 5)!;
                var reference = (INetwork<double>)Activator.CreateInstance(type, 5)!;
                var random = new DeterministicRandom(3);
                var input = Enumerable.Range(0, stepped.InputSize).Select(_ => random.NextUniform(-1, 1)).ToArray();
                var target = Target(testCase.Loss, stepped.OutputSize, random);

                var gradient = new double[reference.ParameterCount];
                double expectedLoss = reference.Backward(input, target, gradient);
                for (int k = 0; k < gradient.Length; k++) reference.Parameters[k] -= 0.05 * gradient[k];

                // The fused update rounds differently (η·δ first), so compare with a tolerance, not rounded digits.
                Assert.Equal(expectedLoss, stepped.TrainStep(input, target, 0.05), tolerance: 1e-12);
                for (int k = 0; k < gradient.Length; k++) Assert.Equal(reference.Parameters[k], stepped.Parameters[k], tolerance: 1e-12);
            }
        }

        [Fact]
        public void The_batched_code_equals_the_one_sample_code_in_every_network()
        {
            // 19 samples: a whole tile of 16 and a partial one. ForwardBatch against Forward, BackwardBatch against the sum of
            // Backward (whose gradient the check above proved), on one thread and on three.
            var (assembly, cases) = Networks.Value;
            var failures = new List<string>();
            const int samples = 19;
            foreach (var testCase in cases)
            {
                var network = (INetwork<double>)Activator.CreateInstance(assembly.GetType(testCase.Name)!, 13)!;
                var random = new DeterministicRandom(testCase.Name.Length * 31);
                int inputSize = network.InputSize, outputSize = network.OutputSize;
                var inputs = Enumerable.Range(0, samples * inputSize).Select(_ => random.NextUniform(-1.5, 1.5)).ToArray();
                var targets = Enumerable.Range(0, samples).SelectMany(_ => Target(testCase.Loss, outputSize, random)).ToArray();

                var outputs = new double[samples * outputSize];
                network.ForwardBatch(inputs, outputs);
                var output = new double[outputSize];
                var gradient = new double[network.ParameterCount];
                double loss = 0;
                for (int s = 0; s < samples; s++)
                {
                    network.Forward(inputs.AsSpan(s * inputSize, inputSize), output);
                    for (int k = 0; k < outputSize; k++)
                        if (!(Math.Abs(output[k] - outputs[s * outputSize + k]) <= 1e-12 * Math.Max(1, Math.Abs(output[k]))))
                            failures.Add($"{testCase.Description}: output {k} of sample {s} is {outputs[s * outputSize + k]}, not {output[k]}");
                    loss += network.Backward(inputs.AsSpan(s * inputSize, inputSize), targets.AsSpan(s * outputSize, outputSize), gradient);
                }

                foreach (int threads in new[] { 1, 3 })
                {
                    var batchGradient = new double[network.ParameterCount];
                    double batchLoss = network.BackwardBatch(inputs, targets, batchGradient, threads);
                    if (!(Math.Abs(batchLoss - loss) <= 1e-12 * Math.Max(1, Math.Abs(loss)))) failures.Add($"{testCase.Description}: summed loss {batchLoss}, not {loss}");
                    for (int k = 0; k < gradient.Length; k++)
                        if (!(Math.Abs(batchGradient[k] - gradient[k]) <= 1e-12 * Math.Max(1, Math.Abs(gradient[k]))))
                            failures.Add($"{testCase.Description}: ∂C/∂θ[{k}] is {batchGradient[k]} on {threads} threads, not {gradient[k]}");
                }
            }

            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
        }

        /// <summary>A target that fits the loss: any reals for squared errors, [0, 1] for the others (binary: probabilities; categorical: non-negative, not normalised).</summary>
        private static double[] Target(string loss, int size, DeterministicRandom random) => loss switch
        {
            "MeanSquaredError" or "SumSquaredError" => Enumerable.Range(0, size).Select(_ => random.NextUniform(-1, 1)).ToArray(),
            _ => Enumerable.Range(0, size).Select(_ => random.NextDouble()).ToArray(),
        };

        private static (Assembly, IReadOnlyList<Case>) BuildNetworks()
        {
            var source = new StringBuilder("using NetGen;\n");
            var cases = new List<Case>();
            void Add(string prefix, string loss, int inputs, string[] layers)
            {
                string name = $"{prefix}{cases.Count}";
                cases.Add(new Case(name, loss, $"{name} [{loss}] {inputs} → {string.Join(" → ", layers)}"));
                source.Append($"[Network(Loss.{loss}, Precision = Precision.Double)] [Input({inputs})] ");
                foreach (var layer in layers) source.Append($"[Dense({layer})] ");
                source.Append($"public partial class {name} {{ }}\n");
            }

            static string Dense(int units, string activation) => $"{units}, Activation.{activation}";

            // Every activation in every hidden position of one to three hidden layers.
            foreach (var activation in HiddenActivations)
                for (int depth = 1; depth <= 3; depth++)
                    Add("Hidden", "MeanSquaredError", 3, Enumerable.Repeat(Dense(4, activation), depth).Append(Dense(2, "Linear")).ToArray());

            // Every loss with every output activation it accepts, behind one to three hidden layers.
            foreach (var (loss, activation) in LossesAndOutputs)
                for (int depth = 1; depth <= 3; depth++)
                    Add("Output", loss, 3, Enumerable.Range(0, depth).Select(d => Dense(4, d % 2 == 0 ? "Tanh" : "Softplus")).Append(Dense(3, activation)).ToArray());

            // The looped strategy: every activation in a looped hidden layer and in a looped output layer,
            // plus a looped first layer reading the input span and an unrolled layer between looped ones.
            foreach (var activation in HiddenActivations)
                Add("Looped", "SumSquaredError", 35, new[] { Dense(32, activation), Dense(33, "Linear") });
            foreach (var (loss, activation) in LossesAndOutputs)
                Add("Looped", loss, 33, new[] { Dense(32, "Tanh"), Dense(33, activation) });
            Add("Looped", "CategoricalCrossEntropy", 40, new[] { Dense(30, "ReLU"), Dense(35, "ELU"), Dense(40, "Softmax") });
            Add("Looped", "BinaryCrossEntropy", 33, new[] { Dense(40, "Softplus"), Dense(33, "Sigmoid") });
            Add("Looped", "MeanSquaredError", 1100, new[] { Dense(2, "Tanh"), Dense(600, "SELU"), Dense(3, "Linear") });
            // Looped (40·2) → unrolled reading a span (2·3) → looped (3·40), so the unrolled layer keeps its values in spans.
            Add("Looped", "SumSquaredError", 40, new[] { Dense(2, "Tanh"), Dense(3, "ELU"), Dense(40, "Softplus"), Dense(3, "Softmax") });

            return (GeneratorHarness.CompileAndLoad(source.ToString(), assemblyName: "GradientCases"), cases);
        }
    }
}
