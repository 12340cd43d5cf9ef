using System.Globalization;

namespace NetGen.Generators.Model
{
    /// <summary>What the values between two layers are: a vector, a sequence (1-D map), an image (2-D map) or steps of a recurrent network.</summary>
    internal enum ShapeKind
    {
        Vector,
        Sequence,
        Image,
        Steps,
    }

    /// <summary>
    /// The shape of the values between two layers: a vector of <see cref="Channels"/> values, a sequence of C × L values
    /// stored C, L row-major (kept as a map of height 1, so that the runtime's one convolution kernel serves it), or an image
    /// of C × H × W values stored C, H, W row-major, or L steps of C features stored step-major (L × C, PyTorch's batch_first),
    /// kept as Channels = C, Width = L, what recurrent layers iterate over and the layers below them act on step by step.
    /// </summary>
    internal sealed record Shape(int Channels, int Height, int Width, ShapeKind Kind)
    {
        public static Shape Vector(int size) => new(size, 1, 1, ShapeKind.Vector);

        public static Shape Sequence(int channels, int length) => new(channels, 1, length, ShapeKind.Sequence);

        public static Shape Map(int channels, int height, int width) => new(channels, height, width, ShapeKind.Image);

        public static Shape Steps(int features, int length) => new(features, 1, length, ShapeKind.Steps);

        /// <summary>Steps of a recurrent network: a vector of <see cref="Channels"/> features per step, <see cref="Width"/> steps.</summary>
        public bool IsSteps => Kind == ShapeKind.Steps;

        /// <summary>A sequence or an image: values the map layers slide over.</summary>
        public bool IsMap => Kind != ShapeKind.Vector;

        /// <summary>A map of the same kind (sequence or image) with other sizes; a sequence keeps its height of 1.</summary>
        public Shape WithMap(int channels, int height, int width) => Kind == ShapeKind.Sequence ? Sequence(channels, width) : Map(channels, height, width);

        /// <summary>The number of values: C·H·W (the flattened map a Dense layer reads).</summary>
        public long Size => (long)Channels * Height * Width;

        /// <summary>"8×26×26" for an image, "4×100" for a sequence, "64" for a vector, "28 steps×16" (or "1 step×16") for steps.</summary>
        public string Text => Kind switch
        {
            ShapeKind.Steps => $"{Number(Width)} step{(Width == 1 ? "" : "s")}×{Number(Channels)}",
            ShapeKind.Image => $"{Number(Channels)}×{Number(Height)}×{Number(Width)}",
            ShapeKind.Sequence => $"{Number(Channels)}×{Number(Width)}",
            _ => Number(Channels),
        };

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
