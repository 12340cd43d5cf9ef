using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generators.Model
{
    /// <summary>Where a network's parameters live.</summary>
    internal enum BufferStrategy
    {
        /// <summary>An [InlineArray] struct field: inline in the object, no unsafe code (C# 12+, .NET 8+).</summary>
        InlineArray,
        /// <summary>A C# fixed-size buffer in a struct field: inline in the object; needs unsafe code and MemoryMarshal.CreateSpan.</summary>
        FixedBuffer,
        /// <summary>An array allocated once with the network: works everywhere, one extra object and indirection.</summary>
        Array,
    }

    /// <summary>
    /// The few facts about the consumer's compilation that change the generated code, reduced to values so that an
    /// edit elsewhere in the compilation leaves them equal and the pipeline cached.
    /// </summary>
    /// <param name="SupportsInlineArray">[InlineArray] exists in the target and the language version (C# 12+) allows it.</param>
    /// <param name="SupportsFixedBuffer">Unsafe code is allowed and the target has MemoryMarshal.CreateSpan (netstandard2.1+).</param>
    /// <param name="SupportsConstantSpans">The target has RuntimeHelpers.CreateSpan, so a ReadOnlySpan of constants reads the
    /// assembly's data section directly (.NET 7+); otherwise baked weights go into a static array, created once.</param>
    /// <param name="SupportsAggressiveOptimization">The target's MethodImplOptions has AggressiveOptimization (.NET Core 3.0+),
    /// so generated hot methods can be compiled optimised from their first call.</param>
    /// <param name="LanguageVersion">The C# version the project compiles, as Roslyn numbers it (800 = C# 8, 900 = C# 9).</param>
    internal sealed record CompilationFacts(bool SupportsInlineArray, bool SupportsFixedBuffer, bool SupportsConstantSpans, bool SupportsAggressiveOptimization,
        int LanguageVersion)
    {
        /// <summary>
        /// C# 9, the oldest version the generated code compiles in (NG0027): Unity 2022.3 and Unity 6 compile C# 9, and
        /// older Roslyn versions cannot load the generator anyway.
        /// </summary>
        public const int MinimumLanguageVersion = 900;

        /// <summary>The generated code compiles in this project's C# version.</summary>
        public bool LanguageVersionSuffices => LanguageVersion >= MinimumLanguageVersion;

        /// <summary>A Roslyn language version number as a user writes it in LangVersion: 800 → "8", 703 → "7.3".</summary>
        public static string LanguageVersionText(int version) => version % 100 == 0 ? $"{version / 100}" : $"{version / 100}.{version % 100}";

        /// <summary>The largest struct the runtime loads as an inline buffer ([InlineArray] enforces it; fixed buffers follow suit).</summary>
        public const int InlineBufferByteLimit = 1024 * 1024;

        private const int CSharp12 = 1200; // LanguageVersion.CSharp12, which Roslyn 4.3 does not name.

        public static CompilationFacts From(Compilation compilation)
        {
            int languageVersion = compilation is CSharpCompilation csharp ? (int)csharp.LanguageVersion : 0;
            bool languageAllows = languageVersion >= CSharp12;
            bool targetHasInlineArray = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.InlineArrayAttribute") is not null;
            bool targetHasCreateSpan = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.MemoryMarshal")?.GetMembers("CreateSpan").Length > 0;
            bool unsafeAllowed = compilation.Options is CSharpCompilationOptions { AllowUnsafe: true };
            bool targetHasConstantSpans = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.RuntimeHelpers")?.GetMembers("CreateSpan").Length > 0;
            bool targetHasAggressiveOptimization = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.MethodImplOptions")?.GetMembers("AggressiveOptimization").Length > 0;
            return new CompilationFacts(languageAllows && targetHasInlineArray, unsafeAllowed && targetHasCreateSpan, targetHasConstantSpans, targetHasAggressiveOptimization,
                languageVersion);
        }

        /// <summary>
        /// The one place that picks the parameter storage: inline when the target allows it and the buffer fits. A network of
        /// pooling layers only has no parameters, and an inline buffer cannot be empty: it gets an empty array.
        /// </summary>
        public BufferStrategy ChooseBuffer(long parameterBytes) =>
            parameterBytes == 0 || parameterBytes > InlineBufferByteLimit ? BufferStrategy.Array :
            SupportsInlineArray ? BufferStrategy.InlineArray :
            SupportsFixedBuffer ? BufferStrategy.FixedBuffer :
            BufferStrategy.Array;

        /// <summary>Whether this target offers an inline buffer at all (so that falling back to an array is worth a warning).</summary>
        public bool HasInlineBuffer => SupportsInlineArray || SupportsFixedBuffer;
    }
}
