using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
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
        /// <param name="spec">The network.</param>
        /// <param name="files">The project's weights-file candidates.</param>
        /// <param name="cache">Where results of earlier reads are kept; <see cref="WeightsCache.Shared"/> unless a test gives its own.</param>
        public static BakedWeights? Load(NetworkSpec spec, EquatableArray<AdditionalFile> files, WeightsCache? cache = null)
        {
            if (spec.WeightsFile is not string name) return null;
            if (NetworkRules.Shapes(spec) is not { } shapes || NetworkRules.SizeProblem(spec, shapes) is not null) return null;

            string wanted = Normalise(name);
            var file = files.FirstOrDefault(f => Normalise(f.Path).EndsWith("/" + wanted, StringComparison.OrdinalIgnoreCase) || Normalise(f.Path) == wanted);
            if (file is null) return new BakedWeights(WeightsStatus.NotFound, EquatableArray<double>.Empty, "");
            if (!file.IsReadable) return new BakedWeights(WeightsStatus.Unreadable, EquatableArray<double>.Empty, "the file could not be read");

            var tensors = ParameterTensors.State(spec, shapes);
            string architecture = spec.ArchitectureText(shapes[0]);
            bool singlePrecision = spec.Precision == Precision.Single;
            var layoutKey = new StringBuilder(architecture).Append('\n').Append(singlePrecision ? "float" : "double");
            foreach (var tensor in tensors) layoutKey.Append('\n').Append(tensor.Key).Append('@').Append(tensor.Offset).Append(':').Append(string.Join("x", tensor.Shape));

            return (cache ?? WeightsCache.Shared).GetOrRead(file.ContentKey, layoutKey.ToString(),
                () => Read(file.ReadText()!, tensors, architecture, singlePrecision));
        }

        /// <summary>
        /// Reads in the runtime's two steps, and the step that fails says what is wrong: text that is not JSON is
        /// <see cref="WeightsStatus.Unreadable"/>, JSON that does not fit the layers is <see cref="WeightsStatus.Mismatch"/>.
        /// </summary>
        private static BakedWeights Read(string text, IReadOnlyList<ParameterTensor> tensors, string architecture, bool singlePrecision)
        {
            object? document;
            try
            {
                document = JsonReader.Parse(text);
            }
            catch (InvalidDataException error)
            {
                return Failed(WeightsStatus.Unreadable, error);
            }

            try
            {
                var values = StateDictFormat.ReadParameters(document, tensors, tensors.Sum(t => t.Length), architecture, singlePrecision);
                return new BakedWeights(WeightsStatus.Loaded, values.ToEquatableArray(), "");
            }
            catch (InvalidDataException error)
            {
                return Failed(WeightsStatus.Mismatch, error);
            }
        }

        private static BakedWeights Failed(WeightsStatus status, InvalidDataException error) =>
            new(status, EquatableArray<double>.Empty, error.Message.TrimEnd('.'));

        private static string Normalise(string path) => path.Replace('\\', '/').TrimStart('.', '/');
    }
}
