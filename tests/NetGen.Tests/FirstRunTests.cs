using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>
    /// The README's first command, <c>dotnet run --project samples/Xor</c>, restores and builds only the runtime and the
    /// generator: the code fixes and the Roslyn Workspaces they need are built only while packing (issue 24 measured 294 MB
    /// and 83 s on an empty NuGet cache when the sample pulled them in).
    /// </summary>
    public class FirstRunTests
    {
        [Fact]
        public void The_xor_sample_builds_the_runtime_and_the_generator_and_nothing_else()
        {
            string root = RepositoryRoot();
            Assert.Equal(new[] { "NetGen.Generators.csproj", "NetGen.csproj" },
                ProjectGraph(Path.Combine(root, "samples", "Xor", "Xor.csproj")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            // Packing still puts the code fixes into the package.
            Assert.Contains(ProjectGraph(Path.Combine(root, "src", "NetGen", "NetGen.csproj"), "-p:_IsPacking=true"),
                project => Path.GetFileName(project) == "NetGen.CodeFixes.csproj");
        }

        /// <summary>Every project a project references, directly or not, as MSBuild evaluates them (full paths).</summary>
        private static SortedSet<string> ProjectGraph(string project, string properties = "")
        {
            var seen = new SortedSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(new[] { project });
            while (pending.Count > 0)
            {
                string current = pending.Pop();
                foreach (var reference in ProjectReferences(current, properties))
                    if (seen.Add(reference)) pending.Push(reference);
            }
            return seen;
        }

        private static IEnumerable<string> ProjectReferences(string project, string properties)
        {
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            var start = new ProcessStartInfo(dotnet, $"msbuild \"{project}\" -nologo -getItem:ProjectReference {properties}")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"dotnet msbuild {project}: {output}{error.Result}");
            using var document = JsonDocument.Parse(output);
            return document.RootElement.GetProperty("Items").GetProperty("ProjectReference").EnumerateArray()
                .Select(item => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, item.GetProperty("Identity").GetString()!)))
                .ToList();
        }

        private static string RepositoryRoot([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
    }
}
