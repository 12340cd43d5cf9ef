using System;

namespace NetGen
{
    /// <summary>
    /// Declares a neural network on a <c>partial class</c>. The NetGen source generator reads this attribute together
    /// with one <see cref="InputAttribute"/> and one or more layers (<see cref="DenseAttribute"/>, <see cref="Conv1DAttribute"/>,
    /// <see cref="Conv2DAttribute"/>, <see cref="MaxPool1DAttribute"/>, <see cref="AvgPool1DAttribute"/>,
    /// <see cref="MaxPool2DAttribute"/>, <see cref="AvgPool2DAttribute"/>, <see cref="GlobalAvgPoolAttribute"/>,
    /// <see cref="GlobalMaxPoolAttribute"/>, in declaration order) and
    /// generates the network's forward pass, backpropagation and training code into the class.
    /// </summary>
    /// <remarks>Structs and interfaces are accepted by the compiler so that the analyzer can explain why they are not supported.</remarks>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
    public sealed class NetworkAttribute : Attribute
    {
        /// <summary>Declares a network trained to minimise <paramref name="loss"/>.</summary>
        public NetworkAttribute(Loss loss) => Loss = loss;

        /// <summary>The per-sample loss the network minimises.</summary>
        public Loss Loss { get; }

        /// <summary>The scalar type: <see cref="Precision.Single"/> (float, default) or <see cref="Precision.Double"/>.</summary>
        public Precision Precision { get; set; }

        /// <summary>The seed of the parameterless constructor's initial weights (default 0).</summary>
        public int Seed { get; set; }

        /// <summary>
        /// A state_dict JSON file (see <see cref="StateDict"/>), passed to the compiler as an <c>AdditionalFiles</c> item, whose
        /// weights are compiled into the class: the parameterless constructor starts from them. The generator checks the
        /// file against the architecture at build time.
        /// </summary>
        public string? Weights { get; set; }

        /// <summary>
        /// An ONNX model (<c>.onnx</c>), passed to the compiler as an <c>AdditionalFiles</c> item, imported at build time: with no
        /// layer attributes, its graph becomes the network's [Input] and layers and its weights the initial parameters; with
        /// layer attributes, the graph must match them and supplies only the weights. Every node NetGen cannot express is a
        /// diagnostic naming it (docs/import.md lists the operators).
        /// </summary>
        public string? Model { get; set; }

        /// <summary>
        /// With <see cref="Model"/> and <see cref="ReferenceOutput"/>: a TensorProto file (<c>.pb</c>, an AdditionalFiles item)
        /// holding inputs the build runs the imported network on, in double; beside the model, ONNX's
        /// <c>test_data_set_N/input_0.pb</c> is found without it.
        /// </summary>
        public string? ReferenceInput { get; set; }

        /// <summary>
        /// With <see cref="ReferenceInput"/>: the TensorProto file of the outputs the import must reproduce (1e-4 of the largest
        /// magnitude), as the exporter computed them.
        /// </summary>
        public string? ReferenceOutput { get; set; }

        /// <summary>
        /// With <see cref="Weights"/> or <see cref="Model"/>: generate an inference-only network whose weights are constants folded into the
        /// code. It has no parameter memory, cannot train, and implements <see cref="IInferenceNetwork{T}"/>.
        /// </summary>
        public bool Frozen { get; set; }
    }
}
