using System;

namespace NetGen
{
    /// <summary>
    /// Declares a long short-term memory layer, as PyTorch's <c>nn.LSTM(inputs, units, batch_first=True)</c> (one layer, one direction): at every step the gates iₜ, fₜ, gₜ, oₜ (PyTorch's order), the cell cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ and the output hₜ = oₜ ⊙ tanh(cₜ). Its tensors are PyTorch's: <c>weight_ih_l0</c> [4·units, inputs], <c>weight_hh_l0</c> [4·units, units], <c>bias_ih_l0</c> and <c>bias_hh_l0</c> [4·units]. Its state is h, then c.
    /// It reads a sequence of steps (an [Input] with <see cref="InputAttribute.Steps"/>, or the layers below it, which act on
    /// every step), starts from a zero state, and hands the layer above its last step's h (many-to-one) or, with
    /// <see cref="ReturnSequences"/>, every step's h.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class LSTMAttribute : Attribute
    {
        /// <summary>Declares a layer of <paramref name="units"/> units.</summary>
        public LSTMAttribute(int units) => Units = units;

        /// <summary>The number of units H (the size of h).</summary>
        public int Units { get; }

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
