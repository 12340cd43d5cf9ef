using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using NetGen.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests
{
    /// <summary>state_dict JSON: exact round trips, strict validation, and agreement with PyTorch.</summary>
    public class StateDictTests
    {
        private readonly ITestOutputHelper _output;

        public StateDictTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Json_round_trips_exactly_in_float_and_double()
        {
            var xor = new XorNet(3);
            var copy = new XorNet(4);
            StateDict.FromJson(copy, StateDict.ToJson(xor));
            Assert.Equal(xor.Parameters.ToArray(), copy.Parameters.ToArray());

            var seed001 = new Seed001Net(3);
            var seedCopy = new Seed001Net(4);
            StateDict.FromJson(seedCopy, StateDict.ToJson(seed001));
            Assert.Equal(seed001.Parameters.ToArray(), seedCopy.Parameters.ToArray());
        }

        [Fact]
        public void The_json_uses_pytorch_names_and_shapes()
        {
            using var document = JsonDocument.Parse(StateDict.ToJson(new XorNet()));
            var root = document.RootElement;
            Assert.Equal(new[] { "architecture", "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias" },
                root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(4, root.GetProperty("layers.0.weight").GetArrayLength());
            Assert.Equal(2, root.GetProperty("layers.0.weight")[0].GetArrayLength());
            Assert.Equal(new XorNet().Parameters[1], root.GetProperty("layers.0.weight")[0][1].GetSingle());
            Assert.Equal(new XorNet().Parameters[8], root.GetProperty("layers.0.bias")[0].GetSingle());
        }

        [Fact]
        public void Grouped_and_bias_less_convolutions_have_pytorch_shapes_and_no_bias_key()
        {
            var network = new CausalNet();
            var json = StateDict.ToJson(network);
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            // Conv1d(2, 4, 3) [4, 2, 3] + bias; Conv1d(4, 4, 2, groups=2, bias=False) [4, 2, 2] alone; Conv1d(4, 3, 2); Linear(3, 2).
            Assert.Equal(new[] { "architecture", "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.3.weight", "layers.3.bias", "layers.6.weight", "layers.6.bias" },
                root.EnumerateObject().Select(p => p.Name));
            var grouped = root.GetProperty("layers.1.weight");
            Assert.Equal((4, 2, 2), (grouped.GetArrayLength(), grouped[0].GetArrayLength(), grouped[0][0].GetArrayLength()));

            var copy = new CausalNet(seed: 99);
            StateDict.FromJson(copy, json);
            Assert.Equal(network.Parameters.ToArray(), copy.Parameters.ToArray());

            // A bias for the bias-less layer is refused by name, and nothing changes.
            var withBias = json.TrimEnd().TrimEnd('}') + ", \"layers.1.bias\": [0, 0, 0, 0]}";
            var before = copy.Parameters.ToArray();
            var error = Assert.Throws<InvalidDataException>(() => StateDict.FromJson(copy, withBias));
            Assert.Contains("\"layers.1.bias\", which is not a parameter", error.Message);
            Assert.Equal(before, copy.Parameters.ToArray());
        }

        [Fact]
        public void Bias_less_dense_layers_have_no_bias_key_and_refuse_one_by_name()
        {
            var network = new BiasFreeMlpNet();
            Assert.Equal(12 * 16 + 16 * 4 + 4 + 4 * 2, network.Parameters.Length);
            Assert.Equal("12 → Dense 16 no bias Tanh → Dense 4 Tanh → Dense 2 no bias Linear; MeanSquaredError; float", network.Architecture);
            var json = StateDict.ToJson(network);
            using var document = JsonDocument.Parse(json);
            Assert.Equal(new[] { "architecture", "layers.0.weight", "layers.1.weight", "layers.1.bias", "layers.2.weight" },
                document.RootElement.EnumerateObject().Select(p => p.Name));

            var copy = new BiasFreeMlpNet(seed: 99);
            StateDict.FromJson(copy, json);
            Assert.Equal(network.Parameters.ToArray(), copy.Parameters.ToArray());

            var withBias = json.TrimEnd().TrimEnd('}') + ", \"layers.2.bias\": [0, 0]}";
            var before = copy.Parameters.ToArray();
            var error = Assert.Throws<InvalidDataException>(() => StateDict.FromJson(copy, withBias));
            Assert.Contains("\"layers.2.bias\", which is not a parameter", error.Message);
            Assert.Equal(before, copy.Parameters.ToArray());
        }

        [Theory]
        [InlineData("""{"layers.0.weight": [[1,2],[3,4],[5,6],[7,8]], "layers.0.bias": [1,2,3,4], "layers.1.weight": [[1,2,3,4]]}""", "\"layers.1.bias\" is missing")]
        [InlineData("""{"layers.0.weight": [[1,2],[3,4],[5,6]], "layers.0.bias": [1,2,3,4], "layers.1.weight": [[1,2,3,4]], "layers.1.bias": [0]}""", "must be 4 rows of 2 numbers")]
        [InlineData("""{"layers.0.weight": [[1,2],[3,4],[5,6],[7,"x"]], "layers.0.bias": [1,2,3,4], "layers.1.weight": [[1,2,3,4]], "layers.1.bias": [0]}""", "not a number")]
        [InlineData("""{"layers.0.weight": [[1,2],[3,4],[5,6],[7,8]], "layers.0.bias": [1,2,3,4], "layers.1.weight": [[1,2,3,4]], "layers.1.bias": [0], "layers.2.weight": []}""", "\"layers.2.weight\", which is not a parameter")]
        [InlineData("""{"layers.0.weight": [[1,2],[3,4],[5,6],[7,8]], "layers.0.bias": [1,2,3,4]""", "Not valid JSON")]
        [InlineData("""[1, 2]""", "not an object")]
        public void Bad_json_is_rejected_with_the_reason_and_changes_nothing(string json, string reason)
        {
            var network = new XorNet();
            var before = network.Parameters.ToArray();
            var error = Assert.Throws<InvalidDataException>(() => StateDict.FromJson(network, json));
            Assert.Contains(reason, error.Message);
            Assert.Equal(before, network.Parameters.ToArray());
        }

        [Fact]
        public void A_network_trained_in_pytorch_gives_the_same_outputs_in_netgen()
        {
            // The committed fixture was written by tools/make_torch_fixture.py with Debian's python3-torch.
            string fixtures = Path.Combine(TestDirectory(), "Fixtures");
            AssertSameOutputs(fixtures);

            // Where PyTorch is installed (CI installs it), train afresh and compare again.
            if (!PythonHasTorch())
            {
                _output.WriteLine("python3-torch is not installed: compared the committed PyTorch fixture only.");
                return;
            }
            string fresh = Directory.CreateTempSubdirectory("netgen-torch-").FullName;
            try
            {
                Run("/usr/bin/python3", $"\"{Path.Combine(TestDirectory(), "..", "..", "tools", "make_torch_fixture.py")}\" \"{fresh}\"");
                AssertSameOutputs(fresh);
                _output.WriteLine("Compared a network trained just now by PyTorch.");
            }
            finally
            {
                Directory.Delete(fresh, recursive: true);
            }
        }

        private static void AssertSameOutputs(string directory)
        {
            AssertSameOutputs(new TorchMlpNet(), directory, "torch_mlp");
            AssertSameOutputs(new TorchConvNet(), directory, "torch_conv");
            // The running statistics are buffers: the exporter writes them beside the weights, and Forward is PyTorch's eval().
            AssertSameOutputs(new TorchBatchNormNet(), directory, "torch_batchnorm_net");
        }

        private static void AssertSameOutputs(INetwork<double> network, string directory, string name)
        {
            // The exporter writes the architecture line, so FromJson checks it against the network's own.
            string json = File.ReadAllText(Path.Combine(directory, name + ".json"));
            using (var document = JsonDocument.Parse(json))
                Assert.Equal(network.Architecture, document.RootElement.GetProperty("architecture").GetString());
            StateDict.FromJson(network, json);
            using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, name + "_outputs.json")));
            var inputs = expected.RootElement.GetProperty("inputs").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            var outputs = expected.RootElement.GetProperty("outputs").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            Assert.Equal(10, inputs.Length);

            var output = new double[network.OutputSize];
            for (int s = 0; s < inputs.Length; s++)
            {
                network.Forward(inputs[s], output);
                for (int k = 0; k < output.Length; k++) Assert.True(Math.Abs(output[k] - outputs[s][k]) < 1e-6, $"sample {s}, output {k}: NetGen {output[k]:R}, PyTorch {outputs[s][k]:R}");
            }
        }

        private static bool PythonHasTorch()
        {
            if (!File.Exists("/usr/bin/python3")) return false;
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", "-c \"import torch\"") { RedirectStandardError = true, UseShellExecute = false })!;
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }

        private static void Run(string fileName, string arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            string error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{fileName} {arguments}: {error}");
        }

        private static string TestDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
    }
}
