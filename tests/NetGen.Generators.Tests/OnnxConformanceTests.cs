using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Generators.Model;
using NetGen.Generators.Onnx;
using NetGen.Generators.Parsing;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// ONNX's and PyTorch's conformance models (Debian's libonnx-testdata): every model either imports completely and
    /// reproduces the outputs of its test_data_set_N folders at build time, or is a diagnosis naming a reason, never an
    /// exception. The counts by operator go to the test output (docs/import.md has them).
    /// </summary>
    public class OnnxConformanceTests
    {
        private const string DataFolder = "/usr/share/libonnx-testdata/data";
        private static readonly string[] Suites = { "node", "pytorch-converted", "pytorch-operator" };
        private readonly ITestOutputHelper _output;

        public OnnxConformanceTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Every_conformance_model_reproduces_its_test_data_or_is_a_diagnosis()
        {
            Assert.True(Directory.Exists(DataFolder),
                $"ONNX's conformance models are not in {DataFolder}: install Debian's libonnx-testdata package (apt-get install libonnx-testdata; .ci/run does)");

            var reproduced = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var refused = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var disagreeing = new List<string>();
            int models = 0;
            foreach (string file in Suites.SelectMany(suite => Directory.EnumerateFiles(Path.Combine(DataFolder, suite), "model.onnx", SearchOption.AllDirectories))
                         .OrderBy(f => f, StringComparer.Ordinal))
            {
                models++;
                string folder = Path.GetDirectoryName(file)!;
                var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".onnx", StringComparison.Ordinal) || f.EndsWith(".pb", StringComparison.Ordinal))
                    .Select(f => AdditionalFile.From(OnnxImportTests.Binary(f.Substring(DataFolder.Length + 1), File.ReadAllBytes(f)), default))
                    .ToEquatableArray();
                string name = file.Substring(DataFolder.Length + 1);
                var model = ModelLoader.Load(OnnxImportTests.Spec(name), files, new ContentCache<ImportedModel>(1))!;
                string test = name.Split('/')[0] + "/" + name.Split('/')[1];
                if (!model.IsComplete)
                {
                    Assert.True(model.Problem is { Length: > 0 } || model.NodeProblems.All(p => p.Detail.Length > 0 && p.Operator.Length > 0), name);
                    Count(refused, model.NodeProblems.FirstOrDefault()?.Operator ?? GraphProblem(model.Problem!));
                    continue;
                }
                if (model.References.Count == 0 || model.References.Any(r => r.Fails))
                    disagreeing.Add($"{test}: {string.Join("; ", model.References.Select(r => r.Problem ?? r.WorstRelativeDifference.ToString("E2")))}{(model.References.Count == 0 ? "no test data" : "")}");
                else Count(reproduced, string.Join(" + ", OnnxFile.ReadModel(File.ReadAllBytes(file)).Value!.Graph.Nodes.Select(n => n.OpType).Distinct()));
            }

            _output.WriteLine($"{models} models: {reproduced.Values.Sum()} imported and reproduced, {refused.Values.Sum()} diagnosed, {disagreeing.Count} imported without reproducing.");
            foreach (var (layers, count) in reproduced) _output.WriteLine($"reproduced | {layers} | {count}");
            foreach (var (op, count) in refused) _output.WriteLine($"diagnosed | {op} | {count}");
            foreach (var line in disagreeing) _output.WriteLine("NOT REPRODUCED | " + line);
            Assert.True(models > 0);
            Assert.Empty(disagreeing);
        }

        /// <summary>Why a whole graph was refused, in the few kinds the counts tell apart.</summary>
        private static string GraphProblem(string problem) =>
            problem.Contains(" inputs;") ? "(graph: not one input)"
            : problem.Contains(" outputs;") ? "(graph: not one output)"
            : problem.Contains("element type") ? "(graph: input not float or double)"
            : problem.Contains("dimensions;") ? "(graph: input of another rank)"
            : problem.Contains("not the end of the chain") ? "(graph: output not at the end of the chain)"
            : "(graph: " + problem + ")";

        private static void Count(SortedDictionary<string, int> counts, string key) => counts[key] = counts.TryGetValue(key, out int n) ? n + 1 : 1;
    }
}
