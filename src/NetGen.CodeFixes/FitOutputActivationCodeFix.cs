using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generators;

namespace NetGen.CodeFixes
{
    /// <summary>NG0005: changes the output layer's activation to the one the loss needs (Sigmoid or Softmax).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FitOutputActivationCodeFix)), Shared]
    public sealed class FitOutputActivationCodeFix : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticDescriptors.LossDoesNotFitOutput.Id);

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticDescriptors.FixActivationProperty, out var activation) || activation is null) continue;
                var node = root?.FindNode(diagnostic.Location.SourceSpan);
                var attribute = node as AttributeSyntax ?? node?.FirstAncestorOrSelf<AttributeSyntax>();
                if (attribute is null) continue;

                context.RegisterCodeFix(
                    CodeAction.Create($"Use Activation.{activation} on the output layer",
                        cancellationToken => SetActivationAsync(context.Document, attribute, node as AttributeArgumentSyntax, activation, cancellationToken),
                        equivalenceKey: nameof(FitOutputActivationCodeFix) + activation),
                    diagnostic);
            }
        }

        private static async Task<Document> SetActivationAsync(
            Document document, AttributeSyntax attribute, AttributeArgumentSyntax? activationArgument, string activation, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var value = SyntaxFactory.ParseExpression("Activation." + activation);
            SyntaxNode updated;
            if (activationArgument is not null)
            {
                // Keep the user's qualification (Activation.X, NetGen.Activation.X, a using alias): replace only the member name.
                var newExpression = activationArgument.Expression is MemberAccessExpressionSyntax access
                    ? access.WithName(SyntaxFactory.IdentifierName(activation))
                    : value;
                updated = root!.ReplaceNode(activationArgument.Expression, newExpression.WithTriviaFrom(activationArgument.Expression));
            }
            else
            {
                // The activation was left at its default (Linear): add it after the positional sizes (units; filters and kernel).
                var list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
                int insertAt = list.Arguments.TakeWhile(a => a.NameEquals is null).Count();
                // After arguments written as name: value, a positional one may not fit its place: name it too.
                var argument = list.Arguments.Any(a => a.NameColon is not null)
                    ? SyntaxFactory.AttributeArgument(null, SyntaxFactory.NameColon("activation"), value)
                    : SyntaxFactory.AttributeArgument(value);
                var newList = list.WithArguments(list.Arguments.Insert(insertAt, argument));
                updated = root!.ReplaceNode(attribute, attribute.WithArgumentList(newList));
            }
            return document.WithSyntaxRoot(updated);
        }
    }
}
