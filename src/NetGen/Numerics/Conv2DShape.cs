using System;
using System.ComponentModel;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// One Conv2D layer's geometry, as PyTorch's nn.Conv2d: input C×H×W (row-major C, H, W), F filters of C×k×k, stride s,
    /// zero padding p on every side. Output F×H'×W' with H' = ⌊(H + 2p − k) / s⌋ + 1, W' likewise (docs/math.md).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct Conv2DShape
    {
        /// <summary>Checks and stores one convolution's geometry.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A size, the kernel or the stride is not positive, the padding is negative, or the kernel does not fit the padded input.</exception>
        public Conv2DShape(int channels, int height, int width, int filters, int kernel, int stride, int padding)
        {
            LayerShape.RequirePositive(channels, nameof(channels));
            LayerShape.RequirePositive(height, nameof(height));
            LayerShape.RequirePositive(width, nameof(width));
            LayerShape.RequirePositive(filters, nameof(filters));
            LayerShape.RequirePositive(kernel, nameof(kernel));
            LayerShape.RequirePositive(stride, nameof(stride));
            if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, "The padding must not be negative.");
            if (kernel > height + 2 * padding || kernel > width + 2 * padding)
                throw new ArgumentOutOfRangeException(nameof(kernel), kernel,
                    $"A {kernel}×{kernel} kernel does not fit a {height}×{width} input padded by {padding}.");

            Channels = channels;
            Height = height;
            Width = width;
            Filters = filters;
            Kernel = kernel;
            Stride = stride;
            Padding = padding;
            OutputHeight = (height + 2 * padding - kernel) / stride + 1;
            OutputWidth = (width + 2 * padding - kernel) / stride + 1;
        }

        /// <summary>C: channels of the input map.</summary>
        public int Channels { get; }

        /// <summary>H: rows of the input map.</summary>
        public int Height { get; }

        /// <summary>W: columns of the input map.</summary>
        public int Width { get; }

        /// <summary>F: filters, the channels of the output map.</summary>
        public int Filters { get; }

        /// <summary>k: the side of the square kernel.</summary>
        public int Kernel { get; }

        /// <summary>s: the step between neighbouring outputs, in input rows and columns.</summary>
        public int Stride { get; }

        /// <summary>p: zero rows and columns added on every side of the input.</summary>
        public int Padding { get; }

        /// <summary>H' = ⌊(H + 2p − k) / s⌋ + 1.</summary>
        public int OutputHeight { get; }

        /// <summary>W' = ⌊(W + 2p − k) / s⌋ + 1.</summary>
        public int OutputWidth { get; }

        /// <summary>C·H·W: the input map's length.</summary>
        public int InputLength => Channels * Height * Width;

        /// <summary>F·H'·W': the output map's length.</summary>
        public int OutputLength => Filters * OutputHeight * OutputWidth;

        /// <summary>F·C·k·k: the length of the weights, [F, C, k, k] row-major.</summary>
        public int WeightLength => Filters * Channels * Kernel * Kernel;
    }
}
