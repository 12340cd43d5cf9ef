using System.Linq;
using NetGen.Generators.Layers;

namespace NetGen.Generators.Model
{
    /// <summary>
    /// A network's Model file after import, as plain values (the file's content reduced to what the generated code depends
    /// on, so an unchanged file leaves the pipeline cached): the input and layers it describes, its parameters in NetGen's
    /// layout, and what could not be imported.
    /// </summary>
    /// <param name="File">The Model argument as written, for messages.</param>
    /// <param name="Problem">Why the file as a whole cannot be imported (not found, unreadable, malformed, not a chain); null when it could be walked.</param>
    /// <param name="Input">The graph input's shape without the batch dimension.</param>
    /// <param name="Layers">The layers, in order.</param>
    /// <param name="Sources">For each layer, the node (or nodes, "Gemm_0 + Relu_1") it came from.</param>
    /// <param name="Parameters">
    /// Every layer's tensors, then every layer's buffers (BatchNorm's running statistics), in NetGen's order
    /// (ParameterTensors.State): what a weights file for the network holds.
    /// </param>
    /// <param name="NodeProblems">Every node NetGen cannot express.</param>
    /// <param name="References">The model evaluated on each of its reference inputs (ONNX's test_data_set_N folders beside it).</param>
    internal sealed record ImportedModel(
        string File,
        string? Problem,
        InputSpec? Input,
        EquatableArray<LayerSpec> Layers,
        EquatableArray<string> Sources,
        EquatableArray<double> Parameters,
        EquatableArray<NodeProblem> NodeProblems,
        EquatableArray<ReferenceResult> References = default)
    {
        public static ImportedModel Failed(string file, string problem) =>
            new(file, problem, null, EquatableArray<LayerSpec>.Empty, EquatableArray<string>.Empty, EquatableArray<double>.Empty, EquatableArray<NodeProblem>.Empty);

        /// <summary>Whether every node became a layer.</summary>
        public bool IsComplete => Problem is null && NodeProblems.Count == 0 && Input is not null;

        /// <summary>The same import named by the network's Model argument (a cached import may have been read under another spelling).</summary>
        public ImportedModel For(string file) => file == File ? this : this with { File = file };
    }

    /// <summary>
    /// The imported layers run in double on a reference input (<see cref="Onnx.LayerEvaluator"/>) against the reference
    /// output: the worst difference relative to the output's largest magnitude, or why the set could not be checked.
    /// </summary>
    internal sealed record ReferenceResult(string Set, double WorstRelativeDifference, string? Problem)
    {
        /// <summary>ONNX's float tolerance for a model reproduced in another runtime (1e-4 relative).</summary>
        public const double Tolerance = 1e-4;

        public bool Fails => Problem is not null || !(WorstRelativeDifference <= Tolerance);
    }

    /// <summary>A node NetGen cannot express: its name, its operator, and what NetGen supports instead.</summary>
    internal sealed record NodeProblem(string Node, string Operator, string Detail);
}
