using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>
    /// Versions come from git (MinVer, README "Versions"): every commit builds a version of its own, so a NuGet cache can no
    /// longer hold an older build under the same number, as every 0.1.0 did (issue 24).
    /// </summary>
    public class VersionTests
    {
        [Fact]
        public void The_runtime_carries_the_version_and_commit_it_was_built_from()
        {
            string version = typeof(Standardizer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
            // X.Y.Z on a tagged commit, else X.Y.Z-alpha.0.N; then the commit.
            var match = Regex.Match(version, @"^(\d+)\.(\d+)\.\d+(?:-alpha\.0\.\d+)?\+([0-9a-f]{40})$");
            Assert.True(match.Success, version);
            Assert.True(int.Parse(match.Groups[1].Value) > 0 || int.Parse(match.Groups[2].Value) >= 2, $"{version} is below 0.2, where every build before versions came from git sat");
            Assert.Equal(Git("rev-parse HEAD"), match.Groups[3].Value);
        }

        private static string Git(string arguments, [CallerFilePath] string path = "")
        {
            using var process = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = System.IO.Path.GetDirectoryName(path)!, RedirectStandardOutput = true, UseShellExecute = false,
            })!;
            string output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
    }
}
