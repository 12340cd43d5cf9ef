using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace NetGen.Roslyn43.Tests
{
    /// <summary>
    /// The NetGen package in the compiler Unity 6 ships (Roslyn 4.3): every assembly of its analyzer folder loads
    /// without a failure (what the compiler reports as CS8032), and the generator and the analyzer work.
    /// </summary>
    public class Roslyn43HostTests : IClassFixture<ExtractedPackage>
    {
        private const string ValidNetwork = """
            using NetGen;

            [Network(Loss.BinaryCrossEntropy)]
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class XorNet { }
            """;

        private readonly ExtractedPackage _package;

        public Roslyn43HostTests(ExtractedPackage package) => _package = package;

        [Fact]
        public void The_host_is_roslyn_4_3()
        {
            Assert.Equal(new Version(4, 3, 0, 0), typeof(CSharpCompilation).Assembly.GetName().Version);
        }

        [Fact]
        public void Every_analyzer_assembly_loads_without_a_failure()
        {
            var loaded = _package.LoadAnalyzerFolder();

            Assert.Empty(loaded.Failures);
            Assert.Contains(loaded.Generators, generator => generator.GetGeneratorType().FullName == "NetGen.Generators.NetworkGenerator");
            Assert.Contains(loaded.Analyzers, analyzer => analyzer.GetType().FullName == "NetGen.Generators.NetworkAnalyzer");
        }

        [Fact]
        public void Only_assemblies_built_for_roslyn_4_3_hold_what_a_compiler_loads()
        {
            // The code fixes need Workspaces 4.5, which no compiler has; they may share the folder because a compiler loads
            // an assembly only for the analyzers and generators its metadata declares, and they declare none.
            foreach (string path in Directory.GetFiles(_package.AnalyzerFolder, "*.dll"))
            {
                var reference = new AnalyzerFileReference(path, new CompilerLikeAssemblyLoader());
                bool compilerLoadsIt = !reference.GetAnalyzers(LanguageNames.CSharp).IsEmpty || !reference.GetGenerators(LanguageNames.CSharp).IsEmpty;
                Version roslyn = ExtractedPackage.ReferencedVersion(path, "Microsoft.CodeAnalysis");
                Assert.True(!compilerLoadsIt || roslyn <= new Version(4, 3, 0, 0),
                    $"{Path.GetFileName(path)} declares analyzers or generators but is built for Roslyn {roslyn}");
            }

            // The case above is real: the folder does hold an assembly a 4.3 host could not load.
            Assert.Equal(new Version(4, 5, 0, 0), ExtractedPackage.ReferencedVersion(Path.Combine(_package.AnalyzerFolder, "NetGen.CodeFixes.dll"), "Microsoft.CodeAnalysis.Workspaces"));
        }

        [Fact]
        public void The_generator_writes_a_network_that_compiles()
        {
            var loaded = _package.LoadAnalyzerFolder();
            var compilation = _package.CreateUnityCompilation(ValidNetwork);

            CSharpGeneratorDriver.Create(loaded.Generators, parseOptions: ExtractedPackage.UnityParseOptions)
                .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

            Assert.Empty(loaded.Failures);
            Assert.Empty(generatorDiagnostics);
            var generated = Assert.Single(output.SyntaxTrees.Skip(1));
            Assert.Contains("partial class XorNet", generated.ToString());
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public async Task The_analyzer_reports_an_invalid_network()
        {
            var loaded = _package.LoadAnalyzerFolder();
            var compilation = _package.CreateUnityCompilation("""
                using NetGen;

                [Network(Loss.MeanSquaredError)] [Input(2)] [Dense(1)]
                public class NotPartial { }
                """);

            var diagnostics = await compilation.WithAnalyzers(loaded.Analyzers).GetAnalyzerDiagnosticsAsync();

            Assert.Empty(loaded.Failures);
            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal("NG0001", diagnostic.Id);
        }
    }

    /// <summary>The package this project's build packed, unzipped once for the tests of a class.</summary>
    public sealed class ExtractedPackage : IDisposable
    {
        /// <summary>Unity 6 compiles with C# 9.</summary>
        public static readonly CSharpParseOptions UnityParseOptions = new(LanguageVersion.CSharp9);

        private readonly string _root = Directory.CreateTempSubdirectory("netgen-roslyn43-").FullName;

        public ExtractedPackage()
        {
            string package = Directory.GetFiles(Metadata("PackageDirectory"), "NetGen.*.nupkg").Single();
            ZipFile.ExtractToDirectory(package, _root);
        }

        /// <summary>The folder a C# compiler loads analyzers from: the package puts everything in one, for every Roslyn version.</summary>
        public string AnalyzerFolder => Path.Combine(_root, "analyzers", "dotnet", "cs");

        /// <summary>
        /// Loads every assembly of the analyzer folder as the compiler does: one <see cref="AnalyzerFileReference"/> per
        /// file, asking each for its C# analyzers and generators, and collecting <see cref="AnalyzerFileReference.AnalyzerLoadFailed"/>.
        /// </summary>
        public LoadedAnalyzers LoadAnalyzerFolder()
        {
            var loader = new CompilerLikeAssemblyLoader();
            var failures = new List<string>();
            var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
            var generators = ImmutableArray.CreateBuilder<ISourceGenerator>();
            foreach (string path in Directory.GetFiles(AnalyzerFolder, "*.dll"))
            {
                loader.AddDependencyLocation(path);
                var reference = new AnalyzerFileReference(path, loader);
                reference.AnalyzerLoadFailed += (_, e) =>
                    failures.Add($"{Path.GetFileName(path)}: {e.ErrorCode} {e.TypeName} {e.Message} {e.Exception}");
                analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
                generators.AddRange(reference.GetGenerators(LanguageNames.CSharp));
            }

            return new LoadedAnalyzers(analyzers.ToImmutable(), generators.ToImmutable(), failures);
        }

        /// <summary>A Unity-like compilation: netstandard2.1 reference assemblies and the package's netstandard2.0 runtime.</summary>
        public CSharpCompilation CreateUnityCompilation(string source) =>
            CSharpCompilation.Create(
                "Networks",
                new[] { CSharpSyntaxTree.ParseText(source, UnityParseOptions, path: "Networks.cs") },
                Directory.GetFiles(Metadata("NetStandard21References"), "*.dll")
                    .Append(Path.Combine(_root, "lib", "netstandard2.0", "NetGen.dll"))
                    .Select(path => MetadataReference.CreateFromFile(path)),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

        /// <summary>The version of <paramref name="assemblyName"/> the assembly at <paramref name="path"/> references, read from metadata without loading it.</summary>
        public static Version ReferencedVersion(string path, string assemblyName)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            return metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
                .Single(reference => metadata.GetString(reference.Name) == assemblyName).Version;
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        private static string Metadata(string key) =>
            typeof(ExtractedPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
    }

    /// <summary>What loading an analyzer folder gave: its analyzers, its generators and every load failure.</summary>
    public sealed record LoadedAnalyzers(ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableArray<ISourceGenerator> Generators, IReadOnlyList<string> Failures);
}
