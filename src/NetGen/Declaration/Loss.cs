namespace NetGen
{
    /// <summary>The per-sample loss C minimised by training. Formulas: docs/math.md.</summary>
    public enum Loss
    {
        /// <summary>C = ½ Σₖ (ŷₖ − yₖ)².</summary>
        MeanSquaredError = 0,
        /// <summary>C = Σₖ (ŷₖ − yₖ)².</summary>
        SumSquaredError = 1,
        /// <summary>C = −Σₖ [yₖ ln pₖ + (1 − yₖ) ln(1 − pₖ)]; the output layer must be Sigmoid.</summary>
        BinaryCrossEntropy = 2,
        /// <summary>C = −Σₖ yₖ ln pₖ; the output layer must be Softmax.</summary>
        CategoricalCrossEntropy = 3,
        /// <summary>
        /// C = −Σₖ yₖ ŷₖ with ŷ = ln p, the log-probabilities of a <see cref="Activation.LogSoftmax"/> output layer
        /// (PyTorch's nll_loss after log_softmax).
        /// </summary>
        NegativeLogLikelihood = 4,
        /// <summary>
        /// C = −Σₖ yₖ (ŷₖ − ln Σⱼ e^ŷⱼ): the cross-entropy of the softmax of a <see cref="Activation.Linear"/> output layer,
        /// computed from its logits ŷ, which <c>Forward</c> returns (PyTorch's CrossEntropyLoss, Keras' from_logits=True).
        /// </summary>
        CrossEntropyFromLogits = 5,
        /// <summary>
        /// C = Σₖ [softplus(ŷₖ) − ŷₖ yₖ]: the binary cross-entropy of the sigmoid of a <see cref="Activation.Linear"/> output
        /// layer, computed from its logits ŷ, which <c>Forward</c> returns (PyTorch's BCEWithLogitsLoss).
        /// </summary>
        BinaryCrossEntropyFromLogits = 6,
    }
}
