namespace NetGen
{
    /// <summary>How a training step turns the batch's mean gradient into a parameter update (PyTorch's definitions).</summary>
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
    }
}
