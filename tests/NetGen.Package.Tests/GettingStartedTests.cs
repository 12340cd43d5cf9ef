using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace NetGen.Package.Tests
{
    /// <summary>docs/getting-started.md followed word for word, as a new user on a fresh machine follows it.</summary>
    public class GettingStartedTests
    {
        /// <summary>The address the guide clones; the test clones this repository's commit in its place.</summary>
        private const string PublicRepository = "https://github.com/netgen-dev/netgen.git";

        [Fact]
        public void The_getting_started_guide_works_word_for_word_with_an_empty_nuget_cache()
        {
            string root = Shell.RepositoryRoot();
            string script = ScriptOf(File.ReadAllText(Path.Combine(root, "docs", "getting-started.md")));
            Assert.Contains($"git clone {PublicRepository}", script);

            string work = Directory.CreateTempSubdirectory("netgen-getting-started-").FullName;
            try
            {
                // The clone is of the commit under test (what is committed, as CI sees it), through git as the guide does.
                string head = Shell.Run("git", "rev-parse HEAD", root).Trim();
                script = script.Replace($"git clone {PublicRepository}",
                    $"git clone --quiet --no-checkout \"{root}\" netgen && git -C netgen checkout --quiet {head}");
                // An empty NuGet cache of its own: nothing restored or packed before can stand in for this build.
                var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "nuget-cache") };
                File.WriteAllText(Path.Combine(work, "guide.sh"), script);
                string output = Shell.Run("bash", "guide.sh", work, environment);

                Assert.Matches(new Regex(@"^final loss 0\.0\d{3}$", RegexOptions.Multiline), output);
                Assert.Matches(new Regex(@"^1 xor 0 ≈ 0\.9\d\d$", RegexOptions.Multiline), output);
                // The project got the package packed from this commit, by its git-derived version.
                string packed = Path.GetFileNameWithoutExtension(Directory.GetFiles(Path.Combine(work, "feed"), "NetGen.*.nupkg").Single());
                string version = packed.Substring("NetGen.".Length);
                Assert.Contains($"Include=\"NetGen\" Version=\"{version}\"", File.ReadAllText(Path.Combine(work, "MyNet", "MyNet.csproj")));
                Assert.True(Directory.Exists(Path.Combine(work, "nuget-cache", "netgen", version)), $"NetGen {version} restored into the test's own cache");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        /// <summary>
        /// Sections 1 and 2 of the guide as one bash script: every ```bash block's lines in order, and the ```csharp block
        /// that the guide says replaces Program.cs written to that file where it appears.
        /// </summary>
        private static string ScriptOf(string guide)
        {
            string steps = guide.Substring(0, guide.IndexOf("## 3.", System.StringComparison.Ordinal));
            var script = new StringBuilder("set -euo pipefail\n");
            foreach (Match block in Regex.Matches(steps, @"^```(bash|csharp)\n(.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline))
            {
                string body = block.Groups[2].Value;
                if (block.Groups[1].Value == "bash")
                {
                    script.Append(body);
                }
                else
                {
                    string before = steps.Substring(0, block.Index).TrimEnd();
                    Assert.EndsWith("Replace `Program.cs`:", before);
                    script.Append("cat > Program.cs <<'NETGEN_PROGRAM'\n").Append(body).Append("NETGEN_PROGRAM\n");
                }
            }

            return script.ToString();
        }
    }
}
