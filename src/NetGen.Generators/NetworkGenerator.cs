using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators.Emitting;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using NetGen.Generators.Rules;

namespace NetGen.Generators
{
    /// <summary>
    /// The pipeline, and only the pipeline: [Network] types → specs (plain values) → with the target's facts, their
    /// Weights files and their imported Model files → valid ones → one source file each. Invalid networks produce no code; the analyzers report why,
    /// from the same rules.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class NetworkGenerator : IIncrementalGenerator
    {
        /// <summary>Names of the tracked pipeline steps, so that tests can assert what is cached.</summary>
        public static class TrackingNames
        {
            public const string Specs = nameof(Specs);
            public const string Facts = nameof(Facts);
            public const string WeightFiles = nameof(WeightFiles);
            public const string ModelFiles = nameof(ModelFiles);
            public const string Networks = nameof(Networks);
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

            var weightFiles = context.AdditionalTextsProvider
                .Where(static text => WeightsLoader.IsCandidate(text.Path))
                .Select(static (text, cancellationToken) => AdditionalFile.From(text, cancellationToken))
                .Collect()
                .Select(static (files, _) => files.ToEquatableArray())
                .WithTrackingName(TrackingNames.WeightFiles);

            var modelFiles = context.AdditionalTextsProvider
                .Where(static text => ModelLoader.IsCandidate(text.Path))
                .Select(static (text, cancellationToken) => AdditionalFile.From(text, cancellationToken))
                .Collect()
                .Select(static (files, _) => files.ToEquatableArray())
                .WithTrackingName(TrackingNames.ModelFiles);

            var validNetworks = specs
                .Combine(facts)
                .Combine(weightFiles)
                .Combine(modelFiles)
                .Select(static (input, _) => NetworkInput.Resolve(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right))
                .WithTrackingName(TrackingNames.Networks)
                .Where(static network => NetworkRules.IsValid(network.Spec, network.Facts, network.Weights, network.Model))
                .WithTrackingName(TrackingNames.ValidNetworks);

            context.RegisterSourceOutput(validNetworks, static (output, network) =>
                output.AddSource(NetworkEmitter.HintName(network.Spec), NetworkEmitter.Emit(network)));
        }
    }
}
