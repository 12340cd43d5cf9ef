using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace NetGen.Generators.Tests.Infrastructure
{
    /// <summary>
    /// Pins text in <c>Snapshots/&lt;name&gt;.verified.cs</c> beside the calling test. A mismatch writes
    /// <c>&lt;name&gt;.received.cs</c> and fails with a line diff; running with NETGEN_ACCEPT=1 accepts the new text.
    /// </summary>
    internal static class Snapshot
    {
        public static void Verify(string actual, string name, [CallerFilePath] string callerPath = "")
        {
            string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
            string verifiedPath = Path.Combine(directory, name + ".verified.cs");
            string receivedPath = Path.Combine(directory, name + ".received.cs");
            actual = actual.Replace("\r\n", "\n");
            string? verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;

            if (verified == actual || Environment.GetEnvironmentVariable("NETGEN_ACCEPT") == "1")
            {
                if (verified != actual)
                {
                    Directory.CreateDirectory(directory);
                    File.WriteAllText(verifiedPath, actual);
                }
                File.Delete(receivedPath);
                return;
            }

            Directory.CreateDirectory(directory);
            File.WriteAllText(receivedPath, actual);
            throw new XunitException(verified is null
                ? $"No snapshot {verifiedPath} yet. Review {receivedPath}; accept it with NETGEN_ACCEPT=1."
                : $"{name} differs from its snapshot (- verified, + received); accept with NETGEN_ACCEPT=1:{Environment.NewLine}{Diff(verified, actual)}");
        }

        private static string Diff(string verified, string actual)
        {
            var lines = InlineDiffBuilder.Diff(verified, actual).Lines;
            var changed = lines.Select((line, index) => (line, index)).Where(x => x.line.Type != ChangeType.Unchanged).Take(40).ToList();
            return string.Join(Environment.NewLine, changed.Select(x =>
                $"{x.index + 1,5} {(x.line.Type == ChangeType.Deleted ? "-" : "+")} {x.line.Text}"));
        }
    }
}
