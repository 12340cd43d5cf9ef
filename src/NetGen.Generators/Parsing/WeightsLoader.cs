using System;
using System.IO;
using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;
using NetGen.Generators.Rules;

namespace NetGen.Generators.Parsing
{
    /// <summary>Finds a network's Weights file among the AdditionalFiles and reads it with the runtime's own state_dict reader.</summary>
    internal static class WeightsLoader
    {
        /// <summary>Only JSON files can hold weights; other AdditionalFiles are never read.</summary>
        public static bool IsCandidate(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

        /// <summary>Null when the network names no file, or when its shapes or size are invalid (the rules report those first).</summary>
        public static BakedWeights? Load(NetworkSpec spec, EquatableArray<AdditionalFile> files)
        {
            if (spec.WeightsFile is not string name) return null;
            if (NetworkRules.Shapes(spec) is not { } shapes || NetworkRules.SizeProblem(spec, shapes) is not null) return null;

            string wanted = Normalise(name);
            var file = files.FirstOrDefault(f => Normalise(f.Path).EndsWith("/" + wanted, StringComparison.OrdinalIgnoreCase) || Normalise(f.Path) == wanted);
            if (file is null) return new BakedWeights(WeightsStatus.NotFound, EquatableArray<double>.Empty, "");
            if (file.Text is null) return new BakedWeights(WeightsStatus.Unreadable, EquatableArray<double>.Empty, "the file could not be read");

            var tensors = ParameterTensors.Of(spec, shapes);
            int count = tensors.Sum(t => t.Length);
            try
            {
                return new BakedWeights(WeightsStatus.Loaded, StateDictFormat.ReadParameters(file.Text, tensors, count,
                    spec.ArchitectureText(shapes[0]), singlePrecision: spec.Precision == Precision.Single).ToEquatableArray(), "");
            }
            catch (InvalidDataException error)
            {
                bool notJson = error.Message.StartsWith("Not valid JSON", StringComparison.Ordinal);
                return new BakedWeights(notJson ? WeightsStatus.Unreadable : WeightsStatus.Mismatch, EquatableArray<double>.Empty, error.Message.TrimEnd('.'));
            }
        }

        private static string Normalise(string path) => path.Replace('\\', '/').TrimStart('.', '/');
    }
}
