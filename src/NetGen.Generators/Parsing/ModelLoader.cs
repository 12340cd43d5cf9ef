using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generators.Model;
using NetGen.Generators.Onnx;

namespace NetGen.Generators.Parsing
{
    /// <summary>Finds a network's Model file among the AdditionalFiles and imports it (<see cref="OnnxImport"/>), once per content.</summary>
    internal static class ModelLoader
    {
        /// <summary>ONNX models and TensorProto files, or their Base64 copies (<see cref="AdditionalFile.ReadBytes"/>); other AdditionalFiles are never read.</summary>
        public static bool IsCandidate(string path)
        {
            string name = path.EndsWith(AdditionalFile.Base64Extension, StringComparison.OrdinalIgnoreCase)
                ? path.Substring(0, path.Length - AdditionalFile.Base64Extension.Length)
                : path;
            return name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".pb", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The cache of imports the generator and the analyzer share within one process.</summary>
        public static ContentCache<ImportedModel> Shared { get; } = new(capacity: 16);

        /// <summary>Null when the network names no Model file.</summary>
        public static ImportedModel? Load(NetworkSpec spec, EquatableArray<AdditionalFile> files, ContentCache<ImportedModel>? cache = null)
        {
            if (spec.ModelFile is not string name) return null;
            if (Find(name, files) is not { } file)
                return ImportedModel.Failed(name, $"no AdditionalFiles item is named '{name}'; add <AdditionalFiles Include=\"{name}\" /> to the project");
            var references = ReferenceSets(file, files).ToList();
            if (spec.ReferenceInput is string input && spec.ReferenceOutput is string output)
                references.Add(($"ReferenceInput '{input}' with ReferenceOutput '{output}'", Find(input, files), Find(output, files)));
            string key = string.Join("\n", references.Select(r => r.Set + ":" + r.Input?.ContentKey + ":" + r.Output?.ContentKey));
            return (cache ?? Shared).GetOrRead(file.ContentKey, "onnx\n" + key, () => Import(file, name, references)).For(name);
        }

        /// <summary>ONNX's test-data layout beside the model: test_data_set_N/input_0.pb with output_0.pb, in name order.</summary>
        private static (string Set, AdditionalFile? Input, AdditionalFile? Output)[] ReferenceSets(AdditionalFile model, EquatableArray<AdditionalFile> files)
        {
            string path = Normalise(model.Path);
            if (path.EndsWith(AdditionalFile.Base64Extension, StringComparison.OrdinalIgnoreCase)) path = path.Substring(0, path.Length - AdditionalFile.Base64Extension.Length);
            string folder = path.Contains('/') ? path.Substring(0, path.LastIndexOf('/') + 1) : "";
            return files
                .Select(f => (File: f, Path: StripBase64(Normalise(f.Path))))
                .Where(f => f.Path.StartsWith(folder + "test_data_set_", StringComparison.Ordinal) && f.Path.EndsWith("/input_0.pb", StringComparison.Ordinal))
                .Select(f => (Set: f.Path.Substring(folder.Length, f.Path.Length - folder.Length - "/input_0.pb".Length), Input: f.File,
                    Output: files.FirstOrDefault(o => StripBase64(Normalise(o.Path)) == f.Path.Substring(0, f.Path.Length - "input_0.pb".Length) + "output_0.pb")))
                .Where(r => r.Output is not null && !r.Set.Contains('/'))
                .OrderBy(r => r.Set, StringComparer.Ordinal)
                .Select(r => (r.Set, (AdditionalFile?)r.Input, (AdditionalFile?)r.Output))
                .ToArray();

            static string StripBase64(string p) => p.EndsWith(AdditionalFile.Base64Extension, StringComparison.OrdinalIgnoreCase) ? p.Substring(0, p.Length - AdditionalFile.Base64Extension.Length) : p;
        }

        /// <summary>The AdditionalFiles item a path names (or its Base64 copy), matched on whole path segments.</summary>
        public static AdditionalFile? Find(string name, EquatableArray<AdditionalFile> files)
        {
            string wanted = Normalise(name);
            return files.FirstOrDefault(f => Matches(Normalise(f.Path), wanted) || Matches(Normalise(f.Path), wanted + AdditionalFile.Base64Extension));

            static bool Matches(string path, string wanted) =>
                path.Equals(wanted, StringComparison.OrdinalIgnoreCase) || path.EndsWith("/" + wanted, StringComparison.OrdinalIgnoreCase);
        }

        private static ImportedModel Import(AdditionalFile file, string name, IReadOnlyList<(string Set, AdditionalFile? Input, AdditionalFile? Output)> references)
        {
            if (file.ReadBytes() is not { } bytes) return ImportedModel.Failed(name, "the file could not be read");
            var read = OnnxFile.ReadModel(bytes);
            if (read.Value is not { } model) return ImportedModel.Failed(name, $"it is not a valid ONNX model ({read.Error})");
            var imported = OnnxImport.Run(model, name);
            if (!imported.IsComplete || references.Count == 0) return imported;
            return imported with { References = references.Select(r => Check(imported, r.Set, r.Input, r.Output)).ToEquatableArray() };
        }

        /// <summary>Runs the imported layers on a reference input, sample by sample, and compares with the reference output.</summary>
        private static ReferenceResult Check(ImportedModel model, string set, AdditionalFile? inputFile, AdditionalFile? outputFile)
        {
            if (inputFile is null || outputFile is null)
                return new ReferenceResult(set, double.NaN, $"the {(inputFile is null ? "input" : "output")} file is not an AdditionalFiles item; add it to the project");
            var input = OnnxFile.ReadTensor(inputFile.ReadBytes() ?? Array.Empty<byte>());
            var output = OnnxFile.ReadTensor(outputFile.ReadBytes() ?? Array.Empty<byte>());
            if (input.Value?.Values is not { } x || output.Value?.Values is not { } y)
                return new ReferenceResult(set, double.NaN, $"its tensors cannot be read ({input.Error ?? output.Error ?? "not float or double data"})");
            var shapes = new List<Shape> { model.Input!.Shape };
            foreach (var layer in model.Layers) shapes.Add(layer.OutputShape(shapes[shapes.Count - 1]));
            long inSize = shapes[0].Size, outSize = shapes[shapes.Count - 1].Size;
            if (x.Length % inSize != 0 || y.Length != x.Length / inSize * outSize || !FitsPerSample(input.Value.Dims, inSize) || !FitsPerSample(output.Value.Dims, outSize))
                return new ReferenceResult(set, double.NaN, $"its input [{string.Join(", ", input.Value.Dims)}] and output [{string.Join(", ", output.Value.Dims)}] do not fit {shapes[0].Text} → {shapes[shapes.Count - 1].Text} (a batch of samples first)");

            double worst = 0, scale = Math.Max(y.Select(Math.Abs).DefaultIfEmpty(0).Max(), 1e-30);
            for (long sample = 0; sample < x.Length / inSize; sample++)
            {
                var actual = LayerEvaluator.Forward(model.Layers.ToArray(), shapes[0], model.Parameters.ToArray(), x.Skip((int)(sample * inSize)).Take((int)inSize).ToArray());
                if (actual is null) return new ReferenceResult(set, double.NaN, "NetGen cannot evaluate these layers at build time");
                for (int i = 0; i < actual.Length; i++)
                {
                    double difference = Math.Abs(actual[i] - y[sample * outSize + i]) / scale;
                    worst = double.IsNaN(difference) ? double.PositiveInfinity : Math.Max(worst, difference);
                }
            }
            return new ReferenceResult(set, worst, null);
        }

        /// <summary>A tensor of [N, …] whose dimensions after the batch hold one sample each (a tensor of rank 1 is one sample).</summary>
        private static bool FitsPerSample(long[] dims, long sampleSize) =>
            dims.Length < 2 || dims.Skip(1).Aggregate(1L, (product, d) => product * d) == sampleSize;

        private static string Normalise(string path) => path.Replace('\\', '/').TrimStart('.', '/');
    }
}
