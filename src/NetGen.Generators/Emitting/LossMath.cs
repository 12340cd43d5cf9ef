namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// The math of every loss in one table: the per-output term of C, ∂C/∂ŷ for the losses that are not fused with
    /// their output activation, the fused δ for the two cross-entropies, and the comment text.
    /// </summary>
    internal static class LossMath
    {
        public static string Name(Loss loss) => loss switch
        {
            Loss.MeanSquaredError => "mean squared error",
            Loss.SumSquaredError => "sum of squared errors",
            Loss.BinaryCrossEntropy => "binary cross-entropy",
            _ => "categorical cross-entropy",
        };

        public static string FormulaText(Loss loss) => loss switch
        {
            Loss.MeanSquaredError => "C = ½ Σₖ (ŷₖ − yₖ)²",
            Loss.SumSquaredError => "C = Σₖ (ŷₖ − yₖ)²",
            Loss.BinaryCrossEntropy => "C = −Σₖ [yₖ ln pₖ + (1 − yₖ) ln(1 − pₖ)] = Σₖ [softplus(zₖ) − zₖ yₖ], from the logits so that it never overflows",
            _ => "C = −Σₖ yₖ ln pₖ with ln pₖ = zₖ − logΣexp(z), from the logits so that it never overflows",
        };

        /// <summary>The factor in front of the sum of terms.</summary>
        public static double Scale(Loss loss) => loss == Loss.MeanSquaredError ? 0.5 : 1;

        /// <summary>One output's term of C; <paramref name="logSumExp"/> is only read by categorical cross-entropy.</summary>
        public static string Term(Loss loss, string a, string z, string y, string logSumExp) => loss switch
        {
            Loss.MeanSquaredError or Loss.SumSquaredError => $"({a} - {y}) * ({a} - {y})",
            Loss.BinaryCrossEntropy => $"{RuntimeNames.NetMath}.Softplus({z}) - {z} * {y}",
            _ => $"{y} * ({logSumExp} - {z})",
        };

        /// <summary>Whether δ of the output layer is computed directly (the cross-entropies with their matching activation).</summary>
        public static bool IsFused(Loss loss) => loss is Loss.BinaryCrossEntropy or Loss.CategoricalCrossEntropy;

        /// <summary>∂C/∂ŷₖ for the unfused losses.</summary>
        public static string OutputGradient(Loss loss, string a, string y, ScalarType t) =>
            loss == Loss.SumSquaredError ? $"{t.Literal(2)} * ({a} - {y})" : $"{a} - {y}";

        public static string OutputGradientText(Loss loss) =>
            loss == Loss.SumSquaredError ? "∂C/∂ŷ = 2(ŷ − y)" : "∂C/∂ŷ = ŷ − y";

        /// <summary>The fused δₖ; <paramref name="targetSum"/> (Σⱼ yⱼ) is only read by categorical cross-entropy.</summary>
        public static string FusedDelta(Loss loss, string a, string y, string targetSum) =>
            loss == Loss.BinaryCrossEntropy ? $"{a} - {y}" : $"{a} * {targetSum} - {y}";

        public static string FusedDeltaText(Loss loss) => loss == Loss.BinaryCrossEntropy
            ? "binary cross-entropy fused with the sigmoid: the σ' cancels, δ = p − y"
            : "categorical cross-entropy fused with the softmax: δ = p·Σⱼyⱼ − y (p − y for one-hot targets)";
    }
}
