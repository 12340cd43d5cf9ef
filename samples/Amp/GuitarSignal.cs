using System;

namespace Samples.Amp;

/// <summary>
/// A clean guitar-like test signal: plucked strings by the Karplus–Strong algorithm (a burst of noise circulating in a
/// delay line one period long, averaged each pass, so it decays as a string does), notes from E2 to E5 one after another,
/// each ringing into the next.
/// </summary>
internal static class GuitarSignal
{
    /// <summary><paramref name="seconds"/> of plucked notes at <paramref name="sampleRate"/>, peak <paramref name="peak"/> volts.</summary>
    public static float[] Pluck(double seconds, int sampleRate, double peak, int seed)
    {
        var random = new Random(seed);
        var signal = new double[(int)(seconds * sampleRate)];
        for (int start = 0; start < signal.Length; start += (int)(sampleRate * (0.15 + 0.45 * random.NextDouble())))
        {
            double frequency = 82.41 * Math.Pow(2, random.Next(37) / 12.0); // E2 … E5
            double loudness = 0.3 + 0.7 * random.NextDouble();
            var line = new double[Math.Max(2, (int)Math.Round(sampleRate / frequency))];
            for (int i = 0; i < line.Length; i++) line[i] = loudness * (2 * random.NextDouble() - 1);
            int length = Math.Min(signal.Length - start, (int)(1.5 * sampleRate));
            for (int n = 0; n < length; n++)
            {
                int at = n % line.Length;
                signal[start + n] += line[at];
                line[at] = 0.498 * (line[at] + line[(at + 1) % line.Length]);
            }
        }

        double largest = 0;
        foreach (double value in signal) largest = Math.Max(largest, Math.Abs(value));
        var scaled = new float[signal.Length];
        for (int n = 0; n < signal.Length; n++) scaled[n] = (float)(signal[n] * peak / largest);
        return scaled;
    }
}
