using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using NetGen;

namespace Samples.Digits;

/// <summary>The UCI digits (Data/NOTICE.md): 1,797 rows of 64 pixel counts and a label.</summary>
internal sealed class DigitsData
{
    public const int Pixels = 64, Classes = 10;

    private DigitsData(float[] pixels, int[] labels)
    {
        PixelRows = pixels;
        Labels = labels;
    }

    public float[] PixelRows { get; }

    public int[] Labels { get; }

    public int Count => Labels.Length;

    public static DigitsData Load(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var pixels = new List<float>();
        var labels = new List<int>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var fields = line.Split(',');
            pixels.AddRange(fields.Take(Pixels).Select(float.Parse));
            labels.Add(int.Parse(fields[Pixels]));
        }
        return new DigitsData(pixels.ToArray(), labels.ToArray());
    }

    /// <summary>A stratified split: the same fraction of every class goes to the test set, chosen with a seeded shuffle.</summary>
    public (int[] Train, int[] Test) StratifiedSplit(double testFraction, int seed)
    {
        var random = new DeterministicRandom(seed);
        var train = new List<int>();
        var test = new List<int>();
        for (int digit = 0; digit < Classes; digit++)
        {
            var members = Enumerable.Range(0, Count).Where(i => Labels[i] == digit).ToArray();
            random.Shuffle(members.AsSpan());
            int testCount = (int)Math.Round(members.Length * testFraction);
            test.AddRange(members.Take(testCount));
            train.AddRange(members.Skip(testCount));
        }
        train.Sort();
        test.Sort();
        return (train.ToArray(), test.ToArray());
    }

    public float[] PixelsOf(int[] rows) => rows.SelectMany(r => PixelRows.AsSpan(r * Pixels, Pixels).ToArray()).ToArray();

    public int[] LabelsOf(int[] rows) => rows.Select(r => Labels[r]).ToArray();
}
