using System;

namespace Samples.Import
{
    /// <summary>
    /// The waves WaveNet was trained on (the recipe of tools/make_import_sample.py): 16 samples of a sine, square or sawtooth
    /// wave of 0.04 to 0.15 cycles per sample, any phase, amplitude 0.5 to 1, plus a little noise.
    /// </summary>
    public static class Waves
    {
        public const int Steps = 16;

        /// <summary>One wave of the given kind (0 sine, 1 square, 2 sawtooth), drawn with <paramref name="random"/>.</summary>
        public static float[] Make(int kind, Random random)
        {
            double frequency = 0.04 + 0.11 * random.NextDouble(), phase = random.NextDouble(), amplitude = 0.5 + 0.5 * random.NextDouble();
            var wave = new float[Steps];
            for (int t = 0; t < Steps; t++)
            {
                double cycle = (frequency * t + phase) % 1.0;
                double shape = kind switch { 0 => Math.Sin(2 * Math.PI * cycle), 1 => cycle < 0.5 ? 1 : -1, _ => 2 * cycle - 1 };
                wave[t] = (float)(amplitude * shape + 0.05 * Gaussian(random));
            }
            return wave;
        }

        private static double Gaussian(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
