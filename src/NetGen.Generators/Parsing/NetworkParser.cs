using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators.Model;

namespace NetGen.Generators.Parsing
{
    /// <summary>Reads a type's NetGen attributes into a <see cref="NetworkSpec"/>. The only place that touches symbols.</summary>
    internal static class NetworkParser
    {
        public static NetworkSpec Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            AttributeData? network = null;
            var inputs = ImmutableArray.CreateBuilder<int>();
            var layers = ImmutableArray.CreateBuilder<LayerSpec>();
            var layerDeclarations = new HashSet<SyntaxNode>();

            foreach (var attribute in type.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (attribute.AttributeClass?.ToDisplayString())
                {
                    case KnownNames.NetworkAttribute:
                        network ??= attribute;
                        break;
                    case KnownNames.InputAttribute:
                        inputs.Add(IntArgument(attribute, 0) ?? 0);
                        NoteDeclaration(attribute, layerDeclarations, cancellationToken);
                        break;
                    case KnownNames.DenseAttribute:
                        layers.Add(ParseLayer(attribute));
                        NoteDeclaration(attribute, layerDeclarations, cancellationToken);
                        break;
                }
            }

            return new NetworkSpec(
                ParseType(type),
                network is null ? null : (Loss?)IntArgument(network, 0),
                (Precision)(NamedInt(network, KnownNames.Precision) ?? 0),
                NamedInt(network, KnownNames.Seed) ?? 0,
                new EquatableArray<int>(inputs.ToImmutable()),
                new EquatableArray<LayerSpec>(layers.ToImmutable()),
                layerDeclarations.Count,
                network is null ? null : Named(network, KnownNames.Weights)?.Value as string,
                network is not null && Named(network, KnownNames.Frozen)?.Value is true);
        }

        /// <summary>The positions of [Input] and [Dense] among a type's attributes, for mapping rule targets to locations.</summary>
        public static ImmutableArray<AttributeData> AttributesOf(INamedTypeSymbol type, string metadataName) =>
            type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == metadataName).ToImmutableArray();

        private static LayerSpec ParseLayer(AttributeData attribute) => new(
            IntArgument(attribute, 0) ?? 0,
            (Activation)(IntArgument(attribute, 1) ?? (int)Activation.Linear),
            NamedDouble(attribute, KnownNames.Slope),
            NamedDouble(attribute, KnownNames.Threshold),
            NamedDouble(attribute, KnownNames.Alpha),
            (WeightInit)(NamedInt(attribute, KnownNames.Init) ?? 0),
            NamedDouble(attribute, KnownNames.BiasInit) ?? 0);

        private static TypeSpec ParseType(INamedTypeSymbol type)
        {
            var containing = new List<ContainingTypeSpec>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
                containing.Insert(0, new ContainingTypeSpec(outer.Name, KindOf(outer), IsPartial(outer), outer.TypeParameters.Length > 0));

            return new TypeSpec(
                type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                KindOf(type),
                IsPartial(type),
                type.IsStatic,
                type.TypeParameters.Length > 0,
                containing.ToEquatableArray(),
                ConflictingMembers(type).ToEquatableArray());
        }

        private static IEnumerable<string> ConflictingMembers(INamedTypeSymbol type)
        {
            var names = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (var member in type.GetMembers())
            {
                if (member.IsImplicitlyDeclared || IsGeneratedByNetGen(member)) continue;
                if (KnownNames.GeneratedMembers.Contains(member.Name)) names.Add(member.Name);
                else if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor && IsGeneratedConstructorSignature(constructor))
                    names.Add(constructor.Parameters.Length == 0 ? type.Name + "()" : type.Name + "(int)");
            }

            foreach (var nested in type.GetTypeMembers())
                if (KnownNames.GeneratedMembers.Contains(nested.Name) && !IsGeneratedByNetGen(nested)) names.Add(nested.Name);
            return names;
        }

        private static bool IsGeneratedConstructorSignature(IMethodSymbol constructor) =>
            constructor.Parameters.Length == 0 ||
            (constructor.Parameters.Length == 1 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_Int32);

        /// <summary>The analyzer sees the generator's own output in its compilation; those members are not conflicts.</summary>
        private static bool IsGeneratedByNetGen(ISymbol member) =>
            member.DeclaringSyntaxReferences.Length > 0 &&
            member.DeclaringSyntaxReferences.All(r => r.SyntaxTree.FilePath.Replace('\\', '/').Contains("NetGen.Generators/"));

        private static bool IsPartial(INamedTypeSymbol type) =>
            type.DeclaringSyntaxReferences.Length > 0 &&
            type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax declaration &&
                                                    declaration.Modifiers.Any(m => m.ValueText == "partial"));

        private static TypeKindSpec KindOf(INamedTypeSymbol type) => type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => TypeKindSpec.RecordStruct,
            { IsRecord: true } => TypeKindSpec.RecordClass,
            { TypeKind: TypeKind.Struct } => TypeKindSpec.Struct,
            { TypeKind: TypeKind.Interface } => TypeKindSpec.Interface,
            _ => TypeKindSpec.Class,
        };

        private static void NoteDeclaration(AttributeData attribute, HashSet<SyntaxNode> declarations, CancellationToken cancellationToken)
        {
            // Attribute → attribute list → type declaration.
            var declaration = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).Parent?.Parent;
            if (declaration is not null) declarations.Add(declaration);
        }

        private static int? IntArgument(AttributeData attribute, int position) =>
            attribute.ConstructorArguments.Length > position && attribute.ConstructorArguments[position].Value is int value ? value : null;

        private static int? NamedInt(AttributeData? attribute, string name) =>
            attribute is not null && Named(attribute, name)?.Value is int value ? value : null;

        private static double? NamedDouble(AttributeData attribute, string name) => Named(attribute, name)?.Value switch
        {
            double value => value,
            _ => null,
        };

        private static TypedConstant? Named(AttributeData attribute, string name)
        {
            foreach (var pair in attribute.NamedArguments)
                if (pair.Key == name) return pair.Value;
            return null;
        }
    }
}
