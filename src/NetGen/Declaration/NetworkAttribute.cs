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
        /// With <see cref="Weights"/>: generate an inference-only network whose weights are constants folded into the
        /// code. It has no parameter memory, cannot train, and implements <see cref="IInferenceNetwork{T}"/>.
        /// </summary>
        public bool Frozen { get; set; }
    }
}
