using System.Globalization;

namespace NetGen.Generators.Model
{
    /// <summary>
    /// The shape of the values between two layers: a vector of <see cref="Channels"/> values, or a feature map of
    /// C × H × W values stored C, H, W row-major. Long sizes so that absurd declarations cannot overflow before the rules
    /// reject them.
    /// </summary>
    internal sealed record Shape(int Channels, int Height, int Width, bool IsMap)
    {
        public static Shape Vector(int size) => new(size, 1, 1, false);

        public static Shape Map(int channels, int height, int width) => new(channels, height, width, true);

        /// <summary>The number of values: C·H·W (the flattened map a Dense layer reads).</summary>
        public long Size => (long)Channels * Height * Width;

        /// <summary>"8×26×26" for a map, "64" for a vector.</summary>
        public string Text => IsMap
            ? $"{Channels.ToString(CultureInfo.InvariantCulture)}×{Height.ToString(CultureInfo.InvariantCulture)}×{Width.ToString(CultureInfo.InvariantCulture)}"
            : Channels.ToString(CultureInfo.InvariantCulture);
    }
}
