using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace Samples.Fashion;

/// <summary>
/// An SVG grid of test images the network got wrong, each labelled with its true and predicted class. The images are
/// embedded as small greyscale PNGs (a few hundred bytes each instead of 784 SVG rectangles).
/// </summary>
internal static class MisclassifiedGallery
{
    private const int Scale = 3, Columns = 4, CellWidth = FashionMnist.Width * Scale + 40, CellHeight = FashionMnist.Height * Scale + 44;

    /// <param name="images">Count × 784 pixels in [0, 1].</param>
    /// <param name="samples">The indices of the images to show (those misclassified).</param>
    public static string Svg(float[] images, int[] labels, int[] predictions, IReadOnlyList<int> samples)
    {
        int rows = (samples.Count + Columns - 1) / Columns;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Columns * CellWidth}\" height=\"{rows * CellHeight + 30}\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.Append($"<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append($"<text x=\"8\" y=\"18\" font-size=\"14\">Misclassified test images: true → predicted</text>\n");
        for (int i = 0; i < samples.Count; i++)
        {
            int sample = samples[i], x = i % Columns * CellWidth + 20, y = i / Columns * CellHeight + 30;
            var pixels = new byte[FashionMnist.Pixels];
            for (int p = 0; p < pixels.Length; p++) pixels[p] = (byte)Math.Round(255 * images[sample * FashionMnist.Pixels + p]);
            string png = Convert.ToBase64String(GreyscalePng(pixels, FashionMnist.Width, FashionMnist.Height));
            svg.Append($"<image x=\"{x}\" y=\"{y}\" width=\"{FashionMnist.Width * Scale}\" height=\"{FashionMnist.Height * Scale}\" " +
                       $"style=\"image-rendering:pixelated\" href=\"data:image/png;base64,{png}\"/>\n");
            int textY = y + FashionMnist.Height * Scale + 14;
            svg.Append($"<text x=\"{x}\" y=\"{textY}\">{Escape(FashionMnist.ClassNames[labels[sample]])}</text>\n");
            svg.Append($"<text x=\"{x}\" y=\"{textY + 13}\" fill=\"#d62728\">→ {Escape(FashionMnist.ClassNames[predictions[sample]])}</text>\n");
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);

    /// <summary>An 8-bit greyscale PNG: the signature, IHDR, one zlib-compressed IDAT (each row behind filter byte 0), IEND.</summary>
    private static byte[] GreyscalePng(byte[] pixels, int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;      // bit depth; colour type 0 (greyscale), compression, filter and interlace methods 0
        var rows = new MemoryStream();
        using (var zlib = new ZLibStream(rows, CompressionLevel.Optimal, leaveOpen: true))
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(pixels, y * width, width);
            }

        var png = new MemoryStream();
        png.Write(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A });
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", rows.ToArray());
        WriteChunk(png, "IEND", Array.Empty<byte>());
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        png.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    /// <summary>The CRC-32 every PNG chunk ends with (ISO 3309, reflected polynomial 0xEDB88320), bit by bit: the images are tiny.</summary>
    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
