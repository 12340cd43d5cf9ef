using System;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace Samples.Fashion;

/// <summary>
/// An IDX file of unsigned bytes (the MNIST format): two zero bytes, the type code 0x08, the number of dimensions, each
/// dimension as a big-endian 32-bit integer, then the values row-major. Gzipped files (starting 1F 8B) are read through gzip.
/// </summary>
internal sealed class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    private IdxFile(string path, int[] dimensions, byte[] values)
    {
        Path = path;
        Dimensions = dimensions;
        Values = values;
    }

    public string Path { get; }

    public int[] Dimensions { get; }

    public byte[] Values { get; }

    public static IdxFile Read(string path)
    {
        using var file = File.OpenRead(path);
        bool gzipped = file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
        file.Position = 0;
        using Stream stream = gzipped ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            var (dimensions, values) = Read(stream);
            return new IdxFile(path, dimensions, values);
        }
        catch (InvalidDataException exception)
        {
            // Both this reader's checks and a corrupt gzip stream end up here: name the file once.
            throw new InvalidDataException($"{path}{(gzipped ? " (gzip)" : "")}: {exception.Message}", exception);
        }
    }

    private static (int[] Dimensions, byte[] Values) Read(Stream stream)
    {
        var header = ReadExactly(stream, 4, "the 4-byte magic number");
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException($"not an IDX file: the magic number starts {header[0]:X2} {header[1]:X2} instead of 00 00.");
        if (header[2] != UnsignedByteType)
            throw new InvalidDataException($"IDX type 0x{header[2]:X2}; this reader needs unsigned bytes (0x08).");
        int rank = header[3];
        if (rank == 0) throw new InvalidDataException("the header declares no dimensions.");

        var sizes = ReadExactly(stream, 4 * rank, $"{rank} dimension sizes");
        var dimensions = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            uint size = (uint)(sizes[4 * d] << 24 | sizes[4 * d + 1] << 16 | sizes[4 * d + 2] << 8 | sizes[4 * d + 3]);
            if (size == 0 || size > int.MaxValue) throw new InvalidDataException($"dimension {d} has size {size}.");
            dimensions[d] = (int)size;
            count *= size;
        }
        if (count > int.MaxValue) throw new InvalidDataException($"{string.Join(" × ", dimensions)} values are too many for one array.");

        var values = ReadExactly(stream, (int)count, $"{string.Join(" × ", dimensions)} values");
        if (stream.ReadByte() != -1) throw new InvalidDataException($"there is data after the {string.Join(" × ", dimensions)} values.");
        return (dimensions, values);
    }

    private static byte[] ReadExactly(Stream stream, int length, string what)
    {
        var buffer = new byte[length];
        int read = stream.ReadAtLeast(buffer, length, throwOnEndOfStream: false);
        if (read < length) throw new InvalidDataException($"truncated: it ends after {read} of the {length} bytes of {what}.");
        return buffer;
    }

    /// <summary>Throws unless the dimensions are exactly <paramref name="expected"/> (−1 matches any size).</summary>
    public void ExpectDimensions(string what, params int[] expected)
    {
        if (Dimensions.Length != expected.Length || Dimensions.Zip(expected).Any(pair => pair.Second >= 0 && pair.First != pair.Second))
            throw new InvalidDataException(
                $"{Path} has dimensions {string.Join(" × ", Dimensions)}; {what} must be {string.Join(" × ", expected.Select(e => e < 0 ? "N" : e.ToString()))}.");
    }
}
