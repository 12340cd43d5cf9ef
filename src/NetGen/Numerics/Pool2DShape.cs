using System;
using System.ComponentModel;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// One pooling layer's geometry, as nn.MaxPool2d / nn.AvgPool2d (and their 1-D forms: a sequence is a map of height 1):
    /// window mh×mw, strides sh and sw, padding pt rows above, pb below, pl columns left and pr right. Output C×H'×W' with
    /// H' = ⌊(H + pt + pb − mh) / sh⌋ + 1, W' likewise. Padding never wins a maximum (it is −∞); in a mean it counts as zeros
    /// when <see cref="CountPadding"/> is set, else the mean is over the window's pixels inside the map. A global pool is
    /// the window H×W. Every window holds at least one pixel of the map (each padding is less than the window).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct Pool2DShape
    {
        /// <summary>A square window, one stride, no padding: the common case.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A size, the window or the stride is not positive, or the window does not fit the input.</exception>
        public Pool2DShape(int channels, int height, int width, int size, int stride)
            : this(channels, height, width, size, size, stride, stride, 0, 0, 0, 0, countPadding: true)
        {
        }

        /// <summary>Checks and stores one pooling layer's geometry.</summary>
        /// <exception cref="ArgumentOutOfRangeException">
        /// A size, a window side or a stride is not positive, a padding is negative or not less than the window, or the
        /// window does not fit the padded input.
        /// </exception>
        public Pool2DShape(int channels, int height, int width, int windowHeight, int windowWidth, int strideHeight, int strideWidth,
            int padTop, int padBottom, int padLeft, int padRight, bool countPadding)
        {
            LayerShape.RequirePositive(channels, nameof(channels));
            LayerShape.RequirePositive(height, nameof(height));
            LayerShape.RequirePositive(width, nameof(width));
            LayerShape.RequirePositive(windowHeight, nameof(windowHeight));
            LayerShape.RequirePositive(windowWidth, nameof(windowWidth));
            LayerShape.RequirePositive(strideHeight, nameof(strideHeight));
            LayerShape.RequirePositive(strideWidth, nameof(strideWidth));
            RequirePadding(padTop, windowHeight, nameof(padTop));
            RequirePadding(padBottom, windowHeight, nameof(padBottom));
            RequirePadding(padLeft, windowWidth, nameof(padLeft));
            RequirePadding(padRight, windowWidth, nameof(padRight));
            if (windowHeight > height + padTop + padBottom || windowWidth > width + padLeft + padRight)
                throw new ArgumentOutOfRangeException(nameof(windowHeight), windowHeight,
                    $"A {windowHeight}×{windowWidth} window does not fit a {height}×{width} input padded by {padTop}, {padBottom}, {padLeft}, {padRight}.");

            Channels = channels;
            Height = height;
            Width = width;
            WindowHeight = windowHeight;
            WindowWidth = windowWidth;
            StrideHeight = strideHeight;
            StrideWidth = strideWidth;
            PadTop = padTop;
            PadBottom = padBottom;
            PadLeft = padLeft;
            PadRight = padRight;
            CountPadding = countPadding;
            OutputHeight = (height + padTop + padBottom - windowHeight) / strideHeight + 1;
            OutputWidth = (width + padLeft + padRight - windowWidth) / strideWidth + 1;
        }

        private static void RequirePadding(int padding, int window, string parameterName)
        {
            if (padding < 0 || padding >= window)
                throw new ArgumentOutOfRangeException(parameterName, padding, $"The padding must be at least 0 and less than the window ({window}), so that every window holds a pixel of the map.");
        }

        /// <summary>C: channels, the same in the input and the output.</summary>
        public int Channels { get; }

        /// <summary>H: rows of the input map (1 for a sequence).</summary>
        public int Height { get; }

        /// <summary>W: columns of the input map (the length of a sequence).</summary>
        public int Width { get; }

        /// <summary>mh: the window's rows.</summary>
        public int WindowHeight { get; }

        /// <summary>mw: the window's columns.</summary>
        public int WindowWidth { get; }

        /// <summary>sh: the step between neighbouring windows, in rows.</summary>
        public int StrideHeight { get; }

        /// <summary>sw: the step between neighbouring windows, in columns.</summary>
        public int StrideWidth { get; }

        /// <summary>pt: padding rows above the input.</summary>
        public int PadTop { get; }

        /// <summary>pb: padding rows below the input.</summary>
        public int PadBottom { get; }

        /// <summary>pl: padding columns left of the input.</summary>
        public int PadLeft { get; }

        /// <summary>pr: padding columns right of the input.</summary>
        public int PadRight { get; }

        /// <summary>Whether an average divides by the whole window (padding counts as zeros) or only by its pixels inside the map.</summary>
        public bool CountPadding { get; }

        /// <summary>H' = ⌊(H + pt + pb − mh) / sh⌋ + 1.</summary>
        public int OutputHeight { get; }

        /// <summary>W' = ⌊(W + pl + pr − mw) / sw⌋ + 1.</summary>
        public int OutputWidth { get; }

        /// <summary>C·H·W: the input map's length.</summary>
        public int InputLength => Channels * Height * Width;

        /// <summary>C·H'·W': the output map's length.</summary>
        public int OutputLength => Channels * OutputHeight * OutputWidth;

        /// <summary>No padding on any side.</summary>
        internal bool IsUnpadded => PadTop == 0 && PadBottom == 0 && PadLeft == 0 && PadRight == 0;
    }
}
