using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Samples.Shared;

/// <summary>A sample's PyTorch twin, a script copied beside the program, run in the same run with Debian's /usr/bin/python3.</summary>
internal static class PythonTwin
{
    /// <summary>
    /// Runs <paramref name="script"/> (a file beside the program) with <paramref name="arguments"/>, echoing its lines indented,
    /// and returns its last line's key=value numbers; null when Python or the script is missing, or the twin fails (no
    /// torch) or does not end with a line starting <paramref name="lastLineStart"/>.
    /// </summary>
    public static Dictionary<string, double>? Run(string script, IEnumerable<string> arguments, string lastLineStart)
    {
        string path = Path.Combine(AppContext.BaseDirectory, script);
        if (!File.Exists("/usr/bin/python3") || !File.Exists(path)) return null;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string? last = null;
        for (string? line; (line = process.StandardOutput.ReadLine()) is not null; last = line) Console.WriteLine("  " + line);
        process.WaitForExit();
        if (process.ExitCode != 0 || last is null || !last.StartsWith(lastLineStart, StringComparison.Ordinal)) return null;
        return last.Split(' ').Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => double.Parse(pair[1], CultureInfo.InvariantCulture));
    }

    /// <summary>What a sample prints when <see cref="Run"/> gives null.</summary>
    public const string Skipped = "PyTorch comparison skipped: /usr/bin/python3 with torch (Debian's python3-torch) did not run the twin.";
}
