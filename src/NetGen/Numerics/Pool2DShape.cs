using System;
using System.ComponentModel;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// One pooling layer's geometry, as nn.MaxPool2d / nn.AvgPool2d without padding: window m×m, stride s. Output C×H'×W'
    /// with H' = ⌊(H − m) / s⌋ + 1, W' likewise.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct Pool2DShape
    {
        /// <summary>Checks and stores one pooling layer's geometry.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A size, the window or the stride is not positive, or the window does not fit the input.</exception>
        public Pool2DShape(int channels, int height, int width, int size, int stride)
        {
            LayerShape.RequirePositive(channels, nameof(channels));
            LayerShape.RequirePositive(height, nameof(height));
            LayerShape.RequirePositive(width, nameof(width));
            LayerShape.RequirePositive(size, nameof(size));
            LayerShape.RequirePositive(stride, nameof(stride));
            if (size > height || size > width)
                throw new ArgumentOutOfRangeException(nameof(size), size, $"A {size}×{size} window does not fit a {height}×{width} input.");

            Channels = channels;
            Height = height;
            Width = width;
            Size = size;
            Stride = stride;
            OutputHeight = (height - size) / stride + 1;
            OutputWidth = (width - size) / stride + 1;
        }

        /// <summary>C: channels, the same in the input and the output.</summary>
        public int Channels { get; }

        /// <summary>H: rows of the input map.</summary>
        public int Height { get; }

        /// <summary>W: columns of the input map.</summary>
        public int Width { get; }

        /// <summary>m: the side of the square window.</summary>
        public int Size { get; }

        /// <summary>s: the step between neighbouring windows.</summary>
        public int Stride { get; }

        /// <summary>H' = ⌊(H − m) / s⌋ + 1.</summary>
        public int OutputHeight { get; }

        /// <summary>W' = ⌊(W − m) / s⌋ + 1.</summary>
        public int OutputWidth { get; }

        /// <summary>C·H·W: the input map's length.</summary>
        public int InputLength => Channels * Height * Width;

        /// <summary>C·H'·W': the output map's length.</summary>
        public int OutputLength => Channels * OutputHeight * OutputWidth;
    }
}
