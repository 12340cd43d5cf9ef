using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;
using static NetGen.Onnx.Tests.OnnxRuntimeRunner;

namespace NetGen.Onnx.Tests
{
    /// <summary>
    /// ONNX's own checker (tools/check_onnx.py, Python's onnx package) on every export: ONNX Runtime running a file does
    /// not prove it valid ONNX. Without python3 and its onnx package the test fails saying so, as the other tests that need
    /// a Debian package do.
    /// </summary>
    public class OnnxCheckerTests
    {
        private readonly ITestOutputHelper _output;

        public OnnxCheckerTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void The_onnx_checker_accepts_every_export()
        {
            string folder = Path.Combine(Path.GetTempPath(), "netgen-onnx-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string[] files = ExportEveryNetwork(folder);
                var (exitCode, printed) = Run(Python, $"\"{Script()}\" " + string.Join(" ", files.Select(f => $"\"{f}\"")));
                _output.WriteLine(printed);
                Assert.False(exitCode is 77 or -1, "ONNX's checker cannot run here (apt-get install python3-onnx; .ci/run installs it): " + printed);
                Assert.True(exitCode == 0, printed);
                Assert.Equal(files.Length, printed.Split('\n').Count(l => l.StartsWith("ok: ", StringComparison.Ordinal)));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>Debian's interpreter, where python3-onnx installs the package (as .ci/run uses it), else the one on the path.</summary>
        private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

        private static string[] ExportEveryNetwork(string folder)
        {
            return EveryNetwork.InFloat().Select(n => Write(folder, n.GetType().Name, Export(n)))
                .Concat(EveryNetwork.InDouble().Select(n => Write(folder, n.GetType().Name, Export(n)))).ToArray();
        }

        private static string Write(string folder, string name, byte[] model)
        {
            string path = Path.Combine(folder, name + ".onnx");
            File.WriteAllBytes(path, model);
            return path;
        }

        private static string Script()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, "tools", "check_onnx.py");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("tools/check_onnx.py was not found above the test's folder.");
        }

        /// <summary>The exit code and output of a program, or −1 when it cannot be started.</summary>
        private static (int, string) Run(string program, string arguments)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
                string printed = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                process.WaitForExit();
                return (process.ExitCode, printed);
            }
            catch (System.ComponentModel.Win32Exception error)
            {
                return (-1, $"skipped: {program} cannot be started ({error.Message})");
            }
        }
    }
}
