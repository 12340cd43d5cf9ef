using System;

namespace NetGen
{
    /// <summary>
    /// Declares a neural network on a <c>partial class</c>. The NetGen source generator reads this attribute together
    /// with one <see cref="InputAttribute"/> and one or more <see cref="DenseAttribute"/>s (in declaration order) and
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

    /// <summary>Declares the size of the network's input vector. Exactly one per network.</summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class InputAttribute : Attribute
    {
        /// <summary>Declares an input of <paramref name="size"/> values.</summary>
        public InputAttribute(int size) => Size = size;

        /// <summary>The number of input values.</summary>
        public int Size { get; }
    }

    /// <summary>
    /// Declares a fully connected layer: z = W a + b, a = σ(z). Layers run in declaration order; the last one is the output.
    /// Parameters that an activation does not use must stay unset; unset parameters take the defaults of docs/math.md.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class DenseAttribute : Attribute
    {
        /// <summary>Declares a layer of <paramref name="units"/> neurons with the activation <paramref name="activation"/>.</summary>
        public DenseAttribute(int units, Activation activation = Activation.Linear)
        {
            Units = units;
            Activation = activation;
        }

        /// <summary>The number of neurons.</summary>
        public int Units { get; }

        /// <summary>The activation function σ.</summary>
        public Activation Activation { get; }

        /// <summary>The slope k of <see cref="Activation.Linear"/> (default 1) or s of <see cref="Activation.LeakyReLU"/> (default 0.01). NaN when unset.</summary>
        public double Slope { get; set; } = double.NaN;

        /// <summary>The threshold k of <see cref="Activation.Step"/> (default 0). NaN when unset.</summary>
        public double Threshold { get; set; } = double.NaN;

        /// <summary>The α of <see cref="Activation.ELU"/> (default 1). NaN when unset.</summary>
        public double Alpha { get; set; } = double.NaN;

        /// <summary>How the weights are initialised (default <see cref="WeightInit.Auto"/>).</summary>
        public WeightInit Init { get; set; }

        /// <summary>The initial value of every bias (default 0).</summary>
        public double BiasInit { get; set; }
    }
}
