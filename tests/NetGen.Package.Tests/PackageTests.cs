using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace NetGen.Package.Tests
{
    public class PackageTests
    {
        private const string UserProgram = """
            using System;
            using NetGen;

            float[] inputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
            float[] targets = { 0, 1, 1, 0 };
            var network = new XorNet();
            var report = network.Train(inputs, targets, new TrainingOptions { Epochs = 2000, BatchSize = 4, LearningRate = 0.5, Seed = 1 });
            var output = new float[1];
            for (int s = 0; s < 4; s++)
            {
                network.Forward(inputs.AsSpan(s * 2, 2), output);
                Console.WriteLine($"xor {inputs[s * 2]} {inputs[s * 2 + 1]} -> {Math.Round(output[0])}");
            }
            Console.WriteLine($"parameters {XorNet.ParameterCount}, final loss below 0.02: {report.FinalLoss < 0.02}");

            [Network(Loss.BinaryCrossEntropy, Seed = 1)]
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class XorNet { }
            """;

        [Fact]
        public void A_fresh_console_project_uses_the_package_from_a_local_feed()
        {
            string work = Directory.CreateTempSubdirectory("netgen-package-").FullName;
            try
            {
                string feed = Path.Combine(work, "feed");
                // `dotnet pack` at the repository root, as a release pipeline runs it: it must succeed and make the one package.
                Shell.Run("dotnet", $"pack -c Release -o \"{feed}\"", Shell.RepositoryRoot());
                string package = Directory.GetFiles(feed, "*.nupkg").Single();
                Assert.StartsWith("NetGen.", Path.GetFileName(package));
                using (var archive = ZipFile.OpenRead(package))
                {
                    var entries = archive.Entries.Select(e => e.FullName).ToList();
                    Assert.Contains("lib/netstandard2.0/NetGen.dll", entries);
                    Assert.Contains("lib/net8.0/NetGen.dll", entries);
                    Assert.Contains("analyzers/dotnet/cs/NetGen.Generators.dll", entries);
                    Assert.Contains("analyzers/dotnet/cs/NetGen.CodeFixes.dll", entries);
                    Assert.Contains("README.md", entries);
                }

                // Exactly what a new user does; a private package folder so that no older build of the package is reused.
                var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") };
                Shell.Run("dotnet", "new console -o app", work, environment);
                string app = Path.Combine(work, "app");
                Shell.Run("dotnet", $"add package NetGen --prerelease --source \"{feed}\"", app, environment);
                File.WriteAllText(Path.Combine(app, "Program.cs"), UserProgram);
                string output = Shell.Run("dotnet", "run", app, environment);

                Assert.Contains("xor 0 0 -> 0", output);
                Assert.Contains("xor 0 1 -> 1", output);
                Assert.Contains("xor 1 0 -> 1", output);
                Assert.Contains("xor 1 1 -> 0", output);
                Assert.Contains("parameters 17, final loss below 0.02: True", output);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        [Fact]
        public void The_sample_publishes_with_native_aot_and_the_binary_runs()
        {
            string work = Directory.CreateTempSubdirectory("netgen-aot-").FullName;
            try
            {
                string root = Shell.RepositoryRoot();
                // The ILCompiler links with clang; Debian names it clang-14 unless the clang package is installed.
                string linker = File.Exists("/usr/bin/clang") ? "" : " -p:CppCompilerAndLinker=clang-14";
                Shell.Run("dotnet", $"publish \"{Path.Combine(root, "samples", "Xor", "Xor.csproj")}\" -c Release -r linux-x64 " +
                                    $"-p:NetGenNativeAot=true{linker} -o \"{work}\"", root);
                string output = Shell.Run(Path.Combine(work, "Xor"), "", work);
                Assert.Contains("Final loss (mean binary cross-entropy): 0.00", output);
                Assert.Contains("  1   1 |      0 | 0.0", output);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
}
