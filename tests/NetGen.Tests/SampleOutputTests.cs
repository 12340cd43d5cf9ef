using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>The samples write what they draw into a folder git ignores, not into the repository (issue 24).</summary>
    public class SampleOutputTests
    {
        [Fact]
        public void Every_sample_writes_by_default_to_the_output_folder_git_ignores()
        {
            string root = RepositoryRoot();
            string folder = Regex.Match(File.ReadAllText(Path.Combine(root, "samples", "Shared", "CommandLine.cs")),
                "public const string OutputFolder = \"([^\"]+)\";").Groups[1].Value;
            Assert.NotEmpty(folder);
            Assert.Contains(folder + "/", File.ReadAllLines(Path.Combine(root, ".gitignore")));

            // Each "--out" or "--chart" option's default, e.g. CommandLine.Option(args, "--out") ?? CommandLine.OutputFolder.
            var defaults = Directory.GetFiles(Path.Combine(root, "samples"), "Program.cs", SearchOption.AllDirectories)
                .SelectMany(program => Regex.Matches(File.ReadAllText(program), "CommandLine\\.Option\\(args, \"--(?:out|chart)\"\\) \\?\\? ([^;]+);")
                    .Select(option => (Sample: Path.GetFileName(Path.GetDirectoryName(program)), Default: option.Groups[1].Value)))
                .ToList();
            Assert.Equal(new[] { "Amp", "Digits", "Fashion", "Gan" }, defaults.Select(d => d.Sample).OrderBy(s => s));
            Assert.All(defaults, d => Assert.Contains("CommandLine.OutputFolder", d.Default));
        }

        private static string RepositoryRoot([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
    }
}
