using System;
using System.IO;
using System.Linq;

namespace Samples.Fashion;

/// <summary>
/// Zalando's Fashion-MNIST: 28×28 greyscale images of ten kinds of clothing, 60,000 to train and 10,000 to test, in IDX
/// files (as Debian's dataset-fashion-mnist package installs them: train-images-idx3-ubyte.gz and so on).
/// </summary>
internal sealed class FashionMnist
{
    public const int Height = 28, Width = 28, Pixels = Height * Width, Classes = 10;

    /// <summary>Where Debian's dataset-fashion-mnist package puts the files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    public static readonly string[] ClassNames =
        { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

    private FashionMnist(float[] images, int[] labels)
    {
        Images = images;
        Labels = labels;
    }

    /// <summary>Count × 784 pixels scaled to [0, 1], each image row-major (the C,H,W order of one channel).</summary>
    public float[] Images { get; }

    public int[] Labels { get; }

    public int Count => Labels.Length;

    /// <summary>Reads the first <paramref name="limit"/> samples (all if null) of the "train" or "t10k" set.</summary>
    /// <exception cref="FileNotFoundException">A file is missing; the message says which and which package provides it.</exception>
    /// <exception cref="InvalidDataException">A file is not what it should be; the message names it and says what is wrong.</exception>
    public static FashionMnist Load(string directory, string set, int? limit = null)
    {
        var images = IdxFile.Read(Find(directory, $"{set}-images-idx3-ubyte"));
        var labels = IdxFile.Read(Find(directory, $"{set}-labels-idx1-ubyte"));
        images.ExpectDimensions("an image file", -1, Height, Width);
        labels.ExpectDimensions("a label file", -1);
        if (images.Dimensions[0] != labels.Dimensions[0])
            throw new InvalidDataException($"{images.Path} has {images.Dimensions[0]} images but {labels.Path} has {labels.Dimensions[0]} labels.");
        int bad = Array.FindIndex(labels.Values, label => label >= Classes);
        if (bad >= 0) throw new InvalidDataException($"{labels.Path}: label {bad} is {labels.Values[bad]}, not a class from 0 to {Classes - 1}.");

        int count = Math.Min(limit ?? int.MaxValue, labels.Dimensions[0]);
        var pixels = new float[count * Pixels];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = images.Values[i] / 255f;
        return new FashionMnist(pixels, labels.Values.Take(count).Select(label => (int)label).ToArray());
    }

    private static string Find(string directory, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(
            $"Fashion-MNIST's {name}.gz is not in {directory}: install Debian's dataset-fashion-mnist package " +
            $"(apt-get install dataset-fashion-mnist, which puts it in {DebianDirectory}) or pass --data <directory>.");
    }
}
