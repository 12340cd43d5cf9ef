using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using static NetGen.Generators.DiagnosticDescriptors;

namespace NetGen.Generators.Rules
{
    /// <summary>
    /// The one definition of a valid network. The analyzer reports every violation; the generator emits code exactly
    /// when there is no error among them. Pure: a spec and compilation facts in, violations out. Each layer kind checks
    /// its own arguments and fit (<see cref="LayerSpec.Check"/>); this class walks the chain and checks the whole.
    /// </summary>
    internal static class NetworkRules
    {
        /// <summary>Parameters beyond this would make the generated constants and buffers unwieldy (64 MiB of floats).</summary>
        public const long MaxParameters = 1 << 24;

        /// <summary>Wider Dense layers would put too much on the stack: looped layers keep z, a and δ in stackalloc'd spans.</summary>
        public const int MaxLayerWidth = 8192;

        /// <summary>The sum of all Dense layer widths, bounding the stack a forward and backward pass use together.</summary>
        public const int MaxTotalWidth = 16384;

        /// <summary>
        /// The values of all image layers' maps, which live in a per-thread workspace (z, a and δ of each: 48 MiB of floats); also
        /// the bound on the recurrent layers' per-step records in that workspace.
        /// </summary>
        public const long MaxMapValues = 1 << 22;

        /// <summary>Reports one violation; <see cref="LayerCheck"/> reports through it too.</summary>
        public delegate void Reporter(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, RuleTarget target, params object[] arguments);

        /// <summary>
        /// Whether the generator can emit the network: no rule reports an error, and the [Network] attribute bound
        /// (when its loss is missing, or [Input] bound no constructor, the compiler already reports the broken attribute, so no
        /// rule repeats it).
        /// </summary>
        public static bool IsValid(NetworkSpec spec, CompilationFacts facts, BakedWeights? weights, ImportedModel? model = null) =>
            spec.Loss is not null && Shapes(spec) is not null && !Check(spec, facts, weights, model).Any(v => v.IsError);

        /// <param name="spec">The network, with an imported model's layers (<see cref="NetworkSpec.WithModel"/>).</param>
        /// <param name="facts">What the target supports.</param>
        /// <param name="weights">The result of <see cref="WeightsLoader.Load"/> for this spec, or the model's (<see cref="ModelRules.Weights"/>).</param>
        /// <param name="model">The result of <see cref="ModelLoader.Load"/> for this spec.</param>
        public static ImmutableArray<Violation> Check(NetworkSpec spec, CompilationFacts facts, BakedWeights? weights, ImportedModel? model = null)
        {
            var violations = ImmutableArray.CreateBuilder<Violation>();
            void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, RuleTarget target, params object[] arguments) =>
                violations.Add(new Violation(descriptor, target, arguments.ToImmutableArray()));

            string name = spec.Type.DisplayName;
            CheckType(spec.Type, Report);
            NameRules.Check(spec, Report);
            if (!facts.LanguageVersionSuffices)
                Report(LanguageVersionTooLow, new RuleTarget(TargetKind.Type), name, CompilationFacts.LanguageVersionText(facts.LanguageVersion));

            if (spec.Loss is null) return violations.ToImmutable(); // the compiler already reports the broken attribute
            if (!Enum.IsDefined(typeof(Loss), spec.Loss.Value))
                Report(UndefinedEnumValue, new RuleTarget(TargetKind.Network, 0, "loss"), "The loss", name, RuleFormat.Enum(spec.Loss.Value), nameof(Loss));
            if (!Enum.IsDefined(typeof(Precision), spec.Precision))
                Report(UndefinedEnumValue, new RuleTarget(TargetKind.Network, 0, "Precision"), "Precision", name, RuleFormat.Enum(spec.Precision), nameof(Precision));

            if (spec.Inputs.Count != 1 && model is not { IsComplete: false })
                Report(InputCount, spec.Inputs.Count == 0 ? new RuleTarget(TargetKind.Type) : new RuleTarget(TargetKind.Input, 1), name, spec.Inputs.Count);
            for (int i = 0; i < spec.Inputs.Count; i++)
                for (int d = 0; d < spec.Inputs[i].Dimensions.Count; d++)
                    if (spec.Inputs[i].Dimensions[d] < 1)
                        Report(SizeNotPositive, new RuleTarget(TargetKind.Input, i, spec.Inputs[i].ArgumentName(d)), "The [Input]", name, spec.Inputs[i].Dimensions[d]);
            for (int i = 0; i < spec.Inputs.Count; i++)
                if (spec.Inputs[i].StepsProblem is string problem)
                    Report(StepsOutOfRange, new RuleTarget(TargetKind.Input, i, KnownNames.Steps), name, spec.Inputs[i].Steps!.Value, problem);

            ModelRules.Check(spec, model, Report);
            if (spec.Layers.Count == 0 && model is not { IsComplete: false }) Report(NoLayers, new RuleTarget(TargetKind.Type), name, LayerKinds.ListText);
            if (spec.LayerDeclarationCount > 1) Report(LayersOnSeveralDeclarations, new RuleTarget(TargetKind.Type), name, spec.LayerDeclarationCount);

            var shapes = InferShapes(spec, Report);
            CheckLossFitsOutput(spec, violations);
            LogSoftmaxRules.Check(spec, shapes, Report);
            if (shapes is not null) CheckSize(spec, shapes.Value, facts, Report);

            CheckWeights(spec, weights, Report);
            foreach (var member in spec.Type.ConflictingMembers.Where(member => Declares(spec, member)))
                Report(MemberConflict, new RuleTarget(TargetKind.Member, 0, member), name, member);

            return violations.ToImmutable();
        }

        /// <summary>
        /// The input's shape, then every layer's output shape, for a network whose input and layers are all valid and fit
        /// one another; null otherwise. The one shape inference, shared by the rules, the layout and the weights check.
        /// </summary>
        public static ImmutableArray<Shape>? Shapes(NetworkSpec spec) => InferShapes(spec, static (_, _, _) => { });

        /// <summary>How messages name a layer: its number in docs/math.md (the input is layer 1) and its position among its kind.</summary>
        public static string LayerName(int index, string kind, int ordinal) => $"Layer {index + 2} ([{kind}] #{ordinal})";

        private static ImmutableArray<Shape>? InferShapes(NetworkSpec spec, Reporter report)
        {
            Shape? shape = spec.Inputs.Count == 1 && spec.Inputs[0].IsBound && spec.Inputs[0].Dimensions.All(d => d >= 1) && spec.Inputs[0].StepsProblem is null
                ? spec.IsStreamingOnly ? Shape.Steps(spec.Inputs[0].Dimensions[0], 1) : spec.Inputs[0].Shape
                : null;
            var shapes = ImmutableArray.CreateBuilder<Shape>(spec.Layers.Count + 1);
            if (shape is not null) shapes.Add(shape);

            var ordinals = new Dictionary<string, int>();
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                var layer = spec.Layers[i];
                ordinals[layer.Kind] = ordinals.TryGetValue(layer.Kind, out int seen) ? seen + 1 : 1;
                var check = new LayerCheck(i, layer.Kind, LayerName(i, layer.Kind, ordinals[layer.Kind]), spec.Type.DisplayName, shape,
                    i == 0 ? null : spec.Layers[i - 1], i == spec.Layers.Count - 1, spec.Precision == Precision.Single, report);
                var input = shape;
                shape = layer.Check(check);
                if (shape is not null && input is { IsSteps: true } && !layer.ActsOnSteps)
                {
                    report(LayerNotOnSteps, new RuleTarget(TargetKind.Layer, i, null), check.LayerName, spec.Type.DisplayName, input.Text,
                        layer.Activation is { Activation: Activation.Softmax or Activation.LogSoftmax } stage ? $"{stage.Label}, which normalises a vector," : $"[{layer.Kind}]");
                    shape = null;
                }
                if (shape is not null) shapes.Add(shape);
            }

            return spec.Layers.Count > 0 && shapes.Count == spec.Layers.Count + 1 ? shapes.MoveToImmutable() : null;
        }

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

        /// <summary>
        /// The output activation a loss is defined on, or null when it takes any: the probabilities of Sigmoid and Softmax,
        /// the log-probabilities of LogSoftmax, the logits of Linear for the losses on logits.
        /// </summary>
        public static Activation? RequiredOutputActivation(Loss loss) => loss switch
        {
            Loss.BinaryCrossEntropy => Activation.Sigmoid,
            Loss.CategoricalCrossEntropy => Activation.Softmax,
            Loss.NegativeLogLikelihood => Activation.LogSoftmax,
            Loss.CrossEntropyFromLogits or Loss.BinaryCrossEntropyFromLogits => Activation.Linear,
            _ => null,
        };

        /// <summary>NG0005, with the activation the code fix writes when the output layer can take it.</summary>
        private static void CheckLossFitsOutput(NetworkSpec spec, ImmutableArray<Violation>.Builder violations)
        {
            if (spec.Layers.Count == 0 || spec.Loss is not Loss loss) return;
            Activation? required = RequiredOutputActivation(loss);
            int outputIndex = spec.Layers.Count - 1;
            var output = spec.Layers[outputIndex];
            if (required is not Activation fitting || output.Activation is { IsDefined: false } || output.Activation?.Activation == fitting) return;

            string outputName = LayerName(outputIndex, output.Kind, spec.Layers.Count(l => l.Kind == output.Kind));
            object actual = output.Activation?.Activation.ToString() ?? $"no activation ([{output.Kind}] has none)";
            violations.Add(new Violation(LossDoesNotFitOutput, new RuleTarget(TargetKind.Layer, outputIndex, output.Activation is null ? null : "activation"),
                ImmutableArray.Create<object>(loss, fitting, spec.Type.DisplayName, outputName, actual, output.Accepts(fitting)
                    ? $"change its activation to {fitting} or choose another loss"
                    : $"end the network with a [Dense(n, Activation.{fitting})] layer ([{output.Kind}] cannot take {fitting}) or choose another loss"),
                output.Accepts(fitting) ? fitting : null));
        }

        private static void CheckSize(NetworkSpec spec, ImmutableArray<Shape> shapes, CompilationFacts facts, Reporter report)
        {
            string name = spec.Type.DisplayName;
            var type = new RuleTarget(TargetKind.Type);
            if (SizeProblem(spec, shapes) is string problem)
            {
                report(NetworkTooLarge, type, name, problem);
                return;
            }

            long parameters = CountParameters(spec, shapes);
            if (facts.HasInlineBuffer && ParameterBytes(spec, parameters) > CompilationFacts.InlineBufferByteLimit)
                report(BufferTooLargeForTarget, type, name, parameters, ParameterBytes(spec, parameters), CompilationFacts.InlineBufferByteLimit);
        }

        /// <summary>Why a network of valid shapes is too large to generate (NG0017), or null: the one home of the size limits.</summary>
        public static string? SizeProblem(NetworkSpec spec, ImmutableArray<Shape> shapes)
        {
            long largest = shapes.Max(s => s.Size);
            if (largest > MaxMapValues) return $"a layer of {largest} values, more than the limit of {MaxMapValues}";
            long parameters = CountParameters(spec, shapes);
            long widest = shapes.Skip(1).Where(s => !Emitting.NetworkLayout.InWorkspace(s)).Select(s => s.Size).DefaultIfEmpty(0).Max();
            long totalWidth = shapes.Skip(1).Where(s => !Emitting.NetworkLayout.InWorkspace(s)).Sum(s => s.Size);
            long mapValues = shapes.Skip(1).Where(s => s.IsMap).Sum(s => s.Size);
            long scratchValues = spec.Layers.Select((layer, i) => layer.ScratchLength(shapes[i], shapes[i + 1])).Sum();
            return parameters > MaxParameters ? $"{parameters} parameters, more than the limit of {MaxParameters}"
                : widest > MaxLayerWidth ? $"a layer of {widest} units, more than the limit of {MaxLayerWidth}"
                : totalWidth > MaxTotalWidth ? $"{totalWidth} units in all layers, more than the limit of {MaxTotalWidth}"
                : mapValues > MaxMapValues ? $"{mapValues} values in the image layers' maps, more than the limit of {MaxMapValues}"
                : scratchValues > MaxMapValues ? $"{scratchValues} values of per-step records in the recurrent layers (steps × what each step remembers), more than the limit of {MaxMapValues}"
                : null;
        }

        private static void CheckWeights(NetworkSpec spec, BakedWeights? weights, Reporter report)
        {
            string name = spec.Type.DisplayName;
            var target = new RuleTarget(TargetKind.Network, 0, KnownNames.Weights);
            if (spec.Frozen && spec.ParameterFile is null) report(FrozenWithoutWeights, new RuleTarget(TargetKind.Network, 0, KnownNames.Frozen), name);
            switch (weights?.Status)
            {
                case WeightsStatus.NotFound: report(WeightsFileNotFound, target, name, spec.WeightsFile!); break;
                case WeightsStatus.Unreadable: report(WeightsFileUnreadable, target, name, spec.WeightsFile!, weights.Detail); break;
                case WeightsStatus.Mismatch: report(WeightsFileMismatch, target, name, spec.WeightsFile!, weights.Detail); break;
            }
        }

        /// <summary>
        /// Whether the generated code declares <paramref name="member"/> for this network, from the same facts the emitter
        /// reads: a layer's geometry field (LayerN) exists only for a kind that has one, the map workspace only when a layer's
        /// values live there (<see cref="Emitting.NetworkLayout.InWorkspace"/>), the baked parameters only with a weights file,
        /// the streaming members only a network with Step has, a frozen network has none of the training members, and a
        /// streaming-only network none of the members that need a whole input.
        /// </summary>
        private static bool Declares(NetworkSpec spec, string member)
        {
            if (member is "Workspace" or "WorkspaceLength" or "t_workspace")
                return Shapes(spec) is { } shapes && Emitting.NetworkLayout.UsesWorkspace(spec, shapes);
            if (member == "BakedParameters") return spec.ParameterFile is not null;
            if (KnownNames.StreamingMembers.Contains(member)) return spec.HasStep;
            if (spec.IsStreamingOnly && KnownNames.WholeInputMembers.Contains(member)) return false;
            if (member is "_noiseSeed" or "_noiseStep" && !spec.Layers.Any(l => l.UsesTrainingNoise)) return false;
            // Buffers and BufferTensors of a network without buffers implement INetwork explicitly: no name is taken.
            if (member is "Buffers" or "BufferTensors" or "BufferCount" or "_buffers" or "BufferTensorValues" or "BakedBuffers" && !HasBuffers(spec))
                return false;
            if (member == "BakedBuffers") return spec.ParameterFile is not null;
            if (member == "FoldedParameters") return Emitting.BatchNormFolding.FoldedConstants(spec).Parameters;
            if (member == "FoldedBuffers") return Emitting.BatchNormFolding.FoldedConstants(spec).Buffers;
            if (spec.Frozen && KnownNames.TrainingMembers.Contains(member)) return false;
            if (!KnownNames.IsShapeFieldName(member, out int number)) return true;
            int index = number - 2;
            return index >= 0 && index < spec.Layers.Count && spec.Layers[index].HasShapeField;
        }

        /// <summary>Whether a layer of the network has buffers (running statistics), so that the class declares Buffers publicly.</summary>
        private static bool HasBuffers(NetworkSpec spec) =>
            Shapes(spec) is { } shapes && spec.Layers.Select((layer, i) => layer.Buffers(shapes[i]).Length).Any(count => count > 0);

        /// <summary>Every layer's tensors added up: the one parameter count. Long, so that absurd sizes cannot overflow.</summary>
        public static long CountParameters(NetworkSpec spec, ImmutableArray<Shape> shapes)
        {
            long count = 0;
            for (int i = 0; i < spec.Layers.Count; i++)
                foreach (var tensor in spec.Layers[i].Tensors(shapes[i])) count += tensor.Length;
            return count;
        }

        /// <summary>The size of all parameters in bytes.</summary>
        public static long ParameterBytes(NetworkSpec spec, long parameterCount) => parameterCount * (spec.Precision == Precision.Double ? 8 : 4);
    }
}
