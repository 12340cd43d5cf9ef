namespace NetGen.Generators.Model
{
    /// <summary>Everything one network's generated file depends on, as values: the spec, the target's facts, its baked weights.</summary>
    internal sealed record NetworkInput(NetworkSpec Spec, CompilationFacts Facts, BakedWeights? Weights);
}
