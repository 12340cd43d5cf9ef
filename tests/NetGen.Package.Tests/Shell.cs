using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace NetGen.Package.Tests
{
    /// <summary>Runs the tools a user runs (dotnet, the published binary) and fails with their output when they fail.</summary>
    internal static class Shell
    {
        public static string RepositoryRoot([CallerFilePath] string path = "") =>
            Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

        public static string Run(string fileName, string arguments, string workingDirectory, IDictionary<string, string>? environment = null)
        {
            var (exitCode, output, error) = Execute(fileName, arguments, workingDirectory, environment);
            Assert.True(exitCode == 0, $"{fileName} {arguments} exited with {exitCode}:\n{output}\n{error}");
            return output;
        }

        /// <summary>Runs a command that may fail, for tests of how it fails: its exit code, standard output and standard error.</summary>
        public static (int ExitCode, string Output, string Error) Execute(
            string fileName, string arguments, string workingDirectory, IDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo(fileName, arguments)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // A child dotnet must not inherit the test host's MSBuild state.
            foreach (var variable in new[] { "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "DOTNET_HOST_PATH" })
                start.Environment.Remove(variable);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            foreach (var pair in environment ?? new Dictionary<string, string>()) start.Environment[pair.Key] = pair.Value;

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(10)), $"{fileName} {arguments} did not finish");
            return (process.ExitCode, output, error.Result);
        }
    }
}
