using System;

namespace NetGen
{
    /// <summary>
    /// A small seeded generator (xoshiro256**, seeded through SplitMix64) whose sequence is fixed by this code alone,
    /// unlike <see cref="Random"/>, whose algorithm differs between runtimes. The same seed gives the same numbers
    /// everywhere, which is what makes initial weights and shuffles reproducible.
    /// </summary>
    public sealed class DeterministicRandom
    {
        private ulong _s0, _s1, _s2, _s3;
        private double _spareNormal;
        private bool _hasSpareNormal;

        /// <summary>Creates a generator whose sequence is determined by <paramref name="seed"/>.</summary>
        public DeterministicRandom(int seed)
        {
            ulong state = unchecked((ulong)seed);
            _s0 = SplitMix64(ref state);
            _s1 = SplitMix64(ref state);
            _s2 = SplitMix64(ref state);
            _s3 = SplitMix64(ref state);
        }

        /// <summary>The next 64 random bits.</summary>
        public ulong NextUInt64()
        {
            ulong result = RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotateLeft(_s3, 45);
            return result;
        }

        /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
        public double NextUniform(double min, double max) => min + (max - min) * NextDouble();

        /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
        public int NextInt(int maxExclusive)
        {
            if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "Must be positive.");
            ulong bound = (ulong)maxExclusive;
            ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
            ulong value;
            do { value = NextUInt64(); } while (value >= limit);
            return (int)(value % bound);
        }

        /// <summary>A standard normal sample (Box–Muller; the second value of each pair is kept for the next call).</summary>
        public double NextNormal()
        {
            if (_hasSpareNormal)
            {
                _hasSpareNormal = false;
                return _spareNormal;
            }

            double u1 = 1.0 - NextDouble(); // (0, 1]: keeps the logarithm finite
            double u2 = NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            double angle = 2.0 * Math.PI * u2;
            _spareNormal = radius * Math.Sin(angle);
            _hasSpareNormal = true;
            return radius * Math.Cos(angle);
        }

        /// <summary>Puts <paramref name="values"/> in a uniformly random order (Fisher–Yates).</summary>
        public void Shuffle<TValue>(Span<TValue> values)
        {
            for (int i = values.Length - 1; i > 0; i--)
            {
                int j = NextInt(i + 1);
                (values[i], values[j]) = (values[j], values[i]);
            }
        }

        private static ulong RotateLeft(ulong value, int count) => (value << count) | (value >> (64 - count));

        private static ulong SplitMix64(ref ulong state)
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
