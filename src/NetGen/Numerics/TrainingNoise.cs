using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// The random numbers of training-only layers (dropout), as a counter-based generator: every number is a hash of its
    /// key — the training seed and step (the stream) and the sample's position in its batch and the value's index — so it
    /// does not depend on which thread computes which sample, or in which order, and the backward pass recomputes the
    /// forward pass's numbers instead of storing them. The mixing function is SplitMix64's finaliser (Steele, Lea and Flood,
    /// "Fast splittable pseudorandom number generators", 2014), applied to each part of the key in turn.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class TrainingNoise
    {
        /// <summary>The stream of one training step: step <paramref name="step"/> of the run seeded <paramref name="seed"/>.</summary>
        public static ulong Stream(int seed, long step) => Mix(Mix((ulong)(uint)seed) ^ (ulong)step);

        /// <summary>Layer <paramref name="layer"/>'s own stream within a step's: two dropout layers draw independent masks.</summary>
        public static ulong ForLayer(ulong stream, int layer) => Mix(stream ^ Mix((ulong)(uint)layer));

        /// <summary>A number uniform in [0, 1) (53 random bits) for value <paramref name="index"/> of sample <paramref name="sample"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Uniform(ulong stream, int sample, int index) =>
            (Mix(stream ^ Mix(((ulong)(uint)sample << 32) | (uint)index)) >> 11) * (1.0 / (1UL << 53));

        /// <summary>
        /// Inverted dropout's factor for one value: 0 with probability <paramref name="p"/>, else <paramref name="scale"/> =
        /// 1/(1 − p), so that the expected output equals the input.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float DropoutFactor(ulong stream, int sample, int index, double p, float scale) => Uniform(stream, sample, index) < p ? 0f : scale;

        /// <inheritdoc cref="DropoutFactor(ulong, int, int, double, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double DropoutFactor(ulong stream, int sample, int index, double p, double scale) => Uniform(stream, sample, index) < p ? 0 : scale;

        /// <summary>
        /// output[i] = input[i] · factor i: one sample's values through dropout. Also the backward pass: ∂C/∂input[i] =
        /// ∂C/∂output[i] · factor i, with the same stream and sample.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public static void Dropout(ReadOnlySpan<float> input, Span<float> output, ulong stream, int sample, double p, float scale)
        {
            if (output.Length != input.Length) throw new ArgumentException("The output must have the input's length.", nameof(output));
            for (int i = 0; i < input.Length; i++) output[i] = input[i] * DropoutFactor(stream, sample, i, p, scale);
        }

        /// <inheritdoc cref="Dropout(ReadOnlySpan{float}, Span{float}, ulong, int, double, float)"/>
        [MethodImpl(HotPath.Optimized)]
        public static void Dropout(ReadOnlySpan<double> input, Span<double> output, ulong stream, int sample, double p, double scale)
        {
            if (output.Length != input.Length) throw new ArgumentException("The output must have the input's length.", nameof(output));
            for (int i = 0; i < input.Length; i++) output[i] = input[i] * DropoutFactor(stream, sample, i, p, scale);
        }

        /// <summary>SplitMix64's finaliser: a bijection of 64-bit words whose every output bit depends on every input bit.</summary>
        private static ulong Mix(ulong z)
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
