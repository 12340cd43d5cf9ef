using NetGen.Generators.Emitting;
using NetGen.Generators.Parsing;
using NetGen.Generators.Rules;
using static NetGen.Generators.DiagnosticDescriptors;

namespace NetGen.Generators.Layers
{
    /// <summary>
    /// The element-wise activation stage of a layer with parameters (Dense, Conv2D), as declared. Null parameters were not
    /// set and take the defaults of docs/math.md. The emitter applies it after the layer's own computation of z.
    /// </summary>
    internal sealed record ActivationSpec(Activation Activation, double? Slope, double? Threshold, double? Alpha)
    {
        public static ActivationSpec Parse(AttributeArguments arguments, int position) => new(
            (Activation)(arguments.Int(position) ?? (int)Activation.Linear),
            arguments.NamedDouble(KnownNames.Slope),
            arguments.NamedDouble(KnownNames.Threshold),
            arguments.NamedDouble(KnownNames.Alpha));

        /// <summary>The parameter the activation uses after the defaults are applied (slope, threshold or α); 0 when it has none.</summary>
        public double Parameter => Activation switch
        {
            Activation.Linear => Slope ?? 1,
            Activation.LeakyReLU => Slope ?? 0.01,
            Activation.Step => Threshold ?? 0,
            Activation.ELU => Alpha ?? 1,
            _ => 0,
        };

        public bool IsDefined => System.Enum.IsDefined(typeof(Activation), Activation);

        /// <summary>The activation and its parameter for the header and the architecture string, e.g. "LeakyReLU(s=0.1)".</summary>
        public string Label => Activation switch
        {
            Activation.Linear when Parameter != 1 => $"Linear(k={MathText.Number(Parameter)})",
            Activation.Step when Parameter != 0 => $"Step(k={MathText.Number(Parameter)})",
            Activation.LeakyReLU => $"LeakyReLU(s={MathText.Number(Parameter)})",
            Activation.ELU => $"ELU(α={MathText.Number(Parameter)})",
            _ => Activation.ToString(),
        };

        /// <summary>docs/math.md's Auto rule: He for the ReLU family, LeCun for SELU, Xavier otherwise.</summary>
        public WeightInit ResolveInit(WeightInit init) => init != WeightInit.Auto ? init : Activation switch
        {
            Activation.ReLU or Activation.LeakyReLU or Activation.ELU => WeightInit.He,
            Activation.SELU => WeightInit.LeCun,
            _ => WeightInit.Xavier,
        };

        /// <summary>The rules every activation stage follows: a defined value, no Step/Sign without a warning, parameters in range and used.</summary>
        /// <returns>False when the activation is not a defined value (later rules about it would only repeat the error).</returns>
        public bool Check(LayerCheck check)
        {
            if (!IsDefined)
            {
                check.Report(UndefinedEnumValue, "activation", $"The activation of {check.LayerName}", check.NetworkName, RuleFormat.Enum(Activation), nameof(NetGen.Activation));
                return false;
            }

            if (Activation is Activation.Step or Activation.Sign)
                check.Report(ZeroGradientActivation, "activation", check.LayerName, check.NetworkName, Activation);
            CheckParameter(KnownNames.Slope, Slope, Activation is Activation.Linear or Activation.LeakyReLU, mustBePositive: false);
            CheckParameter(KnownNames.Threshold, Threshold, Activation is Activation.Step, mustBePositive: false);
            CheckParameter(KnownNames.Alpha, Alpha, Activation is Activation.ELU, mustBePositive: true);
            return true;

            void CheckParameter(string parameter, double? value, bool used, bool mustBePositive)
            {
                if (value is not double set) return;
                if (!used) check.Report(ParameterUnused, parameter, parameter, check.LayerName, check.NetworkName, Activation);
                else if (check.ConstantProblem(set) is string problem) check.Report(ParameterOutOfRange, parameter, parameter, RuleFormat.Number(set), check.LayerName, check.NetworkName, problem);
                else if (mustBePositive && set <= 0) check.Report(ParameterOutOfRange, parameter, parameter, RuleFormat.Number(set), check.LayerName, check.NetworkName, "it must be greater than 0");
            }
        }
    }
}
