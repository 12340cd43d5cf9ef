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
    /// The generator's version is pinned as <see cref="VersionPlaceholder"/>, so a version bump rewrites no snapshot.
    /// </summary>
    internal static class Snapshot
    {
        /// <summary>What a snapshot holds where the generated file names the generator's assembly version.</summary>
        public const string VersionPlaceholder = "{generator version}";

        /// <summary>The generator's version as generated files carry it in [GeneratedCode].</summary>
        public static readonly string GeneratorVersion = typeof(NetworkGenerator).Assembly.GetName().Version!.ToString(3);

        /// <summary><paramref name="generated"/> with the [GeneratedCode] version replaced by <see cref="VersionPlaceholder"/>.</summary>
        public static string WithoutVersion(string generated) =>
            generated.Replace(GeneratedCode(GeneratorVersion), GeneratedCode(VersionPlaceholder));

        /// <summary>The [GeneratedCode] arguments every generated type carries.</summary>
        public static string GeneratedCode(string version) => $"GeneratedCode(\"NetGen.Generators\", \"{version}\")";

        /// <summary>The Snapshots folder beside the calling test's source file.</summary>
        public static string DirectoryOf([CallerFilePath] string callerPath = "") => Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");

        public static void Verify(string actual, string name, [CallerFilePath] string callerPath = "")
        {
            string directory = DirectoryOf(callerPath);
            string verifiedPath = Path.Combine(directory, name + ".verified.cs");
            string receivedPath = Path.Combine(directory, name + ".received.cs");
            actual = WithoutVersion(actual.Replace("\r\n", "\n"));
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
