using System;

namespace NetGen
{
    /// <summary>
    /// Declares a fully connected layer: z = W a + b, a = σ(z), as PyTorch's <c>nn.Linear</c> (W [units, inputs], then b
    /// [units]; with <see cref="Bias"/> = false, z = W a and no bias tensor). Layers run in declaration order; the last one is the output.
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

        /// <summary>False: the layer has no bias tensor at all (its parameters are its weight alone), as <c>nn.Linear(bias=False)</c>. Default true.</summary>
        public bool Bias { get; set; } = true;

        /// <summary>How the weights are initialised (default <see cref="WeightInit.Auto"/>).</summary>
        public WeightInit Init { get; set; }

        /// <summary>The initial value of every bias (default 0).</summary>
        public double BiasInit { get; set; }
    }
}
