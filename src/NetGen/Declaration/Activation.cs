namespace NetGen
{
    /// <summary>The activation function σ of a layer. Formulas and derivatives: docs/math.md.</summary>
    public enum Activation
    {
        /// <summary>σ(z) = k·z, with k = <see cref="DenseAttribute.Slope"/> (default 1).</summary>
        Linear = 0,
        /// <summary>σ(z) = 1 if z ≥ k else 0, with k = <see cref="DenseAttribute.Threshold"/> (default 0). Zero gradient.</summary>
        Step = 1,
        /// <summary>σ(z) = −1, 0 or 1 for z &lt;, =, &gt; 0. Zero gradient.</summary>
        Sign = 2,
        /// <summary>σ(z) = 1 / (1 + e^(−z)), evaluated without overflow.</summary>
        Sigmoid = 3,
        /// <summary>σ(z) = tanh z.</summary>
        Tanh = 4,
        /// <summary>σ(z) = max(0, z).</summary>
        ReLU = 5,
        /// <summary>σ(z) = z if z &gt; 0 else s·z, with s = <see cref="DenseAttribute.Slope"/> (default 0.01).</summary>
        LeakyReLU = 6,
        /// <summary>σ(z) = z if z &gt; 0 else α(e^z − 1), with α = <see cref="DenseAttribute.Alpha"/> (default 1).</summary>
        ELU = 7,
        /// <summary>Scaled ELU with the fixed constants λ ≈ 1.0507 and α ≈ 1.6733.</summary>
        SELU = 8,
        /// <summary>σ(z) = ln(1 + e^z), evaluated without overflow.</summary>
        Softplus = 9,
        /// <summary>σ(z) = 0 for z ≤ −½, z + ½ in between, 1 for z ≥ ½.</summary>
        PiecewiseLinear = 10,
        /// <summary>p[k] = e^(z[k] − m) / Σⱼ e^(z[j] − m), m = max z. Needs at least two units.</summary>
        Softmax = 11,
        /// <summary>SiLU, also called Swish: σ(z) = z·sigmoid(z).</summary>
        SiLU = 12,
        /// <summary>σ(z) = min(max(0, z), 6); σ' is 0 at both kinks, as in PyTorch.</summary>
        ReLU6 = 13,
        /// <summary>PyTorch's hard sigmoid: σ(z) = relu6(z + 3)/6; σ' is 1/6 (PyTorch's float 1/6) strictly between −3 and 3, else 0.</summary>
        HardSigmoid = 14,
        /// <summary>σ(z) = z·relu6(z + 3)/6; σ' is 0 below −3, (2z + 3)/6 on [−3, 3), 1 from 3 on (PyTorch's values at the kinks).</summary>
        HardSwish = 15,
        /// <summary>GELU, the exact erf form (PyTorch's default): σ(z) = z·Φ(z) = ½z(1 + erf(z/√2)).</summary>
        GELU = 16,
        /// <summary>σ(z) = z·tanh(softplus z).</summary>
        Mish = 17,
        /// <summary>σ(z) = z/(1 + |z|).</summary>
        Softsign = 18,
        /// <summary>
        /// ŷ[k] = z[k] − m − ln Σⱼ e^(z[j] − m), m = max z: log-probabilities, for the output layer with
        /// <see cref="Loss.NegativeLogLikelihood"/> (PyTorch's log_softmax + nll_loss). Needs at least two units.
        /// </summary>
        LogSoftmax = 19,
    }
}
