namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// The math of every loss in one table: the per-output term of C, ∂C/∂ŷ for the losses that are not fused with
    /// their output activation, the fused δ for the losses that are, and the comment text.
    /// </summary>
    internal static class LossMath
    {
        public static string Name(Loss loss) => loss switch
        {
            Loss.MeanSquaredError => "mean squared error",
            Loss.SumSquaredError => "sum of squared errors",
            Loss.BinaryCrossEntropy => "binary cross-entropy",
            Loss.CategoricalCrossEntropy => "categorical cross-entropy",
            Loss.NegativeLogLikelihood => "negative log-likelihood",
            Loss.CrossEntropyFromLogits => "cross-entropy from logits",
            _ => "binary cross-entropy from logits",
        };

        public static string FormulaText(Loss loss) => loss switch
        {
            Loss.MeanSquaredError => "C = ½ Σₖ (ŷₖ − yₖ)²",
            Loss.SumSquaredError => "C = Σₖ (ŷₖ − yₖ)²",
            Loss.BinaryCrossEntropy => "C = −Σₖ [yₖ ln pₖ + (1 − yₖ) ln(1 − pₖ)] = Σₖ [softplus(zₖ) − zₖ yₖ], from the logits so that it never overflows",
            Loss.CategoricalCrossEntropy => "C = −Σₖ yₖ ln pₖ with ln pₖ = zₖ − logΣexp(z), from the logits so that it never overflows",
            Loss.NegativeLogLikelihood => "C = −Σₖ yₖ ŷₖ, the outputs ŷ = ln p being log-probabilities",
            Loss.CrossEntropyFromLogits => "C = −Σₖ yₖ (ŷₖ − logΣexp(ŷ)), the outputs ŷ being logits, so that it never overflows",
            _ => "C = Σₖ [softplus(ŷₖ) − ŷₖ yₖ], the outputs ŷ being logits, so that it never overflows",
        };

        /// <summary>The factor in front of the sum of terms.</summary>
        public static double Scale(Loss loss) => loss == Loss.MeanSquaredError ? 0.5 : 1;

        /// <summary>
        /// One output's term of C; <paramref name="logSumExp"/> is only read by the categorical cross-entropies (of z for
        /// CategoricalCrossEntropy, of the outputs for CrossEntropyFromLogits).
        /// </summary>
        public static string Term(Loss loss, string a, string z, string y, string logSumExp) => loss switch
        {
            Loss.MeanSquaredError or Loss.SumSquaredError => $"({a} - {y}) * ({a} - {y})",
            Loss.BinaryCrossEntropy => $"{RuntimeNames.NetMath}.Softplus({z}) - {z} * {y}",
            Loss.CategoricalCrossEntropy => $"{y} * ({logSumExp} - {z})",
            Loss.NegativeLogLikelihood => $"-{y} * {a}",
            Loss.CrossEntropyFromLogits => $"{y} * ({logSumExp} - {a})",
            _ => $"{RuntimeNames.NetMath}.Softplus({a}) - {a} * {y}",
        };

        /// <summary>Whether the loss needs ln Σⱼ e^ŷⱼ of the outputs, computed with the loss (the categorical cross-entropy gets it from its softmax).</summary>
        public static bool NeedsOutputLogSumExp(Loss loss) => loss == Loss.CrossEntropyFromLogits;

        /// <summary>Whether δ or ∂C/∂ŷ reads Σⱼ yⱼ (targets that need not sum to 1).</summary>
        public static bool NeedsTargetSum(Loss loss) => loss is Loss.CategoricalCrossEntropy or Loss.NegativeLogLikelihood or Loss.CrossEntropyFromLogits;

        /// <summary>Whether δ of the output layer is computed directly (the losses with their matching activation, whose σ' cancels).</summary>
        public static bool IsFused(Loss loss) => loss is Loss.BinaryCrossEntropy or Loss.CategoricalCrossEntropy or Loss.NegativeLogLikelihood;

        /// <summary>∂C/∂ŷₖ for the unfused losses; <paramref name="logSumExp"/> and <paramref name="targetSum"/> as the loss needs them.</summary>
        public static string OutputGradient(Loss loss, string a, string y, string logSumExp, string targetSum, ScalarType t) => loss switch
        {
            Loss.SumSquaredError => $"{t.Literal(2)} * ({a} - {y})",
            Loss.CrossEntropyFromLogits => $"{RuntimeNames.NetMath}.Exp({a} - {logSumExp}) * {targetSum} - {y}",
            Loss.BinaryCrossEntropyFromLogits => $"{RuntimeNames.NetMath}.Sigmoid({a}) - {y}",
            _ => $"{a} - {y}",
        };

        public static string OutputGradientText(Loss loss) => loss switch
        {
            Loss.SumSquaredError => "∂C/∂ŷ = 2(ŷ − y)",
            Loss.CrossEntropyFromLogits => "∂C/∂ŷ = softmax(ŷ)·Σⱼyⱼ − y, softmax(ŷ)ₖ = e^(ŷₖ − logΣexp(ŷ))",
            Loss.BinaryCrossEntropyFromLogits => "∂C/∂ŷ = sigmoid(ŷ) − y",
            _ => "∂C/∂ŷ = ŷ − y",
        };

        /// <summary>The fused δₖ; <paramref name="targetSum"/> (Σⱼ yⱼ) is read by the losses of <see cref="NeedsTargetSum"/>.</summary>
        public static string FusedDelta(Loss loss, string a, string y, string targetSum) => loss switch
        {
            Loss.BinaryCrossEntropy => $"{a} - {y}",
            Loss.NegativeLogLikelihood => $"{RuntimeNames.NetMath}.Exp({a}) * {targetSum} - {y}",
            _ => $"{a} * {targetSum} - {y}",
        };

        public static string FusedDeltaText(Loss loss) => loss switch
        {
            Loss.BinaryCrossEntropy => "binary cross-entropy fused with the sigmoid: the σ' cancels, δ = p − y",
            Loss.NegativeLogLikelihood => "negative log-likelihood fused with the log-softmax: δ = p·Σⱼyⱼ − y with p = e^ŷ (p − y for one-hot targets)",
            _ => "categorical cross-entropy fused with the softmax: δ = p·Σⱼyⱼ − y (p − y for one-hot targets)",
        };
    }
}
