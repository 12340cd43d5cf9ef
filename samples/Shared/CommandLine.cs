using System;
using System.Globalization;

namespace Samples.Shared;

/// <summary>The samples' command-line options: "--name value" pairs and "--flag"s.</summary>
internal static class CommandLine
{
    /// <summary>Where the samples write their pictures and sounds unless --out or --chart says otherwise: "output" in the current folder, which git ignores.</summary>
    public const string OutputFolder = "output";

    /// <summary>The value after <paramref name="name"/>, or null when the option is not given.</summary>
    public static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The positive whole number after <paramref name="name"/>, or null when the option is not given; anything else ends the program (exit code 2) saying why.</summary>
    public static int? Count(string[] args, string name)
    {
        string? text = Option(args, name);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0) return count;
        Console.Error.WriteLine($"{name} needs a positive whole number, not \"{text}\".");
        Environment.Exit(2);
        return null;
    }
}
