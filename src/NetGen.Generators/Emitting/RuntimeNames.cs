namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// The runtime's types as generated code names them: the one place that knows which namespace each lives in. The
    /// helpers only generated code calls are in <c>NetGen.GeneratedCode</c>, hidden from IntelliSense; the user's API
    /// is in <c>NetGen</c>.
    /// </summary>
    internal static class RuntimeNames
    {
        private const string UserNamespace = "global::NetGen";
        private const string GeneratedCodeNamespace = UserNamespace + ".GeneratedCode";

        public const string INetwork = UserNamespace + ".INetwork";
        public const string IInferenceNetwork = UserNamespace + ".IInferenceNetwork";
        public const string IFrozenNetwork = UserNamespace + ".IFrozenNetwork";
        public const string IStreamingNetwork = UserNamespace + ".IStreamingNetwork";
        public const string ParameterTensor = UserNamespace + ".ParameterTensor";
        public const string DeterministicRandom = UserNamespace + ".DeterministicRandom";
        public const string WeightFile = UserNamespace + ".WeightFile";
        public const string NetworkTrainer = UserNamespace + ".NetworkTrainer";
        public const string TrainingOptions = UserNamespace + ".TrainingOptions";
        public const string TrainingReport = UserNamespace + ".TrainingReport";
        public const string Loss = UserNamespace + ".Loss";
        public const string WeightInit = UserNamespace + ".WeightInit";

        public const string NetMath = GeneratedCodeNamespace + ".NetMath";
        public const string Guard = GeneratedCodeNamespace + ".Guard";
        public const string ParameterInitializer = GeneratedCodeNamespace + ".ParameterInitializer";
        public const string TrainingNoise = GeneratedCodeNamespace + ".TrainingNoise";
        public const string Conv2DShape = GeneratedCodeNamespace + ".Conv2DShape";
        public const string Pool2DShape = GeneratedCodeNamespace + ".Pool2DShape";
        public const string BatchMath = GeneratedCodeNamespace + ".BatchMath";
        public const string BatchNormMath = GeneratedCodeNamespace + ".BatchNormMath";
        public const string RecurrentMath = GeneratedCodeNamespace + ".RecurrentMath";
        public const string BatchRunner = GeneratedCodeNamespace + ".BatchRunner";
        public const string IBatchTiles = GeneratedCodeNamespace + ".IBatchTiles";
        public const string IBatchGradientTiles = GeneratedCodeNamespace + ".IBatchGradientTiles";
    }
}
