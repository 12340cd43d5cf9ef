using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using static NetGen.Generators.DiagnosticDescriptors;

namespace NetGen.Generators.Rules
{
    /// <summary>
    /// The rules of a network with a Model file: the file imports (NG0037), every node has a NetGen equivalent (NG0038),
    /// declared layers are exactly the model's (NG0039, one per difference), and no Weights file competes with it (NG0040);
    /// the reference check (NG0041) runs after these.
    /// </summary>
    internal static class ModelRules
    {
        public static void Check(NetworkSpec spec, ImportedModel? model, NetworkRules.Reporter report)
        {
            if (model is null) return;
            string name = spec.Type.DisplayName;
            var target = new RuleTarget(TargetKind.Network, 0, KnownNames.Model);
            if (spec.WeightsFile is string weights) report(ModelWithWeights, new RuleTarget(TargetKind.Network, 0, KnownNames.Weights), name, model.File, weights);
            if (model.Problem is string problem) report(ModelFileUnusable, target, name, model.File, problem);
            foreach (var node in model.NodeProblems) report(ModelNodeUnsupported, target, name, model.File, node.Node, node.Operator, node.Detail);
            if (!model.IsComplete) return;
            foreach (var reference in model.References.Where(r => r.Fails))
                report(ModelDisagreesWithReference, target, name, model.File, reference.Set, reference.Problem
                    ?? $"the worst difference is {reference.WorstRelativeDifference:E2} of the output's largest magnitude, above the tolerance of {ReferenceResult.Tolerance:E0}; check that these reference files were written from this model; if they were, the import computes another function than the exporter did (please report it with the model)");
            foreach (var difference in Differences(spec, model))
                report(ModelDiffersFromDeclaration, difference.Target, name, model.File, difference.Declared, difference.Source,
                    difference.Attribute, difference.DeclaredValue, difference.ModelValue);
        }

        /// <summary>
        /// The model's parameters as baked weights, when they are the network's: the model imported completely and the
        /// declaration (if any) matches it. Null otherwise (the rules say why).
        /// </summary>
        public static BakedWeights? Weights(NetworkSpec spec, ImportedModel model) =>
            model.IsComplete && !Differences(spec, model).Any() && NetworkRules.Shapes(spec) is { } shapes
            && ParameterTensors.State(spec, shapes).Sum(t => (long)t.Length) == model.Parameters.Count
                ? new BakedWeights(WeightsStatus.Loaded, model.Parameters, "")
                : null;

        private static string InputText(InputSpec input) => string.Join("×", input.Dimensions) + (input.Steps is int steps ? $" with Steps = {steps}" : "");

        /// <summary>A declared argument that is not what the model has.</summary>
        private sealed record Difference(RuleTarget Target, string Declared, string Source, string Attribute, string DeclaredValue, string ModelValue);

        private static IEnumerable<Difference> Differences(NetworkSpec spec, ImportedModel model)
        {
            if (spec.Inputs.Count == 1 && model.Input is { } input && (!spec.Inputs[0].Dimensions.Equals(input.Dimensions) || spec.Inputs[0].Steps != input.Steps))
                yield return new Difference(new RuleTarget(TargetKind.Input, 0), "The [Input]", "the graph input", "shape",
                    InputText(spec.Inputs[0]), InputText(input));

            var ordinals = new Dictionary<string, int>();
            for (int i = 0; i < Math.Min(spec.Layers.Count, model.Layers.Count); i++)
            {
                var (declared, imported) = (spec.Layers[i], model.Layers[i]);
                ordinals[declared.Kind] = ordinals.TryGetValue(declared.Kind, out int seen) ? seen + 1 : 1;
                string layerName = NetworkRules.LayerName(i, declared.Kind, ordinals[declared.Kind]);
                string source = $"node '{model.Sources[i]}'";
                if (declared.GetType() != imported.GetType() || declared.Kind != imported.Kind)
                {
                    yield return new Difference(new RuleTarget(TargetKind.Layer, i), layerName, source, "kind", $"[{declared.Kind}]", $"[{imported.Kind}]");
                    continue;
                }
                foreach (var (argument, mine, theirs) in Arguments(declared, imported))
                    yield return new Difference(new RuleTarget(TargetKind.Layer, i, argument), layerName, source, argument, mine, theirs);
            }

            if (spec.Layers.Count != model.Layers.Count)
                yield return new Difference(new RuleTarget(TargetKind.Type), "The layer list", model.Layers.Count > spec.Layers.Count
                        ? $"node '{model.Sources[spec.Layers.Count]}'" : "the graph", "the number of layers",
                    spec.Layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), model.Layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        /// <summary>
        /// The layer record's positional members that differ, named as the attribute's arguments. Initialisers (Init,
        /// BiasInit, PReLU's InitialSlope) are not compared: the model's weights replace them.
        /// </summary>
        private static IEnumerable<(string Argument, string Declared, string Model)> Arguments(LayerSpec declared, LayerSpec imported)
        {
            var constructor = declared.GetType().GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            foreach (var parameter in constructor.GetParameters())
            {
                if (parameter.Name is "DeclaredInit" or "DeclaredBiasInit" or "InitialSlope" or "Rectangular" or "NamedActivation") continue;
                var property = declared.GetType().GetProperty(parameter.Name!)!;
                object? mine = property.GetValue(declared), theirs = property.GetValue(imported);
                string mineText = Text(mine), theirsText = Text(theirs);
                if (mineText != theirsText) yield return (ArgumentName(parameter.Name!), mineText, theirsText);
            }
        }

        /// <summary>Activations compare as written after defaults ("LeakyReLU(s=0.01)"): an unset slope equals its default.</summary>
        private static string Text(object? value) => value switch
        {
            ActivationSpec activation => activation.Label,
            null => "unset",
            IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString()!,
        };

        /// <summary>The argument a user writes for a layer record's member: the constructor parameter for a positional one, else the property.</summary>
        private static string ArgumentName(string member) => member switch
        {
            "ActivationStage" or "Nonlinearity" => "activation",
            "KernelHeight" or "KernelWidth" or "Dimensions" => "kernel",
            "WindowHeight" or "WindowWidth" or "Reach" => "size",
            "DeclaredStride" => KnownNames.Stride,
            "DeclaredStrideWidth" => KnownNames.StrideWidth,
            "DeclaredDilationWidth" => KnownNames.DilationWidth,
            "DeclaredCountPadding" => KnownNames.CountPadding,
            "P" => "p",
            "Units" or "Filters" => char.ToLowerInvariant(member[0]) + member.Substring(1),
            _ => member, // a named argument: the attribute's property of the same name (Padding, Bias, Momentum, PerChannel)
        };
    }
}
