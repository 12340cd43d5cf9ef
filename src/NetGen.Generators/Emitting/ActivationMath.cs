using System;

namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// The math of every activation in one table: the forward expression, the derivative expression and the comment
    /// text, for unrolled and looped code alike. Expressions take the names of z and a (locals such as z2_0 or span
    /// elements such as z2[j]); both must be simple names or element accesses.
    /// </summary>
    internal static class ActivationMath
    {
        /// <summary>
        /// σ(z) in double, the values the forward expressions compute (the build-time check of an imported model against its
        /// reference output evaluates with it). GELU's erf is Abramowitz and Stegun's 7.1.26 (absolute error below 1.5e-7),
        /// well inside the check's 1e-4 tolerance. Softmax and LogSoftmax, which are not element-wise, are not here.
        /// </summary>
        public static double Value(Activation activation, double parameter, double z) => activation switch
        {
            Activation.Linear => parameter * z,
            Activation.Step => z >= parameter ? 1 : 0,
            Activation.Sign => Math.Sign(z),
            Activation.Sigmoid => Sigmoid(z),
            Activation.Tanh => Math.Tanh(z),
            Activation.ReLU => z < 0 ? 0 : z,
            Activation.LeakyReLU => z > 0 ? z : parameter * z,
            Activation.ELU => z > 0 ? z : parameter * (Math.Exp(z) - 1),
            Activation.SELU => z > 0 ? SeluLambda * z : SeluLambda * SeluAlpha * (Math.Exp(z) - 1),
            Activation.Softplus => Softplus(z),
            Activation.PiecewiseLinear => z <= -0.5 ? 0 : z >= 0.5 ? 1 : z + 0.5,
            Activation.SiLU => z * Sigmoid(z),
            Activation.ReLU6 => z < 0 ? 0 : z > 6 ? 6 : z,
            Activation.HardSigmoid => z < -3 ? 0 : z > 3 ? 1 : (z + 3) / 6,
            Activation.HardSwish => z < -3 ? 0 : z > 3 ? z : z * (z + 3) / 6,
            Activation.GELU => z * 0.5 * (1 + Erf(z / Math.Sqrt(2))),
            Activation.Mish => z * Math.Tanh(Softplus(z)),
            Activation.Softsign => z / (1 + Math.Abs(z)),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Softmax and LogSoftmax are not element-wise."),
        };

        private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

        private static double Softplus(double z) => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));

        private static double Erf(double x)
        {
            double t = 1 / (1 + 0.3275911 * Math.Abs(x));
            double polynomial = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
            return Math.Sign(x) * (1 - polynomial * Math.Exp(-x * x));
        }

        /// <summary>SELU's fixed constants (docs/math.md).</summary>
        public const double SeluLambda = 1.0507009873554804934193349852946;
        public const double SeluAlpha = 1.6732632423543772848170429916717;

        /// <summary>
        /// HardSigmoid's slope as PyTorch's autograd gives it: 1/6 rounded to float (its kernel writes 1.0f / 6.0f), also in
        /// double, where it differs from 1/6 by 5e-9. NetGen takes PyTorch's value so that gradients agree with it.
        /// </summary>
        public const double HardSigmoidSlope = (double)(1.0f / 6.0f);

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
            Activation.SiLU => $"{RuntimeNames.NetMath}.SiLU({z})",
            Activation.ReLU6 => $"({z} < {t.Literal(0)} ? {t.Literal(0)} : {z} > {t.Literal(6)} ? {t.Literal(6)} : {z})",
            Activation.HardSigmoid => $"({z} < {t.Literal(-3)} ? {t.Literal(0)} : {z} > {t.Literal(3)} ? {t.Literal(1)} : ({z} + {t.Literal(3)}) / {t.Literal(6)})",
            Activation.HardSwish => $"({z} < {t.Literal(-3)} ? {t.Literal(0)} : {z} > {t.Literal(3)} ? {z} : {z} * ({z} + {t.Literal(3)}) / {t.Literal(6)})",
            Activation.GELU => $"{RuntimeNames.NetMath}.Gelu({z})",
            Activation.Mish => $"{RuntimeNames.NetMath}.Mish({z})",
            Activation.Softsign => $"{RuntimeNames.NetMath}.Softsign({z})",
            _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "Softmax and LogSoftmax are not element-wise."),
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
            Activation.SiLU => $"{RuntimeNames.NetMath}.SiLUDerivative({z})",
            // The kinks as PyTorch 1.13's autograd has them: relu6 and hardsigmoid pass no gradient at theirs, hardswish
            // takes the middle piece's slope at −3 (−½) and the right piece's at 3 (1).
            Activation.ReLU6 => $"({z} > {t.Literal(0)} && {z} < {t.Literal(6)} ? {t.Literal(1)} : {t.Literal(0)})",
            Activation.HardSigmoid => $"({z} > {t.Literal(-3)} && {z} < {t.Literal(3)} ? {t.Literal(HardSigmoidSlope)} : {t.Literal(0)})",
            Activation.HardSwish => $"({z} >= {t.Literal(3)} ? {t.Literal(1)} : {z} < {t.Literal(-3)} ? {t.Literal(0)} : {z} / {t.Literal(3)} + {t.Literal(0.5)})",
            Activation.GELU => $"{RuntimeNames.NetMath}.GeluDerivative({z})",
            Activation.Mish => $"{RuntimeNames.NetMath}.MishDerivative({z})",
            Activation.Softsign => $"{RuntimeNames.NetMath}.SoftsignDerivative({z})",
            _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "Softmax and LogSoftmax are not element-wise."),
        };

        /// <summary>
        /// Whether σ couples a layer's outputs (softmax, log-softmax): then a sample's values go through one NetMath kernel
        /// over the row, <c>NetMath.X(z, a)</c>, and σ' is a Jacobian product, <c>NetMath.XBackward(a, g)</c>, X the
        /// activation's name. Every other activation is element-wise.
        /// </summary>
        public static bool IsRowWise(Activation activation) => activation is Activation.Softmax or Activation.LogSoftmax;

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
            Activation.SiLU => "σ(z) = z·s(z), s = sigmoid (SiLU, Swish)",
            Activation.ReLU6 => "σ(z) = min(max(0, z), 6)",
            Activation.HardSigmoid => "σ(z) = relu6(z + 3)/6",
            Activation.HardSwish => "σ(z) = z·relu6(z + 3)/6",
            Activation.GELU => "σ(z) = z·Φ(z) = ½z(1 + erf(z/√2))",
            Activation.Mish => "σ(z) = z·tanh(softplus z)",
            Activation.Softsign => "σ(z) = z/(1 + |z|)",
            Activation.LogSoftmax => "σ(z)ₖ = zₖ − m − ln Σⱼ e^(zⱼ − m), m = max z",
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
            Activation.SiLU => "σ'(z) = s(z)·(1 + z(1 − s(z)))",
            Activation.ReLU6 => "σ'(z) = 1 if 0 < z < 6 else 0 (0 at the kinks, as PyTorch)",
            Activation.HardSigmoid => "σ'(z) = 1/6 (PyTorch's float 1/6) if −3 < z < 3 else 0 (0 at the kinks, as PyTorch)",
            Activation.HardSwish => "σ'(z) = 0 if z < −3, (2z + 3)/6 if −3 ≤ z < 3, 1 if z ≥ 3 (as PyTorch at the kinks)",
            Activation.GELU => "σ'(z) = Φ(z) + z·φ(z), φ(z) = e^(−z²/2)/√(2π)",
            Activation.Mish => "σ'(z) = t + z·s(z)·(1 − t²), t = tanh(softplus z)",
            Activation.Softsign => "σ'(z) = 1/(1 + |z|)²",
            Activation.LogSoftmax => "log-softmax: δₖ = gₖ − pₖ Σⱼ gⱼ with g = ∂C/∂ŷ, p = e^ŷ",
            _ => activation.ToString(),
        };
    }
}
