using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace NetGen.Generators.Tests.Infrastructure
{
    /// <summary>Runs the real generator on source text, the way the compiler does, and compiles and loads the result.</summary>
    internal static class GeneratorHarness
    {
        private static string Metadata(string key) =>
            typeof(GeneratorHarness).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

        /// <summary>
        /// The assemblies of this process, plus the NetGen runtime: what a net10.0 consumer compiles against. The
        /// generator is left out, as in a consumer, which loads it as an analyzer and never references it.
        /// </summary>
        public static readonly ImmutableArray<MetadataReference> References =
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(path => path.EndsWith(".dll", StringComparison.Ordinal) && Path.GetFileName(path) != "NetGen.Generators.dll")
                .Append(typeof(INetwork<>).Assembly.Location)
                .Distinct()
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();

        /// <summary>
        /// netstandard2.1's reference assemblies with the netstandard2.0 build of the runtime: what a Unity project
        /// compiles against (C# 9, no [InlineArray]).
        /// </summary>
        public static readonly ImmutableArray<MetadataReference> NetStandard21References =
            Directory.GetFiles(Metadata("NetStandard21References"), "*.dll")
                .Append(Metadata("NetGenNetStandard20"))
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();

        public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest) => new(version);

        public static CSharpCompilation CreateCompilation(string source, LanguageVersion version = LanguageVersion.Latest, string assemblyName = "Networks",
            bool netStandard21 = false, bool allowUnsafe = false) =>
            CSharpCompilation.Create(
                assemblyName,
                new[] { CSharpSyntaxTree.ParseText(source, ParseOptions(version), path: "Networks.cs") },
                netStandard21 ? NetStandard21References : References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: allowUnsafe)
                    .WithSpecificDiagnosticOptions(SdkSuppressions));

        /// <summary>What every SDK-style project suppresses (NoWarn CS1701;CS1702: assembly version unification notes).</summary>
        private static readonly ImmutableDictionary<string, ReportDiagnostic> SdkSuppressions = ImmutableDictionary<string, ReportDiagnostic>.Empty
            .Add("CS1701", ReportDiagnostic.Suppress).Add("CS1702", ReportDiagnostic.Suppress);

        public static GeneratorDriver CreateDriver(LanguageVersion version = LanguageVersion.Latest, params AdditionalText[] additionalFiles) =>
            CSharpGeneratorDriver.Create(
                new[] { new NetworkGenerator().AsSourceGenerator() },
                additionalTexts: additionalFiles,
                parseOptions: ParseOptions(version),
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>Runs the generator; fails on any generator exception. Returns the compilation with the generated files.</summary>
        public static (Compilation Output, GeneratorRunResult Result) Run(CSharpCompilation compilation, LanguageVersion version = LanguageVersion.Latest,
            params AdditionalText[] additionalFiles)
        {
            var driver = CreateDriver(version, additionalFiles).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Empty(diagnostics);
            var result = driver.GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            return (output, result);
        }

        /// <summary>The generated source of the one file whose hint name is <paramref name="hintName"/>.</summary>
        public static string GeneratedSource(string source, string hintName, LanguageVersion version = LanguageVersion.Latest)
        {
            var (_, result) = Run(CreateCompilation(source, version), version);
            return result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
        }

        /// <summary>
        /// Generates, compiles with no warning allowed, and loads the assembly into this process; <paramref name="optimize"/>
        /// compiles it as a Release build.
        /// </summary>
        public static Assembly CompileAndLoad(string source, LanguageVersion version = LanguageVersion.Latest, string assemblyName = "Networks",
            bool netStandard21 = false, bool allowUnsafe = false, bool optimize = false, params AdditionalText[] additionalFiles)
        {
            var (output, _) = Run(CreateCompilation(source, version, assemblyName, netStandard21, allowUnsafe), version, additionalFiles);
            AssertNoWarnings(output);
            if (optimize) output = output.WithOptions(output.Options.WithOptimizationLevel(OptimizationLevel.Release));
            using var image = new MemoryStream();
            var emit = output.Emit(image);
            Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics));
            image.Position = 0;
            // Not collectible: generated networks keep their workspaces in [ThreadStatic] fields, and with collectible
            // contexts the suite crashed twice inside Activator.CreateInstance (an AccessViolationException, then a
            // NullReferenceException), the failure mode of the runtime's races between unloading and thread statics
            // (dotnet/runtime#99998, #102797, #111257). The few hundred small assemblies a run loads stay in memory.
            return new AssemblyLoadContext(assemblyName, isCollectible: false).LoadFromStream(image);
        }

        public static void AssertNoWarnings(Compilation compilation)
        {
            var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Take(20)));
        }
    }
}
