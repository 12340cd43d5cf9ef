using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators.Emitting;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using NetGen.Generators.Rules;

namespace NetGen.Generators
{
    /// <summary>
    /// The pipeline, and only the pipeline: [Network] types → specs (plain values) → valid ones → one source file each.
    /// Invalid networks produce no code; the analyzers report why, from the same rules.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class NetworkGenerator : IIncrementalGenerator
    {
        /// <summary>Names of the tracked pipeline steps, so that tests can assert what is cached.</summary>
        public static class TrackingNames
        {
            public const string Specs = nameof(Specs);
            public const string Facts = nameof(Facts);
            public const string ValidNetworks = nameof(ValidNetworks);
        }

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var specs = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.NetworkAttribute,
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (syntax, cancellationToken) => NetworkParser.Parse((INamedTypeSymbol)syntax.TargetSymbol, cancellationToken))
                .WithTrackingName(TrackingNames.Specs);

            var facts = context.CompilationProvider
                .Select(static (compilation, _) => CompilationFacts.From(compilation))
                .WithTrackingName(TrackingNames.Facts);

            var validNetworks = specs
                .Combine(facts)
                .Where(static pair => NetworkRules.IsValid(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.ValidNetworks);

            context.RegisterSourceOutput(validNetworks, static (output, pair) =>
                output.AddSource(NetworkEmitter.HintName(pair.Left), NetworkEmitter.Emit(pair.Left, pair.Right)));
        }
    }
}
