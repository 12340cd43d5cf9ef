using NetGen.Generators.Parsing;
using NetGen.Generators.Rules;

namespace NetGen.Generators.Model
{
    /// <summary>
    /// Everything one network's generated file depends on, as values: the spec (with an imported model's layers), the
    /// target's facts, its baked weights, and the import they came from.
    /// </summary>
    internal sealed record NetworkInput(NetworkSpec Spec, CompilationFacts Facts, BakedWeights? Weights, ImportedModel? Model = null)
    {
        /// <summary>
        /// The one way the generator and the analyzer complete a parsed spec: import its Model file (the model's layers when
        /// none are declared), then read its Weights file or take the model's parameters.
        /// </summary>
        public static NetworkInput Resolve(NetworkSpec parsed, CompilationFacts facts, EquatableArray<AdditionalFile> weightFiles, EquatableArray<AdditionalFile> modelFiles)
        {
            var model = ModelLoader.Load(parsed, modelFiles);
            var spec = parsed.WithModel(model);
            var weights = model is null ? WeightsLoader.Load(spec, weightFiles) : ModelRules.Weights(spec, model);
            return new NetworkInput(spec, facts, weights, model);
        }
    }
}
