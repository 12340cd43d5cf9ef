using System;
using System.IO;
using System.IO.Compression;

namespace Samples.Gan;

/// <summary>
/// Panels of 8×8 images side by side as a greyscale PNG (white ink on black, like the data): each panel is
/// <see cref="Columns"/> × rows images, each pixel drawn as a <see cref="Scale"/>×<see cref="Scale"/> block.
/// </summary>
internal static class ImageGrid
{
    public const int Columns = 8, Scale = 4;
    private const int Side = 8, Gap = 4, PanelGap = 16;

    /// <summary>Draws each panel (images of 64 pixels in [−1, 1], row after row) and returns the PNG file's bytes.</summary>
    public static byte[] Png(params float[][] panels)
    {
        int rows = (panels[0].Length / (Side * Side) + Columns - 1) / Columns;
        int cell = Side * Scale + Gap;
        int panelWidth = Columns * cell - Gap;
        int width = panels.Length * (panelWidth + PanelGap) - PanelGap + 2 * Gap, height = rows * cell + Gap;
        var pixels = new byte[width * height];
        Array.Fill(pixels, (byte)96); // grey background, so that black digit backgrounds show as tiles

        for (int p = 0; p < panels.Length; p++)
            for (int image = 0; image < panels[p].Length / (Side * Side); image++)
            {
                int left = Gap + p * (panelWidth + PanelGap) + image % Columns * cell, top = Gap + image / Columns * cell;
                for (int y = 0; y < Side * Scale; y++)
                    for (int x = 0; x < Side * Scale; x++)
                    {
                        float value = panels[p][image * Side * Side + y / Scale * Side + x / Scale];
                        pixels[(top + y) * width + left + x] = (byte)Math.Round(255 * Math.Clamp((value + 1) / 2, 0, 1));
                    }
            }

        return Encode(width, height, pixels);
    }

    /// <summary>An 8-bit greyscale PNG: IHDR, one zlib-compressed IDAT with filter 0 on every row, IEND.</summary>
    private static byte[] Encode(int width, int height, byte[] pixels)
    {
        var raw = new byte[height * (width + 1)];
        for (int y = 0; y < height; y++) Array.Copy(pixels, y * width, raw, y * (width + 1) + 1, width);
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(raw);

        var png = new MemoryStream();
        png.Write(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A });
        var header = new byte[13];
        WriteBigEndian(header, 0, width);
        WriteBigEndian(header, 4, height);
        header[8] = 8; // bit depth; colour type 0 (greyscale), compression, filter and interlace 0
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", Array.Empty<byte>());
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var buffer = new byte[12 + data.Length];
        WriteBigEndian(buffer, 0, data.Length);
        for (int i = 0; i < 4; i++) buffer[4 + i] = (byte)type[i];
        data.CopyTo(buffer, 8);
        WriteBigEndian(buffer, 8 + data.Length, (int)Crc32(buffer.AsSpan(4, 4 + data.Length)));
        png.Write(buffer);
    }

    private static void WriteBigEndian(byte[] buffer, int offset, int value)
    {
        for (int i = 0; i < 4; i++) buffer[offset + i] = (byte)(value >> (24 - 8 * i));
    }

    /// <summary>The CRC-32 of PNG chunks (polynomial 0xEDB88320, bit by bit: a few kilobytes, no table needed).</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
