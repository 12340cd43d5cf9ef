using System.Collections.Immutable;

namespace NetGen.Generators.Parsing
{
    /// <summary>The metadata names the generator and analyzers look for, and the member names the generator declares.</summary>
    internal static class KnownNames
    {
        public const string NetworkAttribute = "NetGen.NetworkAttribute";
        public const string InputAttribute = "NetGen.InputAttribute";
        public const string DenseAttribute = "NetGen.DenseAttribute";

        public const string Slope = "Slope";
        public const string Threshold = "Threshold";
        public const string Alpha = "Alpha";
        public const string Init = "Init";
        public const string BiasInit = "BiasInit";
        public const string Precision = "Precision";
        public const string Seed = "Seed";
        public const string Weights = "Weights";
        public const string Frozen = "Frozen";

        /// <summary>Members every generated network declares; a user member of the same name conflicts (NG0014).</summary>
        public static readonly ImmutableArray<string> GeneratedMembers = ImmutableArray.Create(
            "InputSize", "OutputSize", "ParameterCount", "Parameters", "Architecture", "Forward", "ComputeLoss", "Backward", "BackwardFromOutput", "TrainStep", "Train",
            "Save", "Load", "LayerSizes", "LayerSizeValues", "BakedParameters",
            "_parameters", "ParameterBuffer", "Backpropagate", "BackpropagateFromOutput");
    }
}
