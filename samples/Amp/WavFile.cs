using System;
using System.IO;

namespace Samples.Amp;

/// <summary>Mono 16-bit PCM WAV files, the format every audio tool opens.</summary>
internal static class WavFile
{
    /// <summary>Writes <paramref name="samples"/> scaled so that ±<paramref name="fullScale"/> is the full 16-bit range (clipped beyond).</summary>
    public static void Write(string path, float[] samples, int sampleRate, double fullScale)
    {
        using var writer = new BinaryWriter(File.Create(path));
        int dataBytes = samples.Length * 2;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);                 // the fmt chunk's size
        writer.Write((short)1);           // PCM
        writer.Write((short)1);           // one channel
        writer.Write(sampleRate);
        writer.Write(sampleRate * 2);     // bytes per second
        writer.Write((short)2);           // bytes per frame
        writer.Write((short)16);          // bits per sample
        writer.Write("data"u8);
        writer.Write(dataBytes);
        foreach (float sample in samples)
            writer.Write((short)Math.Round(Math.Clamp(sample / fullScale, -1, 1) * short.MaxValue));
    }
}
