namespace NetGen
{
    /// <summary>
    /// How a training step turns the batch's mean gradient into a parameter update: each rule exactly as torch.optim
    /// (PyTorch 1.13) defines it, weight decay included. The settings are <see cref="TrainingOptions"/>' fields named after
    /// torch's arguments; one left unset takes torch.optim's default for the chosen rule.
    /// </summary>
    public enum Optimizer
    {
        /// <summary>θ ← θ − η g.</summary>
        Sgd,
        /// <summary>Classical momentum: v ← μv + g, θ ← θ − ηv.</summary>
        Momentum,
        /// <summary>Nesterov momentum: v ← μv + g, θ ← θ − η(g + μv).</summary>
        Nesterov,
        /// <summary>Adam with bias correction; weight decay is added to the gradient (L2).</summary>
        Adam,
        /// <summary>Adam with decoupled weight decay: θ ← θ − ηλθ before the Adam step.</summary>
        AdamW,
        /// <summary>
        /// RMSprop: s ← αs + (1 − α)g², θ ← θ − η g / (√s + ε); <see cref="TrainingOptions.Centered"/> subtracts the squared
        /// running mean of g under the root, <see cref="TrainingOptions.Momentum"/> (0 unless set) keeps a velocity of the
        /// scaled gradient. Defaults as torch: η 0.01, α 0.99, ε 1e-8.
        /// </summary>
        RMSprop,
        /// <summary>
        /// Adagrad: s ← s + g², θ ← θ − η/(1 + (t − 1)·decay) · g / (√s + ε), s starting at
        /// <see cref="TrainingOptions.InitialAccumulatorValue"/>. Defaults as torch: η 0.01, ε 1e-10.
        /// </summary>
        Adagrad,
        /// <summary>
        /// Adadelta: s ← ρs + (1 − ρ)g², Δ = √(u + ε)/√(s + ε) · g, u ← ρu + (1 − ρ)Δ², θ ← θ − ηΔ.
        /// Defaults as torch: η 1, ρ 0.9, ε 1e-6.
        /// </summary>
        Adadelta,
        /// <summary>
        /// Adamax (Adam with the infinity norm): m ← β₁m + (1 − β₁)g, u ← max(β₂u, |g| + ε),
        /// θ ← θ − η/(1 − β₁ᵗ) · m/u. Defaults as torch: η 0.002, β 0.9 and 0.999, ε 1e-8.
        /// </summary>
        Adamax,
        /// <summary>
        /// Rprop (resilient backpropagation, torch's variant, which is iRPROP⁻): each parameter has its own step size, from
        /// η, multiplied by η₊ when the gradient keeps its sign and by η₋ when it flips (clamped to
        /// [<see cref="TrainingOptions.StepSizeMin"/>, <see cref="TrainingOptions.StepSizeMax"/>]); θ moves by the step
        /// against the gradient's sign, and not at all on a flip. Meant for full batches (set <c>BatchSize</c> to the
        /// sample count), as FANN uses it. No weight decay (torch has none). Defaults as torch: η 0.01, η₋ 0.5, η₊ 1.2,
        /// step sizes 1e-6 … 50.
        /// </summary>
        Rprop,
    }
}
