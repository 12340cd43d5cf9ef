using System.Collections.Immutable;
using System.Linq;

namespace NetGen.Generators.Parsing
{
    /// <summary>The metadata names the generator and analyzers look for, and the member names the generator declares.</summary>
    internal static class KnownNames
    {
        public const string NetworkAttribute = "NetGen.NetworkAttribute";
        public const string InputAttribute = "NetGen.InputAttribute";

        /// <summary>The tool name in the <c>[GeneratedCode]</c> attribute on every class the generator writes: its mark.</summary>
        public const string GeneratorName = "NetGen.Generators";

        public const string Slope = "Slope";
        public const string Threshold = "Threshold";
        public const string Alpha = "Alpha";
        public const string Init = "Init";
        public const string BiasInit = "BiasInit";
        public const string Precision = "Precision";
        public const string Seed = "Seed";
        public const string Weights = "Weights";
        public const string Frozen = "Frozen";
        public const string Model = "Model";
        public const string ReferenceInput = "ReferenceInput";
        public const string ReferenceOutput = "ReferenceOutput";
        public const string Stride = "Stride";
        public const string Padding = "Padding";
        public const string StrideWidth = "StrideWidth";
        public const string Dilation = "Dilation";
        public const string DilationWidth = "DilationWidth";
        public const string Groups = "Groups";
        public const string Bias = "Bias";
        public const string PerChannel = "PerChannel";
        public const string InitialSlope = "InitialSlope";
        public const string Same = "Same";
        public const string Causal = "Causal";
        public const string CountPadding = "CountPadding";
        public const string Momentum = "Momentum";
        public const string Epsilon = "Epsilon";
        public const string Affine = "Affine";
        public const string Steps = "Steps";
        public const string ReturnSequences = "ReturnSequences";
        public const string Activation = "Activation";

        /// <summary>Members every generated network declares; a user member of the same name conflicts (NG0014).</summary>
        public static readonly ImmutableArray<string> GeneratedMembers = ImmutableArray.Create(
            "InputSize", "OutputSize", "ParameterCount", "Parameters", "Loss", "Architecture", "Forward", "ComputeLoss", "Backward", "BackwardFromOutput", "TrainStep", "Train",
            "Save", "Load", "LayerSizes", "LayerSizeValues", "BakedParameters",
            "_parameters", "ParameterBuffer", "Backpropagate", "BackpropagateFromOutput", "ParameterTensors", "ParameterTensorValues",
            "WorkspaceLength", "Workspace", "t_workspace", "ForwardBatch", "BackwardBatch", "TileRows", "TileWorkspaceLength", "TileWorkspace", "t_tileWorkspace",
            "_noiseSeed", "_noiseStep", "Buffers", "BufferTensors", "BufferCount", "_buffers", "BufferTensorValues", "BakedBuffers", "FoldedParameters", "FoldedBuffers",
            "ParameterBytes", "BufferBytes", "WorkspaceBytes", "BatchWorkspaceBytes", "BackwardBatchBytesPerSample", "BatchStatisticsBytes",
            "StateSize", "StepInputSize", "StepOutputSize", "Step", "ForwardSequence", "StepUnchecked");

        /// <summary>The streaming members only a network with Step has (<see cref="Model.NetworkSpec.HasStep"/>).</summary>
        public static readonly ImmutableArray<string> StreamingMembers = ImmutableArray.Create(
            "StateSize", "StepInputSize", "StepOutputSize", "Step", "ForwardSequence", "StepUnchecked");

        /// <summary>
        /// The members only a network with a whole input (a vector, a map, or Steps) has: a streaming-only network (a recurrent
        /// layer over an [Input(features)] without Steps) declares none of them, having no input length to run, batch or train on.
        /// </summary>
        public static readonly ImmutableArray<string> WholeInputMembers = ImmutableArray.Create(
            "InputSize", "OutputSize", "Loss", "Forward", "ComputeLoss", "Backward", "BackwardFromOutput", "TrainStep", "Train", "Save", "Load",
            "Backpropagate", "BackpropagateFromOutput", "ForwardBatch", "BackwardBatch", "TileRows", "TileWorkspaceLength", "TileWorkspace",
            "t_tileWorkspace", "_noiseSeed", "_noiseStep", "BatchWorkspaceBytes", "BackwardBatchBytesPerSample", "BatchStatisticsBytes");

        /// <summary>
        /// The members only a trainable network has: a frozen one declares none of them (it declares Parameters, Buffers and
        /// their tensor lists too, read-only, for IFrozenNetwork).
        /// </summary>
        public static readonly ImmutableArray<string> TrainingMembers = ImmutableArray.Create(
            "Backward", "BackwardFromOutput", "BackwardBatch", "TrainStep", "Train", "Save", "Load", "_parameters", "ParameterBuffer",
            "Backpropagate", "BackpropagateFromOutput", "_noiseSeed", "_noiseStep",
            "BufferCount", "_buffers", "BackwardBatchBytesPerSample", "BatchStatisticsBytes");

        /// <summary>Whether the generator may declare a member of this name: one of <see cref="GeneratedMembers"/>, or a layer's geometry field "LayerN".</summary>
        public static bool IsGeneratedMember(string name) => GeneratedMembers.Contains(name) || IsShapeFieldName(name, out _);

        /// <summary>Whether <paramref name="name"/> is "LayerN", the name of layer N's geometry field (N in docs/math.md's numbering).</summary>
        public static bool IsShapeFieldName(string name, out int number)
        {
            number = 0;
            return name.Length > 5 && name.StartsWith("Layer", System.StringComparison.Ordinal) && name.Substring(5).All(char.IsDigit) &&
                int.TryParse(name.Substring(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number);
        }
    }
}
