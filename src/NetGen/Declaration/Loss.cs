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
    }
}
