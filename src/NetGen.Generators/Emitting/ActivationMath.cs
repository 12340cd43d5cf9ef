namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// The math of every activation in one table: the forward expression, the derivative expression and the comment
    /// text, for unrolled and looped code alike. Expressions take the names of z and a (locals such as z2_0 or span
    /// elements such as z2[j]); both must be simple names or element accesses.
    /// </summary>
    internal static class ActivationMath
    {
        /// <summary>SELU's fixed constants (docs/math.md).</summary>
        public const double SeluLambda = 1.0507009873554804934193349852946;
        public const double SeluAlpha = 1.6732632423543772848170429916717;

        /// <summary>
        /// σ(z) as a C# expression. NaN in gives NaN out for every activation, as in PyTorch, so a bad input shows in the
        /// output: each comparison is written so that NaN (false in every comparison) falls to a branch that returns z
        /// or a function of it, never a constant.
        /// </summary>
        public static string Forward(Activation activation, double parameter, string z, ScalarType t) => activation switch
        {
            Activation.Linear => parameter == 1 ? z : $"{t.Literal(parameter)} * {z}",
            Activation.Step => $"({z} >= {t.Literal(parameter)} ? {t.Literal(1)} : {z} < {t.Literal(parameter)} ? {t.Literal(0)} : {z})",
            Activation.Sign => $"({z} > {t.Literal(0)} ? {t.Literal(1)} : {z} < {t.Literal(0)} ? {t.Literal(-1)} : {z})",
            Activation.Sigmoid => $"{RuntimeNames.NetMath}.Sigmoid({z})",
            Activation.Tanh => $"{RuntimeNames.NetMath}.Tanh({z})",
            Activation.ReLU => $"({z} < {t.Literal(0)} ? {t.Literal(0)} : {z})",
            Activation.LeakyReLU => $"({z} > {t.Literal(0)} ? {z} : {t.Literal(parameter)} * {z})",
            Activation.ELU => $"({z} > {t.Literal(0)} ? {z} : {t.Literal(parameter)} * ({RuntimeNames.NetMath}.Exp({z}) - {t.Literal(1)}))",
            Activation.SELU => $"({z} > {t.Literal(0)} ? {t.Literal(SeluLambda)} * {z} : {t.Literal(SeluLambda * SeluAlpha)} * ({RuntimeNames.NetMath}.Exp({z}) - {t.Literal(1)}))",
            Activation.Softplus => $"{RuntimeNames.NetMath}.Softplus({z})",
            Activation.PiecewiseLinear => $"({z} <= {t.Literal(-0.5)} ? {t.Literal(0)} : {z} >= {t.Literal(0.5)} ? {t.Literal(1)} : {z} + {t.Literal(0.5)})",
            _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "Softmax is not elementwise."),
        };

        /// <summary>
        /// σ'(z) as a C# expression, in terms of a = σ(z) where that is cheaper. Null when it is the constant 1
        /// (so δ = g needs no multiplication); "0" literals for the zero-gradient activations.
        /// </summary>
        public static string? Derivative(Activation activation, double parameter, string z, string a, ScalarType t) => activation switch
        {
            Activation.Linear => parameter == 1 ? null : t.Literal(parameter),
            Activation.Step or Activation.Sign => t.Literal(0),
            Activation.Sigmoid => $"{a} * ({t.Literal(1)} - {a})",
            Activation.Tanh => $"({t.Literal(1)} - {a} * {a})",
            Activation.ReLU => $"({z} > {t.Literal(0)} ? {t.Literal(1)} : {t.Literal(0)})",
            Activation.LeakyReLU => $"({z} > {t.Literal(0)} ? {t.Literal(1)} : {t.Literal(parameter)})",
            Activation.ELU => $"({z} > {t.Literal(0)} ? {t.Literal(1)} : {a} + {t.Literal(parameter)})",
            Activation.SELU => $"({z} > {t.Literal(0)} ? {t.Literal(SeluLambda)} : {a} + {t.Literal(SeluLambda * SeluAlpha)})",
            Activation.Softplus => $"{RuntimeNames.NetMath}.Sigmoid({z})",
            Activation.PiecewiseLinear => $"({z} > {t.Literal(-0.5)} && {z} < {t.Literal(0.5)} ? {t.Literal(1)} : {t.Literal(0)})",
            _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "Softmax is not elementwise."),
        };

        /// <summary>
        /// Whether σ has a vectorised NetMath kernel over whole spans (<c>NetMath.X(z, a)</c>, X the activation's name) with
        /// the one-value function's bits, which looped layers and batched code call instead of an element loop.
        /// </summary>
        public static bool HasSpanKernel(Activation activation) => activation is Activation.ReLU or Activation.Tanh;

        /// <summary>Whether σ' has one too: <c>NetMath.XBackward(z, g)</c> turns g = ∂C/∂a into δ in place.</summary>
        public static bool HasDerivativeSpanKernel(Activation activation) => activation == Activation.ReLU;

        /// <summary>σ in docs/math.md's words, for the comment over a layer's activations.</summary>
        public static string ForwardText(Activation activation, double parameter) => activation switch
        {
            Activation.Linear => parameter == 1 ? "σ(z) = z" : $"σ(z) = {MathText.Number(parameter)}·z",
            Activation.Step => $"σ(z) = 1 if z ≥ {MathText.Number(parameter)} else 0",
            Activation.Sign => "σ(z) = −1, 0, 1 for z <, =, > 0",
            Activation.Sigmoid => "σ(z) = 1/(1 + e^(−z)), without overflow",
            Activation.Tanh => "σ(z) = tanh z",
            Activation.ReLU => "σ(z) = max(0, z)",
            Activation.LeakyReLU => $"σ(z) = z if z > 0 else {MathText.Number(parameter)}·z",
            Activation.ELU => $"σ(z) = z if z > 0 else {MathText.Number(parameter)}·(e^z − 1)",
            Activation.SELU => "σ(z) = λz if z > 0 else λα(e^z − 1), λ ≈ 1.0507, α ≈ 1.6733",
            Activation.Softplus => "σ(z) = ln(1 + e^z) = max(z, 0) + ln(1 + e^(−|z|))",
            Activation.PiecewiseLinear => "σ(z) = 0 if z ≤ −½, z + ½ in between, 1 if z ≥ ½",
            Activation.Softmax => "σ(z)ₖ = e^(zₖ − m) / Σⱼ e^(zⱼ − m), m = max z",
            _ => activation.ToString(),
        };

        /// <summary>σ' in docs/math.md's words, for the comment over a layer's δ.</summary>
        public static string DerivativeText(Activation activation, double parameter) => activation switch
        {
            Activation.Linear => $"σ'(z) = {MathText.Number(parameter)}",
            Activation.Step or Activation.Sign => "σ'(z) = 0: no gradient flows through this layer",
            Activation.Sigmoid => "σ'(z) = a(1 − a)",
            Activation.Tanh => "σ'(z) = 1 − a²",
            Activation.ReLU => "σ'(z) = 1 if z > 0 else 0",
            Activation.LeakyReLU => $"σ'(z) = 1 if z > 0 else {MathText.Number(parameter)}",
            Activation.ELU => $"σ'(z) = 1 if z > 0 else a + {MathText.Number(parameter)}",
            Activation.SELU => "σ'(z) = λ if z > 0 else a + λα",
            Activation.Softplus => "σ'(z) = sigmoid(z)",
            Activation.PiecewiseLinear => "σ'(z) = 1 if −½ < z < ½ else 0",
            Activation.Softmax => "softmax: δₖ = aₖ · (gₖ − Σⱼ aⱼ gⱼ) with g = ∂C/∂a",
            _ => activation.ToString(),
        };
    }
}
