using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generators.Model
{
    /// <summary>
    /// The few facts about the consumer's compilation that change the generated code, reduced to values so that an
    /// edit elsewhere in the compilation leaves them equal and the pipeline cached.
    /// </summary>
    /// <param name="SupportsInlineArray">[InlineArray] exists in the target and the language version (C# 12+) allows it.</param>
    internal sealed record CompilationFacts(bool SupportsInlineArray)
    {
        private const int CSharp12 = 1200; // LanguageVersion.CSharp12, which Roslyn 4.3 does not name.

        public static CompilationFacts From(Compilation compilation)
        {
            bool languageAllows = compilation is CSharpCompilation csharp && (int)csharp.LanguageVersion >= CSharp12;
            bool targetHasIt = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.InlineArrayAttribute") is not null;
            return new CompilationFacts(languageAllows && targetHasIt);
        }
    }
}
