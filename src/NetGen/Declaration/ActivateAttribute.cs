using System;

namespace NetGen
{
    /// <summary>
    /// Declares an activation as a layer of its own: a = σ(a of the layer below), element by element, with no parameters
    /// (PyTorch's <c>nn.ReLU()</c>, <c>nn.Tanh()</c>, … modules). It lets a network be written in the order its source has
    /// it, e.g. <c>[Dense(64)] [Activate(Activation.ReLU)]</c>. Parameters that the activation does not use must stay unset;
    /// unset parameters take the defaults of docs/math.md.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class ActivateAttribute : Attribute
    {
        /// <summary>Declares the activation layer σ = <paramref name="activation"/>.</summary>
        public ActivateAttribute(Activation activation) => Activation = activation;

        /// <summary>The activation function σ.</summary>
        public Activation Activation { get; }

        /// <summary>The slope k of <see cref="Activation.Linear"/> (default 1) or s of <see cref="Activation.LeakyReLU"/> (default 0.01). NaN when unset.</summary>
        public double Slope { get; set; } = double.NaN;

        /// <summary>The threshold k of <see cref="Activation.Step"/> (default 0). NaN when unset.</summary>
        public double Threshold { get; set; } = double.NaN;

        /// <summary>The α of <see cref="Activation.ELU"/> (default 1). NaN when unset.</summary>
        public double Alpha { get; set; } = double.NaN;
    }
}
