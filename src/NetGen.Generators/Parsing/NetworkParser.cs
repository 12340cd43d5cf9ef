using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;

namespace NetGen.Generators.Parsing
{
    /// <summary>Reads a type's NetGen attributes into a <see cref="NetworkSpec"/>. The only place that touches symbols.</summary>
    internal static class NetworkParser
    {
        public static NetworkSpec Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            AttributeData? network = null;
            var inputs = ImmutableArray.CreateBuilder<InputSpec>();
            var layers = ImmutableArray.CreateBuilder<LayerSpec>();
            var layerDeclarations = new HashSet<SyntaxNode>();
            var unknownNames = ImmutableArray.CreateBuilder<UnknownName>();
            int networks = 0, unknownAttributes = 0;

            foreach (var attribute in type.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                string? name = attribute.AttributeClass?.ToDisplayString();
                if (name == KnownNames.NetworkAttribute)
                {
                    network ??= attribute;
                    unknownNames.AddRange(UnknownArguments(attribute, "Network", networks++, cancellationToken));
                }
                else if (name == KnownNames.InputAttribute)
                {
                    unknownNames.AddRange(UnknownArguments(attribute, "Input", inputs.Count, cancellationToken));
                    inputs.Add(ParseInput(new AttributeArguments(attribute)));
                    NoteDeclaration(attribute, layerDeclarations, cancellationToken);
                }
                else if (LayerKinds.ParserFor(name) is { } parse)
                {
                    unknownNames.AddRange(UnknownArguments(attribute, attribute.AttributeClass!.Name.Substring(0, attribute.AttributeClass.Name.Length - "Attribute".Length), layers.Count, cancellationToken));
                    layers.Add(parse(new AttributeArguments(attribute)));
                    NoteDeclaration(attribute, layerDeclarations, cancellationToken);
                }
                else if (IsUnbound(attribute) && attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax)
                {
                    unknownNames.Add(new UnknownName(WithoutAttributeSuffix(RightmostName(syntax.Name)), null, unknownAttributes++, EquatableArray<string>.Empty));
                }
            }

            var networkArguments = network is null ? (AttributeArguments?)null : new AttributeArguments(network);
            return new NetworkSpec(
                ParseType(type),
                networkArguments?.Int(0) is int loss ? (Loss)loss : null,
                (Precision)(networkArguments?.NamedInt(KnownNames.Precision) ?? 0),
                networkArguments?.NamedInt(KnownNames.Seed) ?? 0,
                new EquatableArray<InputSpec>(inputs.ToImmutable()),
                new EquatableArray<LayerSpec>(layers.ToImmutable()),
                layerDeclarations.Count,
                networkArguments?.Named(KnownNames.Weights)?.Value as string,
                networkArguments?.Named(KnownNames.Frozen)?.Value is true,
                networkArguments?.Named(KnownNames.Model)?.Value as string,
                networkArguments?.Named(KnownNames.ReferenceInput)?.Value as string,
                networkArguments?.Named(KnownNames.ReferenceOutput)?.Value as string,
                unknownNames.ToEquatableArray());
        }

        /// <summary>A type's attributes that bind to no type, in declaration order: the targets of NG0046.</summary>
        public static ImmutableArray<AttributeData> UnboundAttributes(INamedTypeSymbol type) => type.GetAttributes().Where(IsUnbound).ToImmutableArray();

        private static bool IsUnbound(AttributeData attribute) => attribute.AttributeClass is null or { TypeKind: TypeKind.Error };

        /// <summary>
        /// The named arguments (<c>Name = value</c>) of a NetGen attribute that name no member of it. A get-only property
        /// (<c>Activation = …</c> on [Dense]) is left to the compiler's CS0617, which says that it must be a constructor argument.
        /// </summary>
        private static IEnumerable<UnknownName> UnknownArguments(AttributeData attribute, string attributeName, int index, CancellationToken cancellationToken)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList: { } arguments }) yield break;
            var properties = attribute.AttributeClass!.GetMembers().OfType<IPropertySymbol>().Where(property => property.DeclaredAccessibility == Accessibility.Public).ToList();
            var settable = properties.Where(property => property.SetMethod is { DeclaredAccessibility: Accessibility.Public }).Select(property => property.Name).ToEquatableArray();
            foreach (var argument in arguments.Arguments)
                if (argument.NameEquals?.Name.Identifier.ValueText is { } written && properties.All(property => property.Name != written))
                    yield return new UnknownName(written, attributeName, index, settable);
        }

        private static string WithoutAttributeSuffix(string name) =>
            name.EndsWith("Attribute", System.StringComparison.Ordinal) && name.Length > "Attribute".Length ? name.Substring(0, name.Length - "Attribute".Length) : name;

        /// <summary>A type's [Network] or [Input] attributes in declaration order, for mapping rule targets to locations.</summary>
        public static ImmutableArray<AttributeData> AttributesOf(INamedTypeSymbol type, string metadataName) =>
            type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == metadataName).ToImmutableArray();

        /// <summary>A type's layer attributes of every kind in declaration order: the order of <see cref="NetworkSpec.Layers"/>.</summary>
        public static ImmutableArray<AttributeData> LayerAttributes(INamedTypeSymbol type) =>
            type.GetAttributes().Where(a => LayerKinds.IsLayerAttribute(a.AttributeClass?.ToDisplayString())).ToImmutableArray();

        /// <summary>[Input(size)] or [Input(channels, height, width)]: the sizes as declared, and Steps when set.</summary>
        private static InputSpec ParseInput(AttributeArguments arguments) =>
            new(Enumerable.Range(0, arguments.Count).Select(position => arguments.Int(position) ?? 0).ToEquatableArray(), arguments.NamedInt(KnownNames.Steps));

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
                if (KnownNames.IsGeneratedMember(member.Name)) names.Add(member.Name);
                else if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor && IsGeneratedConstructorSignature(constructor))
                    names.Add(constructor.Parameters.Length == 0 ? type.Name + "()" : type.Name + "(int)");
            }

            foreach (var nested in type.GetTypeMembers())
                if (KnownNames.IsGeneratedMember(nested.Name) && !IsGeneratedByNetGen(nested)) names.Add(nested.Name);
            return names;
        }

        private static bool IsGeneratedConstructorSignature(IMethodSymbol constructor) =>
            constructor.Parameters.Length == 0 ||
            (constructor.Parameters.Length == 1 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_Int32);

        /// <summary>
        /// The analyzer sees the generator's own output in its compilation; those members are not conflicts. They are
        /// recognised by the mark the generator puts on every class it writes, <c>[GeneratedCode("NetGen.Generators", …)]</c>,
        /// on the declaration that holds them (the type's other partial declarations, the user's, do not carry it).
        /// </summary>
        internal static bool IsGeneratedByNetGen(ISymbol member) =>
            member.DeclaringSyntaxReferences.Length > 0 &&
            member.DeclaringSyntaxReferences.All(r => r.GetSyntax().AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Any(CarriesGeneratorMark));

        private static bool CarriesGeneratorMark(TypeDeclarationSyntax declaration) =>
            declaration.AttributeLists.SelectMany(list => list.Attributes).Any(attribute =>
                RightmostName(attribute.Name) is "GeneratedCode" or "GeneratedCodeAttribute" &&
                attribute.ArgumentList?.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax { Token.ValueText: KnownNames.GeneratorName });

        private static string RightmostName(NameSyntax name) => name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => "",
        };

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
    }
}
