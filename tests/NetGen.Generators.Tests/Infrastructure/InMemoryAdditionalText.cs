using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Generators.Tests.Infrastructure
{
    /// <summary>An AdditionalFiles item held in memory, as a project's &lt;AdditionalFiles Include="..."/&gt; gives the compiler.</summary>
    internal sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText? _text;

        /// <param name="text">The contents; null makes the file unreadable, as a file that vanished after the build started.</param>
        public InMemoryAdditionalText(string path, string? text)
        {
            Path = path;
            _text = text is null ? null : SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText? GetText(CancellationToken cancellationToken = default) => _text;
    }
}
