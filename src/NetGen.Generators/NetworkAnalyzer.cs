using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using NetGen.Generators.Rules;

namespace NetGen.Generators
{
    /// <summary>
    /// Reports every <see cref="NetworkRules"/> violation of a [Network] type at the attribute argument it is about,
    /// and NG0013 for layer attributes on a type without [Network]. The generator consults the same rules.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NetworkAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var facts = CompilationFacts.From(start.Compilation);
                var weightFiles = start.Options.AdditionalFiles
                    .Where(file => WeightsLoader.IsCandidate(file.Path))
                    .Select(file => AdditionalFile.From(file, start.CancellationToken))
                    .ToEquatableArray();
                var modelFiles = start.Options.AdditionalFiles
                    .Where(file => ModelLoader.IsCandidate(file.Path))
                    .Select(file => AdditionalFile.From(file, start.CancellationToken))
                    .ToEquatableArray();
                start.RegisterSymbolAction(symbol => Analyze(symbol, facts, weightFiles, modelFiles), SymbolKind.NamedType);
            });
        }

        private static void Analyze(SymbolAnalysisContext context, CompilationFacts facts, EquatableArray<AdditionalFile> weightFiles, EquatableArray<AdditionalFile> modelFiles)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var attributes = type.GetAttributes();
            if (!attributes.Any(a => IsAttribute(a, KnownNames.NetworkAttribute)))
            {
                foreach (var layer in attributes.Where(a => IsAttribute(a, KnownNames.InputAttribute) || LayerKinds.IsLayerAttribute(a.AttributeClass?.ToDisplayString())))
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LayerWithoutNetwork,
                        AttributeLocation(layer, context.CancellationToken), type.Name, layer.AttributeClass!.Name.Replace("Attribute", "")));
                return;
            }

            var network = NetworkInput.Resolve(NetworkParser.Parse(type, context.CancellationToken), facts, weightFiles, modelFiles);
            foreach (var violation in NetworkRules.Check(network.Spec, facts, network.Weights, network.Model))
            {
                var properties = violation.FixActivation is Activation fix
                    ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticDescriptors.FixActivationProperty, fix.ToString())
                    : ImmutableDictionary<string, string?>.Empty;
                context.ReportDiagnostic(Diagnostic.Create(violation.Descriptor, Locate(type, violation.Target, context.CancellationToken),
                    properties, violation.MessageArguments.ToArray()));
            }
        }

        /// <summary>Turns a rule target into the narrowest source location: the argument, else the attribute, else the type's name.</summary>
        private static Location Locate(INamedTypeSymbol type, RuleTarget target, CancellationToken cancellationToken)
        {
            var attributes = target.Kind switch
            {
                TargetKind.Network => NetworkParser.AttributesOf(type, KnownNames.NetworkAttribute),
                TargetKind.Input => NetworkParser.AttributesOf(type, KnownNames.InputAttribute),
                TargetKind.Layer => NetworkParser.LayerAttributes(type),
                TargetKind.UnboundAttribute => NetworkParser.UnboundAttributes(type),
                _ => (ImmutableArray<AttributeData>?)null,
            };

            if (target.Kind == TargetKind.Member) return MemberLocation(type, target.Argument!) ?? NameLocation(type, cancellationToken);
            if (attributes is null)
            {
                var named = type;
                if (target.Kind == TargetKind.ContainingType)
                {
                    var chain = new System.Collections.Generic.List<INamedTypeSymbol>();
                    for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) chain.Insert(0, outer);
                    named = chain[target.Index];
                }
                return NameLocation(named, cancellationToken);
            }

            var attribute = attributes.Value.ElementAtOrDefault(target.Index);
            if (attribute is null) return NameLocation(type, cancellationToken);
            if (target.Argument is null || attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
                return AttributeLocation(attribute, cancellationToken);

            var argument = FindArgument(attribute, syntax, target.Argument);
            return argument?.GetLocation() ?? syntax.GetLocation();
        }

        /// <summary>The argument bound to a constructor parameter (positionally or by name) or a named property.</summary>
        private static AttributeArgumentSyntax? FindArgument(AttributeData attribute, AttributeSyntax syntax, string argumentName)
        {
            var arguments = syntax.ArgumentList?.Arguments ?? default;
            var named = arguments.FirstOrDefault(a =>
                a.NameEquals?.Name.Identifier.ValueText == argumentName || a.NameColon?.Name.Identifier.ValueText == argumentName);
            if (named is not null) return named;

            int position = attribute.AttributeConstructor?.Parameters.IndexOf(
                attribute.AttributeConstructor.Parameters.FirstOrDefault(p => p.Name == argumentName)!) ?? -1;
            return position >= 0 && position < arguments.Count && arguments[position].NameEquals is null && arguments[position].NameColon is null
                ? arguments[position]
                : null;
        }

        /// <summary>Where the user declared the member a rule target names; constructors are named "Type()" or "Type(int)".</summary>
        private static Location? MemberLocation(INamedTypeSymbol type, string member)
        {
            var candidates = member.EndsWith("()", System.StringComparison.Ordinal) || member.EndsWith("(int)", System.StringComparison.Ordinal)
                ? type.InstanceConstructors.Where(c => c.Parameters.Length == (member.EndsWith("()", System.StringComparison.Ordinal) ? 0 : 1)).Cast<ISymbol>()
                : type.GetMembers(member);
            return candidates.Where(c => !c.IsImplicitlyDeclared).SelectMany(c => c.Locations).FirstOrDefault(l => l.IsInSource);
        }

        private static Location AttributeLocation(AttributeData attribute, CancellationToken cancellationToken) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;

        /// <summary>The name of the type's first declaration that is not partial (what NG0001 is about), else of its first declaration.</summary>
        private static Location NameLocation(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().ToList();
            var declaration = declarations.FirstOrDefault(d => !d.Modifiers.Any(m => m.ValueText == "partial")) ?? declarations.FirstOrDefault();
            return declaration?.Identifier.GetLocation() ?? type.Locations.FirstOrDefault() ?? Location.None;
        }

        private static bool IsAttribute(AttributeData attribute, string metadataName) => attribute.AttributeClass?.ToDisplayString() == metadataName;
    }
}
