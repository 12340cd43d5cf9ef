using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace NetGen.Generators.Tests.Infrastructure
{
    /// <summary>
    /// Runs <see cref="NetworkAnalyzer"/> on source with markup: <c>{|NG0005:text|}</c> marks where a diagnostic must be.
    /// Fails on any analyzer exception (AD0001).
    /// </summary>
    internal static partial class AnalyzerHarness
    {
        [GeneratedRegex(@"\{\|(NG\d{4}):(.*?)\|\}", RegexOptions.Singleline)]
        private static partial Regex Markup();

        /// <summary>Asserts that the NG diagnostics of <paramref name="markup"/> are exactly the marked ones.</summary>
        public static Task VerifyAsync(string markup, params AdditionalText[] additionalFiles) =>
            VerifyAsync(markup, LanguageVersion.Latest, additionalFiles);

        /// <summary>Asserts that the NG diagnostics of <paramref name="markup"/>, compiled as C# <paramref name="version"/>, are exactly the marked ones.</summary>
        public static async Task VerifyAsync(string markup, LanguageVersion version, params AdditionalText[] additionalFiles)
        {
            var (source, expected) = ParseMarkup(markup);
            var actual = (await AnalyzeAsync(GeneratorHarness.CreateCompilation(source, version), additionalFiles))
                .Select(d => $"{d.Id} at {d.Location.SourceSpan} '{source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}'")
                .OrderBy(x => x, StringComparer.Ordinal);
            Assert.Equal(expected.OrderBy(x => x, StringComparer.Ordinal), actual);
        }

        /// <summary>The NG diagnostics the analyzer reports on a compilation.</summary>
        public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, params AdditionalText[] additionalFiles)
        {
            Exception? failure = null;
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(additionalFiles.ToImmutableArray()), (exception, _, _) => failure ??= exception,
                concurrentAnalysis: false, logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NetworkAnalyzer()), options)
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            Assert.Null(failure);
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            return diagnostics.Where(d => d.Id.StartsWith("NG", StringComparison.Ordinal)).ToImmutableArray();
        }

        /// <summary>Applies the first fix <paramref name="provider"/> offers for the first diagnostic it can fix, and returns the new source.</summary>
        public static async Task<string> ApplyFixAsync(string source, CodeFixProvider provider)
        {
            using var workspace = new AdhocWorkspace();
            var project = workspace.AddProject("Networks", LanguageNames.CSharp)
                .WithMetadataReferences(GeneratorHarness.References)
                .WithParseOptions(GeneratorHarness.ParseOptions())
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var document = project.AddDocument("Networks.cs", SourceText.From(source));
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostic = (await AnalyzeAsync(compilation)).First(d => provider.FixableDiagnosticIds.Contains(d.Id));

            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            Assert.NotEmpty(actions);
            var operation = (await actions[0].GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
            var changed = operation.ChangedSolution.GetDocument(document.Id)!;
            return (await changed.GetTextAsync()).ToString();
        }

        private static (string Source, List<string> Expected) ParseMarkup(string markup)
        {
            var source = new StringBuilder();
            var expected = new List<string>();
            int last = 0;
            foreach (Match match in Markup().Matches(markup))
            {
                source.Append(markup, last, match.Index - last);
                string text = match.Groups[2].Value;
                expected.Add($"{match.Groups[1].Value} at [{source.Length}..{source.Length + text.Length}) '{text}'");
                source.Append(text);
                last = match.Index + match.Length;
            }
            source.Append(markup, last, markup.Length - last);
            return (source.ToString(), expected);
        }
    }
}
