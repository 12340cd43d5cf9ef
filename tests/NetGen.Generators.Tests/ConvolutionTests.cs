using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// Image networks against PyTorch: Fixtures/conv_gradients.json holds 52 small Conv1D/Conv2D/pooling/Dense networks
    /// with parameters, an input, a target and what PyTorch 1.13's float64 autograd computed for them (tools/make_conv_fixture.py,
    /// every activation, padding 0–2, stride 1–3, both pooling kinds, overlapping windows, image layers as outputs, every loss;
    /// then every argument of issue 19 alone and together: rectangular kernels and windows, "same" (odd, even, stride 2),
    /// causal with dilation, groups and depthwise ×2, no bias, padding wider than the map, padded and global pooling, Conv1D).
    /// Fixtures/prelu_gradients.json adds 10 [PReLU] networks in the same format (tools/make_prelu_fixture.py: one slope and one per
    /// channel or unit, after Dense, Conv2D and Conv1D, first and last, and three whose input has exact zeros under the PReLU, the
    /// kink where ∂C/∂x follows autograd's convention). Fixtures/recurrent_gradients.json adds 17 [LSTM]/[GRU]/[RNN] networks, 14 on
    /// [Input(features, Steps = L)] (tools/make_recurrent_fixture.py: many-to-one and sequence to sequence, stacked, without bias,
    /// RNN with tanh and ReLU, Dense layers on the steps before, between and after) and 3 on a 1-D map [Input(channels, length)],
    /// through Conv1D and pooling or straight, read as L steps of C features (PyTorch's permute(0, 2, 1)). Each is declared with NetGen's attributes in double and in float,
    /// generated into one assembly and compared.
    /// </summary>
    public class ConvolutionTests
    {
        private static readonly Lazy<(Assembly Assembly, IReadOnlyList<FixtureCase> Cases)> Networks = new(BuildNetworks);

        internal sealed record FixtureCase(string Name, string Loss, int[] Input, JsonElement[] Layers, double[] Parameters, double[] X, double[] Target,
            double[] Output, double Loss_, double[] Gradient, double[] InputGradient, bool AtKink, int? Steps);

        /// <summary>The fixture files and how many cases each holds.</summary>
        private static readonly (string File, int Cases)[] FixtureFiles = { ("conv_gradients.json", 52), ("prelu_gradients.json", 10), ("recurrent_gradients.json", 17) };

        [Fact]
        public void Outputs_losses_and_gradients_equal_PyTorch_autograd_in_double()
        {
            var (assembly, cases) = Networks.Value;
            var failures = new List<string>();
            foreach (var c in cases)
            {
                var network = (INetwork<double>)Activator.CreateInstance(assembly.GetType(c.Name + "_Double")!)!;
                c.Parameters.CopyTo(network.Parameters);
                var output = new double[network.OutputSize];
                network.Forward(c.X, output);
                var gradient = new double[network.ParameterCount];
                var inputGradient = new double[network.InputSize];
                double loss = network.Backward(c.X, c.Target, gradient, inputGradient);

                Check(c.Name, "output", output, c.Output, 1e-9, failures);
                Check(c.Name, "loss", new[] { loss }, new[] { c.Loss_ }, 1e-9, failures);
                Check(c.Name, "loss (ComputeLoss)", new[] { network.ComputeLoss(c.X, c.Target) }, new[] { c.Loss_ }, 1e-9, failures);
                Check(c.Name, "∂C/∂θ", gradient, c.Gradient, 1e-9, failures);
                Check(c.Name, "∂C/∂x", inputGradient, c.InputGradient, 1e-9, failures);
            }

            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
            Assert.Equal(FixtureFiles.Sum(f => f.Cases), cases.Count);
        }

        [Fact]
        public void Outputs_and_gradients_equal_PyTorch_autograd_in_float()
        {
            var (assembly, cases) = Networks.Value;
            var failures = new List<string>();
            foreach (var c in cases)
            {
                var network = (INetwork<float>)Activator.CreateInstance(assembly.GetType(c.Name + "_Single")!)!;
                for (int k = 0; k < c.Parameters.Length; k++) network.Parameters[k] = (float)c.Parameters[k];
                float[] x = c.X.Select(v => (float)v).ToArray(), target = c.Target.Select(v => (float)v).ToArray();
                var output = new float[network.OutputSize];
                network.Forward(x, output);
                var gradient = new float[network.ParameterCount];
                var inputGradient = new float[network.InputSize];
                network.Backward(x, target, gradient, inputGradient);

                Check(c.Name, "output", output.Select(v => (double)v).ToArray(), c.Output, 2e-4, failures);
                Check(c.Name, "∂C/∂θ", gradient.Select(v => (double)v).ToArray(), c.Gradient, 2e-4, failures);
                Check(c.Name, "∂C/∂x", inputGradient.Select(v => (double)v).ToArray(), c.InputGradient, 2e-4, failures);
            }

            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }

        [Fact]
        public void The_batched_code_equals_PyTorch_autograd_in_double()
        {
            // The fixture's one sample 18 times (a whole tile of 16 and a partial one): every output is PyTorch's, the summed
            // loss and gradient 18 times its.
            const int copies = 18;
            var (assembly, cases) = Networks.Value;
            var failures = new List<string>();
            foreach (var c in cases)
            {
                var network = (INetwork<double>)Activator.CreateInstance(assembly.GetType(c.Name + "_Double")!)!;
                c.Parameters.CopyTo(network.Parameters);
                var inputs = Enumerable.Repeat(c.X, copies).SelectMany(x => x).ToArray();
                var targets = Enumerable.Repeat(c.Target, copies).SelectMany(y => y).ToArray();
                var outputs = new double[copies * network.OutputSize];
                network.ForwardBatch(inputs, outputs, threads: 2);
                var gradient = new double[network.ParameterCount];
                double loss = network.BackwardBatch(inputs, targets, gradient, threads: 2);

                Check(c.Name, "batched outputs", outputs, Enumerable.Repeat(c.Output, copies).SelectMany(o => o).ToArray(), 1e-9, failures);
                Check(c.Name, "batched loss", new[] { loss }, new[] { copies * c.Loss_ }, 1e-9, failures);
                Check(c.Name, "batched ∂C/∂θ", gradient, c.Gradient.Select(g => copies * g).ToArray(), 1e-9, failures);
            }

            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }

        [Fact]
        public void Every_image_network_passes_the_gradient_check()
        {
            var (assembly, cases) = Networks.Value;
            foreach (var c in cases)
            {
                var network = (INetwork<double>)Activator.CreateInstance(assembly.GetType(c.Name + "_Double")!, 11)!;
                var parameters = GradientCheck.Parameters(network, c.X, c.Target);
                var inputs = GradientCheck.Inputs(network, c.X, c.Target);
                Assert.True(parameters.RelativeError < 1e-7, $"{c.Name}: parameters {parameters}");
                // At a kink a central difference averages the two sides; autograd's convention is checked against the fixture above.
                if (!c.AtKink) Assert.True(inputs.RelativeError < 1e-7, $"{c.Name}: inputs {inputs}");
            }
        }

        [Fact]
        public void TrainStep_equals_an_sgd_step_on_Backward()
        {
            var (assembly, cases) = Networks.Value;
            foreach (var c in cases)
            {
                var type = assembly.GetType(c.Name + "_Double")!;
                var stepped = (INetwork<double>)Activator.CreateInstance(type, 5)!;
                var reference = (INetwork<double>)Activator.CreateInstance(type, 5)!;
                var gradient = new double[reference.ParameterCount];
                double expectedLoss = reference.Backward(c.X, c.Target, gradient);
                for (int k = 0; k < gradient.Length; k++) reference.Parameters[k] -= 0.05 * gradient[k];

                Assert.Equal(expectedLoss, stepped.TrainStep(c.X, c.Target, 0.05), tolerance: 1e-12);
                for (int k = 0; k < gradient.Length; k++) Assert.Equal(reference.Parameters[k], stepped.Parameters[k], tolerance: 1e-12);
            }
        }

        [Fact]
        public void Parameter_tensors_are_laid_out_like_PyTorch_and_round_trip_through_state_dict_json_and_weight_files()
        {
            var (assembly, cases) = Networks.Value;
            var c = cases.Single(x => x.Name == "Conv_ReLU_Conv_Tanh_MaxPool_Dense_Softmax");
            var network = (INetwork<double>)Activator.CreateInstance(assembly.GetType(c.Name + "_Double")!, 3)!;
            Assert.Equal(
                new[] { "layers.0.weight [3,1,3,3] @0", "layers.0.bias [3] @27", "layers.1.weight [2,3,3,3] @30", "layers.1.bias [2] @84",
                        "layers.3.weight [3,8] @86", "layers.3.bias [3] @110" },
                network.ParameterTensors.Select(t => $"{t.Key} [{string.Join(",", t.Shape)}] @{t.Offset}"));
            Assert.Equal(113, network.ParameterCount);
            Assert.Equal(new[] { 64, 108, 32, 8, 3 }, network.LayerSizes);
            Assert.Equal("1×8×8 → Conv2D 3 3×3 ReLU → Conv2D 2 3×3 Tanh → MaxPool2D 2 → Dense 3 Softmax; CategoricalCrossEntropy; double", network.Architecture);

            string json = StateDict.ToJson(network);
            Assert.Contains("\"layers.0.weight\": [[[[", json);
            var copy = (INetwork<double>)Activator.CreateInstance(assembly.GetType(c.Name + "_Double")!, 4)!;
            StateDict.FromJson(copy, json);
            Assert.Equal(network.Parameters.ToArray(), copy.Parameters.ToArray());

            var file = new MemoryStream();
            network.Save(file);
            file.Position = 0;
            var loaded = (INetwork<double>)Activator.CreateInstance(assembly.GetType(c.Name + "_Double")!, 5)!;
            loaded.Load(file);
            Assert.Equal(network.Parameters.ToArray(), loaded.Parameters.ToArray());
        }

        [Fact]
        public void A_conv_kernel_is_initialised_with_its_fans()
        {
            var (assembly, _) = Networks.Value;
            // Conv2D(4, 5) on 2 channels, Tanh → Xavier with fanIn 2·25 = 50, fanOut 4·25 = 100: |w| ≤ √(6/150) = 0.2.
            var network = (INetwork<double>)Activator.CreateInstance(assembly.GetType("Conv_KernelCoversInput_Tanh_Dense_Softmax_Double")!, 7)!;
            var kernel = network.Parameters.Slice(0, 200).ToArray();
            Assert.All(kernel, w => Assert.True(Math.Abs(w) <= 0.2, $"{w}"));
            Assert.True(kernel.Max(Math.Abs) > 0.15, "the kernel should fill its Xavier range");
            Assert.All(network.Parameters.Slice(200, 4).ToArray(), b => Assert.Equal(0, b));
        }

        private static void Check(string name, string what, double[] actual, double[] expected, double tolerance, List<string> failures)
        {
            if (actual.Length != expected.Length)
            {
                failures.Add($"{name}: {what} has {actual.Length} values, PyTorch {expected.Length}");
                return;
            }

            double scale = Math.Max(expected.Max(v => Math.Abs(v)), 1e-12);
            double worst = actual.Zip(expected, (a, e) => Math.Abs(a - e)).DefaultIfEmpty(0).Max() / scale;
            if (!(worst <= tolerance)) failures.Add($"{name}: {what} differs from PyTorch by {worst:E2} relative (tolerance {tolerance:E0})");
        }

        internal static IReadOnlyList<FixtureCase> ReadFixture([CallerFilePath] string path = "") =>
            FixtureFiles.SelectMany(f => ReadFixtureFile(Path.Combine(Path.GetDirectoryName(path)!, "Fixtures", f.File))).ToList();

        private static IEnumerable<FixtureCase> ReadFixtureFile(string file)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            return document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new FixtureCase(
                c.GetProperty("name").GetString()!, c.GetProperty("loss").GetString()!,
                c.GetProperty("input").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
                c.GetProperty("layers").EnumerateArray().Select(l => l.Clone()).ToArray(),
                Numbers(c.GetProperty("parameters")), Numbers(c.GetProperty("x")), Numbers(c.GetProperty("target")), Numbers(c.GetProperty("output")),
                c.GetProperty("loss_value").GetDouble(), Numbers(c.GetProperty("gradient")), Numbers(c.GetProperty("input_gradient")),
                c.TryGetProperty("at_kink", out var kink) && kink.GetBoolean(),
                c.TryGetProperty("steps", out var steps) ? steps.GetInt32() : null)).ToList();
        }

        /// <summary>The attributes that declare a fixture case, e.g. [Input(1, 6, 6)] [Conv2D(2, 3, Activation.Tanh, Stride = 1, Padding = 0)].</summary>
        internal static string Declaration(FixtureCase c, string precision, string name)
        {
            string steps = c.Steps is int length ? $", Steps = {length.ToString(CultureInfo.InvariantCulture)}" : "";
            var text = new StringBuilder($"[Network(Loss.{c.Loss}, Precision = Precision.{precision})] [Input({string.Join(", ", c.Input)}{steps})] ");
            foreach (var layer in c.Layers)
            {
                string Int(string key) => layer.GetProperty(key).GetInt32().ToString(CultureInfo.InvariantCulture);
                string Optional(string key) => layer.TryGetProperty(key, out var v)
                    ? $", {char.ToUpperInvariant(key[0])}{key.Substring(1)} = {v.GetDouble().ToString("R", CultureInfo.InvariantCulture)}" : "";
                string activation = layer.TryGetProperty("activation", out var a) ? $"Activation.{a.GetString()}" : "";
                if (layer.TryGetProperty("args", out var args))
                {
                    // A layer of the geometry cases: [Kind(args…, activation, Name = value…)] exactly as the fixture lists it.
                    var parts = args.EnumerateArray().Select(v => v.GetInt32().ToString(CultureInfo.InvariantCulture)).ToList();
                    if (activation.Length > 0) parts.Add(activation);
                    parts.AddRange(layer.GetProperty("named").EnumerateObject().Select(p => $"{p.Name} = " + (p.Value.ValueKind switch
                    {
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => p.Value.GetInt32().ToString(CultureInfo.InvariantCulture),
                    })));
                    string kind = layer.GetProperty("kind").GetString()!;
                    text.Append(parts.Count == 0 ? $"[{kind}] " : $"[{kind}({string.Join(", ", parts)})] ");
                    continue;
                }
                text.Append(layer.GetProperty("kind").GetString() switch
                {
                    "Conv2D" => $"[Conv2D({Int("filters")}, {Int("kernel")}, {activation}, Stride = {Int("stride")}, Padding = {Int("padding")}{Optional("slope")}{Optional("alpha")})] ",
                    "Dense" => $"[Dense({Int("units")}, {activation}{Optional("slope")}{Optional("alpha")})] ",
                    var pool => $"[{pool}({Int("size")}, Stride = {Int("stride")})] ",
                });
            }
            return text.Append($"public partial class {name} {{ }}\n").ToString();
        }

        private static (Assembly, IReadOnlyList<FixtureCase>) BuildNetworks()
        {
            var cases = ReadFixture();
            var source = new StringBuilder("using NetGen;\n");
            foreach (var c in cases)
            {
                source.Append(Declaration(c, "Double", c.Name + "_Double"));
                source.Append(Declaration(c, "Single", c.Name + "_Single"));
            }
            return (GeneratorHarness.CompileAndLoad(source.ToString(), assemblyName: "ConvolutionCases"), cases);
        }
    }
}
