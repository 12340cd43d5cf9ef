using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using static NetGen.Generators.DiagnosticDescriptors;

namespace NetGen.Generators.Rules
{
    /// <summary>
    /// The one definition of a valid network. The analyzer reports every violation; the generator emits code exactly
    /// when there is no error among them. Pure: a spec and compilation facts in, violations out.
    /// </summary>
    internal static class NetworkRules
    {
        /// <summary>Parameters beyond this would make the generated constants and buffers unwieldy (64 MiB of floats).</summary>
        public const long MaxParameters = 1 << 24;

        /// <summary>Wider layers would put too much on the stack: looped layers keep z, a and δ in stackalloc'd spans.</summary>
        public const int MaxLayerWidth = 8192;

        /// <summary>The sum of all layer widths, bounding the stack a forward and backward pass use together.</summary>
        public const int MaxTotalWidth = 16384;

        /// <summary>
        /// Whether the generator can emit the network: no rule reports an error, and the [Network] attribute bound
        /// (when its loss is missing the compiler already reports the broken attribute, so no rule repeats it).
        /// </summary>
        public static bool IsValid(NetworkSpec spec, CompilationFacts facts, BakedWeights? weights) =>
            spec.Loss is not null && !Check(spec, facts, weights).Any(v => v.IsError);

        /// <param name="weights">The result of <see cref="WeightsLoader.Load"/> for this spec.</param>
        public static ImmutableArray<Violation> Check(NetworkSpec spec, CompilationFacts facts, BakedWeights? weights)
        {
            var violations = ImmutableArray.CreateBuilder<Violation>();
            void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, RuleTarget target, params object[] arguments) =>
                violations.Add(new Violation(descriptor, target, arguments.ToImmutableArray(),
                    descriptor == LossDoesNotFitOutput ? arguments[1].ToString() : null));

            string name = spec.Type.DisplayName;
            CheckType(spec.Type, Report);

            if (spec.Loss is null) return violations.ToImmutable(); // the compiler already reports the broken attribute
            if (!Enum.IsDefined(typeof(Loss), spec.Loss.Value))
                Report(UndefinedEnumValue, new RuleTarget(TargetKind.Network, 0, "loss"), "The loss", name, Format(spec.Loss.Value), nameof(Loss));
            if (!Enum.IsDefined(typeof(Precision), spec.Precision))
                Report(UndefinedEnumValue, new RuleTarget(TargetKind.Network, 0, "Precision"), "Precision", name, Format(spec.Precision), nameof(Precision));

            if (spec.InputSizes.Count != 1)
                Report(InputCount, spec.InputSizes.Count == 0 ? new RuleTarget(TargetKind.Type) : new RuleTarget(TargetKind.Input, 1), name, spec.InputSizes.Count);
            for (int i = 0; i < spec.InputSizes.Count; i++)
                if (spec.InputSizes[i] < 1)
                    Report(SizeNotPositive, new RuleTarget(TargetKind.Input, i, "size"), "The [Input]", name, spec.InputSizes[i]);

            if (spec.Layers.Count == 0) Report(NoLayers, new RuleTarget(TargetKind.Type), name);
            if (spec.LayerDeclarationCount > 1) Report(LayersOnSeveralDeclarations, new RuleTarget(TargetKind.Type), name, spec.LayerDeclarationCount);

            for (int i = 0; i < spec.Layers.Count; i++) CheckLayer(spec, i, Report);
            CheckLossFitsOutput(spec, Report);
            CheckSize(spec, facts, Report);

            CheckWeights(spec, weights, Report);
            foreach (var member in spec.Type.ConflictingMembers)
                Report(MemberConflict, new RuleTarget(TargetKind.Member, 0, member), name, member);

            return violations.ToImmutable();
        }

        /// <summary>How a layer is named in messages: its number in docs/math.md (the input is layer 1) and its position among the [Dense]s.</summary>
        public static string LayerName(int denseIndex) => $"Layer {denseIndex + 2} ([Dense] #{denseIndex + 1})";

        private delegate void Reporter(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, RuleTarget target, params object[] arguments);

        private static void CheckType(TypeSpec type, Reporter report)
        {
            string? unsupported = type.Kind switch
            {
                TypeKindSpec.Struct => "a struct",
                TypeKindSpec.Interface => "an interface",
                TypeKindSpec.RecordClass or TypeKindSpec.RecordStruct => "a record",
                _ when type.IsStatic => "a static class",
                _ when type.IsGeneric => "a generic class",
                _ => type.ContainingTypes.Any(t => t.IsGeneric) ? "nested in a generic type" :
                     type.ContainingTypes.Any(t => t.Kind is not TypeKindSpec.Class) ? "nested in a type that is not a class" : null,
            };
            if (unsupported is not null) report(UnsupportedTypeKind, new RuleTarget(TargetKind.Type), type.DisplayName, unsupported);

            if (!type.IsPartial) report(TypeNotPartial, new RuleTarget(TargetKind.Type), type.DisplayName);
            for (int i = 0; i < type.ContainingTypes.Count; i++)
                if (!type.ContainingTypes[i].IsPartial)
                    report(TypeNotPartial, new RuleTarget(TargetKind.ContainingType, i), type.ContainingTypes[i].Name);
        }

        private static void CheckLayer(NetworkSpec spec, int index, Reporter report)
        {
            var layer = spec.Layers[index];
            string name = spec.Type.DisplayName, layerName = LayerName(index);
            bool isOutput = index == spec.Layers.Count - 1;

            if (layer.Units < 1) report(SizeNotPositive, new RuleTarget(TargetKind.Dense, index, "units"), layerName, name, layer.Units);
            if (!Enum.IsDefined(typeof(WeightInit), layer.Init))
                report(UndefinedEnumValue, new RuleTarget(TargetKind.Dense, index, "Init"), $"Init of {layerName}", name, Format(layer.Init), nameof(WeightInit));
            if (!IsFinite(layer.BiasInit))
                report(ParameterOutOfRange, new RuleTarget(TargetKind.Dense, index, "BiasInit"), "BiasInit", Format(layer.BiasInit), layerName, name, "it must be a finite number");

            if (!Enum.IsDefined(typeof(Activation), layer.Activation))
            {
                report(UndefinedEnumValue, new RuleTarget(TargetKind.Dense, index, "activation"), $"The activation of {layerName}", name, Format(layer.Activation), nameof(Activation));
                return;
            }

            if (layer.Activation == Activation.Softmax && layer.Units == 1)
                report(SoftmaxOfOneUnit, new RuleTarget(TargetKind.Dense, index, "units"), layerName, name);
            if (layer.Activation == Activation.Softmax && !isOutput)
                report(SoftmaxOnHiddenLayer, new RuleTarget(TargetKind.Dense, index, "activation"), layerName, name);
            if (layer.Activation is Activation.Step or Activation.Sign)
                report(ZeroGradientActivation, new RuleTarget(TargetKind.Dense, index, "activation"), layerName, name, layer.Activation);

            CheckParameter(KnownNames.Slope, layer.Slope, layer.Activation is Activation.Linear or Activation.LeakyReLU, mustBePositive: false);
            CheckParameter(KnownNames.Threshold, layer.Threshold, layer.Activation is Activation.Step, mustBePositive: false);
            CheckParameter(KnownNames.Alpha, layer.Alpha, layer.Activation is Activation.ELU, mustBePositive: true);

            void CheckParameter(string parameter, double? value, bool used, bool mustBePositive)
            {
                if (value is not double set) return;
                var target = new RuleTarget(TargetKind.Dense, index, parameter);
                if (!used) report(ParameterUnused, target, parameter, layerName, name, layer.Activation);
                else if (!IsFinite(set)) report(ParameterOutOfRange, target, parameter, Format(set), layerName, name, "it must be a finite number");
                else if (mustBePositive && set <= 0) report(ParameterOutOfRange, target, parameter, Format(set), layerName, name, "it must be greater than 0");
            }
        }

        private static void CheckLossFitsOutput(NetworkSpec spec, Reporter report)
        {
            if (spec.Layers.Count == 0 || spec.Loss is not Loss loss) return;
            Activation? required = loss switch
            {
                Loss.BinaryCrossEntropy => Activation.Sigmoid,
                Loss.CategoricalCrossEntropy => Activation.Softmax,
                _ => null,
            };
            int outputIndex = spec.Layers.Count - 1;
            var output = spec.Layers[outputIndex];
            if (required is Activation fitting && output.Activation != fitting && Enum.IsDefined(typeof(Activation), output.Activation))
                report(LossDoesNotFitOutput, new RuleTarget(TargetKind.Dense, outputIndex, "activation"),
                    loss, fitting, spec.Type.DisplayName, LayerName(outputIndex), output.Activation);
        }

        /// <summary>Whether the spec has exactly one positive input size and at least one layer, all of positive size.</summary>
        public static bool HasValidShape(NetworkSpec spec) =>
            spec.InputSizes.Count == 1 && spec.InputSizes[0] >= 1 && spec.Layers.Count > 0 && spec.Layers.All(l => l.Units >= 1);

        /// <summary>The input size, then each layer's units (for a spec with <see cref="HasValidShape"/>).</summary>
        public static ImmutableArray<int> LayerSizes(NetworkSpec spec) =>
            ImmutableArray.Create(spec.InputSizes[0]).AddRange(spec.Layers.Select(l => l.Units));

        private static void CheckSize(NetworkSpec spec, CompilationFacts facts, Reporter report)
        {
            if (!HasValidShape(spec)) return;

            string name = spec.Type.DisplayName;
            long parameters = CountParameters(spec);
            int widest = Math.Max(spec.InputSizes[0], spec.Layers.Max(l => l.Units));
            long totalWidth = spec.Layers.Sum(l => (long)l.Units);
            if (parameters > MaxParameters)
                report(NetworkTooLarge, new RuleTarget(TargetKind.Type), name, $"{parameters} parameters, more than the limit of {MaxParameters}");
            else if (widest > MaxLayerWidth)
                report(NetworkTooLarge, new RuleTarget(TargetKind.Type), name, $"a layer of {widest} units, more than the limit of {MaxLayerWidth}");
            else if (totalWidth > MaxTotalWidth)
                report(NetworkTooLarge, new RuleTarget(TargetKind.Type), name, $"{totalWidth} units in all layers, more than the limit of {MaxTotalWidth}");
            else if (facts.HasInlineBuffer && facts.ChooseBuffer(ParameterBytes(spec)) == BufferStrategy.Array)
                report(BufferTooLargeForTarget, new RuleTarget(TargetKind.Type), name, parameters, ParameterBytes(spec), CompilationFacts.InlineBufferByteLimit);
        }

        private static void CheckWeights(NetworkSpec spec, BakedWeights? weights, Reporter report)
        {
            string name = spec.Type.DisplayName;
            var target = new RuleTarget(TargetKind.Network, 0, KnownNames.Weights);
            if (spec.Frozen && spec.WeightsFile is null) report(FrozenWithoutWeights, new RuleTarget(TargetKind.Network, 0, KnownNames.Frozen), name);
            switch (weights?.Status)
            {
                case WeightsStatus.NotFound: report(WeightsFileNotFound, target, name, spec.WeightsFile!); break;
                case WeightsStatus.Unreadable: report(WeightsFileUnreadable, target, name, spec.WeightsFile!, weights.Detail); break;
                case WeightsStatus.Mismatch: report(WeightsFileMismatch, target, name, spec.WeightsFile!, weights.Detail); break;
            }
        }

        /// <summary>Σ units · (fanIn + 1): every layer's W and b. Counted in long so that absurd sizes cannot overflow.</summary>
        public static long CountParameters(NetworkSpec spec)
        {
            long count = 0, fanIn = spec.InputSizes.Count > 0 ? spec.InputSizes[0] : 0;
            foreach (var layer in spec.Layers)
            {
                count += layer.Units * (fanIn + 1);
                fanIn = layer.Units;
            }
            return count;
        }

        /// <summary>The size of all parameters in bytes.</summary>
        public static long ParameterBytes(NetworkSpec spec) => CountParameters(spec) * (spec.Precision == Precision.Double ? 8 : 4);

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static string Format<TEnum>(TEnum value) where TEnum : Enum => $"({typeof(TEnum).Name}){Convert.ToInt32(value, CultureInfo.InvariantCulture)}";
    }
}
