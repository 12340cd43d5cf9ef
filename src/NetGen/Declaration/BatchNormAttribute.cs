using System;

namespace NetGen
{
    /// <summary>
    /// Declares batch normalisation, as PyTorch's <c>nn.BatchNorm1d</c> (after a Dense layer or a sequence) and
    /// <c>nn.BatchNorm2d</c> (after an image): each channel (each unit after a Dense layer) is normalised, z = γ x̂ + β,
    /// then the optional activation is applied. γ (<c>weight</c>) and β (<c>bias</c>) are parameters; the running mean
    /// and variance are buffers (the network's <c>Buffers</c>), not parameters.
    /// <para>
    /// Modes, as PyTorch's: <c>Forward</c>, <c>ComputeLoss</c>, <c>Backward</c>, <c>BackwardFromOutput</c>, <c>TrainStep</c> and
    /// <c>ForwardBatch</c> use the running statistics (<c>eval()</c>); <c>BackwardBatch</c> and <c>Train</c> use the batch's own
    /// statistics, backpropagate through them and update the running ones (<c>train()</c>). A training batch needs more than one
    /// value per channel (a batch of one sample after a Dense layer is refused, as in PyTorch); <c>Train</c> therefore joins a
    /// last batch of one sample to the batch before it in networks with a BatchNorm.
    /// </para>
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class BatchNormAttribute : Attribute
    {
        /// <summary>Declares batch normalisation followed by <paramref name="activation"/> (none by default).</summary>
        public BatchNormAttribute(Activation activation = Activation.Linear) => Activation = activation;

        /// <summary>The activation applied after the normalisation.</summary>
        public Activation Activation { get; }

        /// <summary>m in running = (1 − m)·running + m·batch, as PyTorch's <c>momentum</c>; in [0, 1]. Default 0.1.</summary>
        public double Momentum { get; set; } = BatchNormDefaults.Momentum;

        /// <summary>ε added to the variance before its square root, as PyTorch's <c>eps</c>; greater than 0. Default 1e-5.</summary>
        public double Epsilon { get; set; } = BatchNormDefaults.Epsilon;

        /// <summary>Whether the layer learns γ and β (PyTorch's <c>affine</c>); false: z = x̂, and the layer has no parameters. Default true.</summary>
        public bool Affine { get; set; } = true;

        /// <summary>The slope k of <see cref="Activation.Linear"/> (default 1) or s of <see cref="Activation.LeakyReLU"/> (default 0.01). NaN when unset.</summary>
        public double Slope { get; set; } = double.NaN;

        /// <summary>The threshold k of <see cref="Activation.Step"/> (default 0). NaN when unset.</summary>
        public double Threshold { get; set; } = double.NaN;

        /// <summary>The α of <see cref="Activation.ELU"/> (default 1). NaN when unset.</summary>
        public double Alpha { get; set; } = double.NaN;
    }
}
