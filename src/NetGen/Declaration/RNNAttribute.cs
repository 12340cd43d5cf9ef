using System;

namespace NetGen
{
    /// <summary>
    /// Declares an Elman recurrent layer, as PyTorch's <c>nn.RNN(inputs, units, nonlinearity, batch_first=True)</c> (one layer, one direction): hₜ = σ(W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh) with σ tanh or ReLU. Its tensors are PyTorch's: <c>weight_ih_l0</c> [units, inputs], <c>weight_hh_l0</c> [units, units], <c>bias_ih_l0</c> and <c>bias_hh_l0</c> [units]. Its state is h.
    /// It reads a sequence of steps (an [Input] with <see cref="InputAttribute.Steps"/>, or the layers below it, which act on
    /// every step), starts from a zero state, and hands the layer above its last step's h (many-to-one) or, with
    /// <see cref="ReturnSequences"/>, every step's h.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class RNNAttribute : Attribute
    {
        /// <summary>Declares a layer of <paramref name="units"/> units with the non-linearity <paramref name="activation"/>: <see cref="Activation.Tanh"/> (the default) or <see cref="Activation.ReLU"/>.</summary>
        public RNNAttribute(int units, Activation activation = Activation.Tanh)
        {
            Units = units;
            Activation = activation;
        }

        /// <summary>The number of units H (the size of h).</summary>
        public int Units { get; }

        /// <summary>The non-linearity σ, PyTorch's <c>nonlinearity</c>: Tanh or ReLU (the constructor's argument, or set by name).</summary>
        public Activation Activation { get; set; }

        /// <summary>False: no bias tensors at all, as PyTorch's <c>bias=False</c>. Default true.</summary>
        public bool Bias { get; set; } = true;

        /// <summary>True: the layer above reads every step's h (sequence to sequence); false (the default): only the last step's.</summary>
        public bool ReturnSequences { get; set; }

        /// <summary>
        /// How the tensors are initialised: <see cref="WeightInit.Auto"/> (the default) draws every tensor from
        /// U(−1/√units, 1/√units) as PyTorch does; another scheme draws each weight with that scheme from the weight's own fans
        /// (fan-in its columns, fan-out its rows) and sets the biases to 0.
        /// </summary>
        public WeightInit Init { get; set; }
    }
}
