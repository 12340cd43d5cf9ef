extern alias Generator;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Generator::NetGen.Generators.Emitting;
using Generator::NetGen.Generators.Rules;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    using Activation = Generator::NetGen.Activation;
    using Loss = Generator::NetGen.Loss;

    /// <summary>
    /// Activations and the log-probability and logit losses against PyTorch's float64 autograd (Fixtures/torch_activations.json,
    /// written by tools/make_activation_fixture.py): σ(z) and σ'(z) at ordinary points and at every kink, through
    /// [Dense(n, activation)] networks with identity weights, unrolled (one unit) and looped (all points at once), in double
    /// (to 1e-9) and float (to 2e-4); the losses' outputs, values and ∂C/∂z one sample at a time and as a batch.
    /// </summary>
    public class ActivationTorchTests
    {
        private static readonly Lazy<JsonDocument> Fixture = new(() =>
            JsonDocument.Parse(File.ReadAllText(Path.Combine(TestDirectory(), "Fixtures", "torch_activations.json"))));

        private static readonly Lazy<Assembly> Networks = new(BuildNetworks);

        private static readonly (string Name, double Tolerance)[] Precisions = { ("Double", 1e-9), ("Single", 2e-4) };

        /// <summary>The element-wise activations PyTorch has no function for: a constant slope, a step, the sign, NetGen's clamp.</summary>
        private static readonly Activation[] WithoutTorchCounterpart = { Activation.Linear, Activation.Step, Activation.Sign, Activation.PiecewiseLinear };

        public static TheoryData<string> FixtureActivations => new(FixtureActivationNames());

        private static IEnumerable<string> FixtureActivationNames() => Fixture.Value.RootElement.GetProperty("activations").EnumerateObject().Select(p => p.Name);

        [Fact]
        public void The_fixture_has_every_element_wise_activation_PyTorch_defines()
        {
            var expected = Enum.GetValues<Activation>().Where(a => !ActivationMath.IsRowWise(a) && !WithoutTorchCounterpart.Contains(a)).Select(a => a.ToString());
            Assert.Equal(expected.OrderBy(n => n), FixtureActivationNames().OrderBy(n => n));
        }

        [Theory]
        [MemberData(nameof(FixtureActivations))]
        public void Value_and_derivative_equal_PyTorch_autograd_at_ordinary_points_and_kinks(string activation)
        {
            var expected = Fixture.Value.RootElement.GetProperty("activations").GetProperty(activation);
            double[] z = Vector(expected.GetProperty("z")), value = Vector(expected.GetProperty("value")), derivative = Vector(expected.GetProperty("derivative"));
            var failures = new List<string>();
            foreach (var (precision, tolerance) in Precisions)
            {
                // Unrolled: one unit, one point at a time.
                var unit = Network($"Unit{activation}{precision}");
                for (int i = 0; i < z.Length; i++)
                {
                    var (a, d) = unit.ValueAndDerivative(new[] { z[i] });
                    Compare(failures, $"{activation} {precision} unrolled σ({z[i]})", a[0], value[i], tolerance);
                    Compare(failures, $"{activation} {precision} unrolled σ'({z[i]})", d[0], derivative[i], tolerance);
                }

                // Looped: every point in one layer.
                var wide = Network($"Wide{activation}{precision}");
                var (values, derivatives) = wide.ValueAndDerivative(z);
                for (int i = 0; i < z.Length; i++)
                {
                    Compare(failures, $"{activation} {precision} looped σ({z[i]})", values[i], value[i], tolerance);
                    Compare(failures, $"{activation} {precision} looped σ'({z[i]})", derivatives[i], derivative[i], tolerance);
                }
            }
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }

        [Fact]
        public void LogSoftmax_with_NegativeLogLikelihood_and_the_losses_on_logits_equal_PyTorch()
        {
            var cases = Fixture.Value.RootElement.GetProperty("losses").EnumerateArray().ToArray();
            Assert.Equal(Enum.GetValues<Loss>().Where(l => l.ToString().EndsWith("FromLogits") || l == Loss.NegativeLogLikelihood).OrderBy(l => l),
                cases.Select(c => Enum.Parse<Loss>(c.GetProperty("loss").GetString()!)).Distinct().OrderBy(l => l));
            var failures = new List<string>();
            foreach (var (precision, tolerance) in Precisions)
                foreach (var group in cases.GroupBy(c => c.GetProperty("loss").GetString()!))
                {
                    var network = Network($"{group.Key}{precision}");
                    double[] batchInputs = group.SelectMany(c => Vector(c.GetProperty("z"))).ToArray(), batchTargets = group.SelectMany(c => Vector(c.GetProperty("y"))).ToArray();
                    double lossSum = 0;
                    var gradientSum = new double[4];
                    foreach (var item in group)
                    {
                        double[] z = Vector(item.GetProperty("z")), y = Vector(item.GetProperty("y")), output = Vector(item.GetProperty("output")), gradient = Vector(item.GetProperty("gradient"));
                        double value = item.GetProperty("value").GetDouble();
                        string label = $"{group.Key} {precision} z = [{string.Join(", ", z)}]";
                        var (forward, loss, computedLoss, inputGradient) = network.Sample(z, y);
                        for (int k = 0; k < 4; k++)
                        {
                            Compare(failures, $"{label}: output {k}", forward[k], output[k], tolerance);
                            Compare(failures, $"{label}: ∂C/∂z[{k}]", inputGradient[k], gradient[k], tolerance);
                            gradientSum[k] += gradient[k];
                        }
                        Compare(failures, $"{label}: Backward's loss", loss, value, tolerance);
                        Compare(failures, $"{label}: ComputeLoss", computedLoss, value, tolerance);
                        lossSum += value;
                    }

                    // BackwardBatch: with identity weights, ∂C/∂b summed over the batch is the sum of the samples' ∂C/∂z.
                    var (batchLoss, biasGradient) = network.Batch(batchInputs, batchTargets);
                    Compare(failures, $"{group.Key} {precision}: BackwardBatch's loss", batchLoss, lossSum, tolerance);
                    for (int k = 0; k < 4; k++) Compare(failures, $"{group.Key} {precision}: batch ∂C/∂b[{k}]", biasGradient[k], gradientSum[k], tolerance);
                }
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }

        private static void Compare(List<string> failures, string what, double actual, double expected, double tolerance)
        {
            if (!(Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected)))) failures.Add($"{what}: {actual:R}, PyTorch {expected:R}");
        }

        private static double[] Vector(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

        /// <summary>A generated network of either precision, seen through doubles, with identity weights and zero biases.</summary>
        private static IdentityNetwork Network(string typeName)
        {
            object instance = Activator.CreateInstance(Networks.Value.GetType(typeName)!)!;
            return instance is INetwork<double> d ? new IdentityNetwork<double>(d) : new IdentityNetwork<float>((INetwork<float>)instance);
        }

        private abstract class IdentityNetwork
        {
            /// <summary>σ(z) by Forward, σ'(z) by BackwardFromOutput with ∂C/∂ŷ = 1 (∂C/∂x = W σ' = σ').</summary>
            public abstract (double[] Value, double[] Derivative) ValueAndDerivative(double[] z);
            public abstract (double[] Output, double Loss, double ComputedLoss, double[] InputGradient) Sample(double[] z, double[] y);
            public abstract (double Loss, double[] BiasGradient) Batch(double[] inputs, double[] targets);
        }

        private sealed class IdentityNetwork<T> : IdentityNetwork where T : unmanaged
        {
            private readonly INetwork<T> _network;

            public IdentityNetwork(INetwork<T> network)
            {
                _network = network;
                int n = network.InputSize;
                var p = network.Parameters;
                p.Clear();
                for (int j = 0; j < n; j++) p[j * n + j] = From(1);
            }

            private static T From(double value) => (T)Convert.ChangeType(value, typeof(T));
            private static T[] From(double[] values) => values.Select(From).ToArray();
            private static double[] To(T[] values) => values.Select(v => Convert.ToDouble(v)).ToArray();

            public override (double[] Value, double[] Derivative) ValueAndDerivative(double[] z)
            {
                var input = From(z);
                var output = new T[z.Length];
                _network.Forward(input, output);
                var inputGradient = new T[z.Length];
                _network.BackwardFromOutput(input, From(Enumerable.Repeat(1.0, z.Length).ToArray()), new T[_network.ParameterCount], inputGradient);
                return (To(output), To(inputGradient));
            }

            public override (double[] Output, double Loss, double ComputedLoss, double[] InputGradient) Sample(double[] z, double[] y)
            {
                T[] input = From(z), target = From(y), output = new T[z.Length], inputGradient = new T[z.Length];
                _network.Forward(input, output);
                double loss = Convert.ToDouble(_network.Backward(input, target, new T[_network.ParameterCount], inputGradient));
                return (To(output), loss, Convert.ToDouble(_network.ComputeLoss(input, target)), To(inputGradient));
            }

            public override (double Loss, double[] BiasGradient) Batch(double[] inputs, double[] targets)
            {
                var gradient = new T[_network.ParameterCount];
                double loss = Convert.ToDouble(_network.BackwardBatch(From(inputs), From(targets), gradient));
                int n = _network.InputSize;
                return (loss, To(gradient.Skip(n * n).ToArray()));
            }
        }

        private static Assembly BuildNetworks()
        {
            var fixture = Fixture.Value.RootElement;
            var source = new StringBuilder("using NetGen;\n");
            foreach (var (precision, _) in Precisions)
            {
                foreach (var activation in fixture.GetProperty("activations").EnumerateObject())
                {
                    int points = activation.Value.GetProperty("z").GetArrayLength();
                    source.Append($"[Network(Loss.MeanSquaredError, Precision = Precision.{precision})] [Input(1)] [Dense(1, Activation.{activation.Name})] public partial class Unit{activation.Name}{precision} {{ }}\n");
                    source.Append($"[Network(Loss.MeanSquaredError, Precision = Precision.{precision})] [Input({points})] [Dense({points}, Activation.{activation.Name})] public partial class Wide{activation.Name}{precision} {{ }}\n");
                }
                foreach (var loss in fixture.GetProperty("losses").EnumerateArray().Select(c => c.GetProperty("loss").GetString()!).Distinct())
                {
                    string output = NetworkRules.RequiredOutputActivation(Enum.Parse<Loss>(loss))!.Value.ToString();
                    source.Append($"[Network(Loss.{loss}, Precision = Precision.{precision})] [Input(4)] [Dense(4, Activation.{output})] public partial class {loss}{precision} {{ }}\n");
                }
            }
            return GeneratorHarness.CompileAndLoad(source.ToString(), assemblyName: "TorchActivationCases");
        }

        private static string TestDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
    }
}
