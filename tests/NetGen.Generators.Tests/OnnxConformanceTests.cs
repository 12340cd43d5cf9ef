using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetGen.Generators.Onnx;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// ONNX's and PyTorch's conformance models (Debian's libonnx-testdata): every model either imports completely or is a
    /// diagnosis naming a reason, never an exception. The counts by operator go to the test output (docs/import.md has them).
    /// </summary>
    public class OnnxConformanceTests
    {
        private const string DataFolder = "/usr/share/libonnx-testdata/data";
        private readonly ITestOutputHelper _output;

        public OnnxConformanceTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Every_conformance_model_imports_or_is_a_diagnosis()
        {
            if (!Directory.Exists(DataFolder))
            {
                _output.WriteLine($"Skipped: {DataFolder} is absent (apt-get install libonnx-testdata).");
                return;
            }

            var imported = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var refused = new SortedDictionary<string, int>(StringComparer.Ordinal);
            int models = 0;
            foreach (string file in Directory.EnumerateFiles(DataFolder, "model.onnx", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                models++;
                var read = OnnxFile.ReadModel(File.ReadAllBytes(file));
                string op = read.Value is { } m ? string.Join("+", m.Graph.Nodes.Select(n => n.OpType).Distinct()) : "(unreadable)";
                if (read.Value is null)
                {
                    Assert.False(string.IsNullOrEmpty(read.Error), file);
                    Count(refused, op);
                    continue;
                }
                var import = OnnxImport.Run(read.Value, file);
                if (import.IsComplete) Count(imported, op);
                else
                {
                    Assert.True(import.Problem is not null || import.NodeProblems.All(p => p.Detail.Length > 0 && p.Operator.Length > 0), file);
                    Count(refused, import.NodeProblems.FirstOrDefault()?.Operator ?? "(graph: " + import.Problem!.Split(';')[0] + ")");
                }
            }

            _output.WriteLine($"{models} models: {imported.Values.Sum()} imported, {refused.Values.Sum()} diagnosed.");
            foreach (var (op, count) in imported) _output.WriteLine($"imported | {op} | {count}");
            foreach (var (op, count) in refused) _output.WriteLine($"diagnosed | {op} | {count}");
            Assert.True(models > 0);
        }

        private static void Count(SortedDictionary<string, int> counts, string key) => counts[key] = counts.TryGetValue(key, out int n) ? n + 1 : 1;
    }
}
