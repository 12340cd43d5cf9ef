extern alias generator;
using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using generator::NetGen.Generators;

namespace NetGen.Benchmarks;

/// <summary>
/// The generator's cost at build time: one full (not incremental) run of NetworkGenerator over a compilation that holds
/// one network, for nets S, M, L and XL as Networks.cs declares them.
/// </summary>
[MemoryDiagnoser]
[ContenderJob]
public class GeneratorBenchmarks
{
    private CSharpCompilation _s = null!, _m = null!, _l = null!, _xl = null!;

    [GlobalSetup]
    public void Setup()
    {
        var declarations = CSharpSyntaxTree.ParseText(File.ReadAllText(NetworksFile())).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().ToList();
        // The runtime's own assemblies and NetGen (not this app's others: the generator also defines NetGen's enums).
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == runtimeDirectory)
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(INetwork<>).Assembly.Location)).ToList();
        CSharpCompilation Compilation(string name) => CSharpCompilation.Create(name,
            new[] { CSharpSyntaxTree.ParseText("using NetGen;\n" + declarations.Single(c => c.Identifier.Text == name).ToFullString()) },
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        (_s, _m, _l, _xl) = (Compilation("NetS"), Compilation("NetM"), Compilation("NetL"), Compilation("NetXL"));
        if (Run(_s) != 1) throw new InvalidOperationException("The generator produced no file for net S.");
    }

    [Benchmark] public int S_generator() => Run(_s);
    [Benchmark] public int M_generator() => Run(_m);
    [Benchmark] public int L_generator() => Run(_l);
    [Benchmark] public int XL_generator() => Run(_xl);

    private static int Run(Compilation compilation) =>
        CSharpGeneratorDriver.Create(new NetworkGenerator()).RunGenerators(compilation).GetRunResult().GeneratedTrees.Length;

    private static string NetworksFile([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Networks.cs");
}
