using System;
using System.ComponentModel;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// One convolution layer's geometry, as PyTorch's nn.Conv2d (and nn.Conv1d: a sequence is a map of height 1): input
    /// C×H×W (row-major C, H, W), F filters of C/G × kh × kw in G groups, strides sh and sw, dilations dh and dw, zero
    /// padding pt rows above, pb below, pl columns left and pr right, an optional bias. Output F×H'×W' with
    /// H' = ⌊(H + pt + pb − dh·(kh − 1) − 1) / sh⌋ + 1, W' likewise (docs/math.md). Filter f of group g = f div (F/G) reads
    /// channels g·C/G … (g + 1)·C/G − 1 only.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct Conv2DShape
    {
        /// <summary>A square kernel, one stride, the same zero padding on every side, one group and a bias: nn.Conv2d's common case.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A size, the kernel or the stride is not positive, the padding is negative, or the kernel does not fit the padded input.</exception>
        public Conv2DShape(int channels, int height, int width, int filters, int kernel, int stride, int padding)
            : this(channels, height, width, filters, kernel, kernel, stride, stride, 1, 1, padding, padding, padding, padding, 1, true)
        {
        }

        /// <summary>Checks and stores one convolution's geometry.</summary>
        /// <exception cref="ArgumentOutOfRangeException">
        /// A size, a kernel side, a stride, a dilation or the groups are not positive, a padding is negative, the groups do not
        /// divide the channels and the filters, or the dilated kernel does not fit the padded input.
        /// </exception>
        public Conv2DShape(int channels, int height, int width, int filters, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
            int dilationHeight, int dilationWidth, int padTop, int padBottom, int padLeft, int padRight, int groups, bool bias)
        {
            LayerShape.RequirePositive(channels, nameof(channels));
            LayerShape.RequirePositive(height, nameof(height));
            LayerShape.RequirePositive(width, nameof(width));
            LayerShape.RequirePositive(filters, nameof(filters));
            LayerShape.RequirePositive(kernelHeight, nameof(kernelHeight));
            LayerShape.RequirePositive(kernelWidth, nameof(kernelWidth));
            LayerShape.RequirePositive(strideHeight, nameof(strideHeight));
            LayerShape.RequirePositive(strideWidth, nameof(strideWidth));
            LayerShape.RequirePositive(dilationHeight, nameof(dilationHeight));
            LayerShape.RequirePositive(dilationWidth, nameof(dilationWidth));
            LayerShape.RequireNotNegative(padTop, nameof(padTop));
            LayerShape.RequireNotNegative(padBottom, nameof(padBottom));
            LayerShape.RequireNotNegative(padLeft, nameof(padLeft));
            LayerShape.RequireNotNegative(padRight, nameof(padRight));
            LayerShape.RequirePositive(groups, nameof(groups));
            if (channels % groups != 0 || filters % groups != 0)
                throw new ArgumentOutOfRangeException(nameof(groups), groups, $"{groups} groups do not divide {channels} channels and {filters} filters.");
            int extentHeight = LayerShape.Extent(kernelHeight, dilationHeight), extentWidth = LayerShape.Extent(kernelWidth, dilationWidth);
            if (extentHeight > height + padTop + padBottom || extentWidth > width + padLeft + padRight)
                throw new ArgumentOutOfRangeException(nameof(kernelHeight), kernelHeight,
                    $"A {kernelHeight}×{kernelWidth} kernel spanning {extentHeight}×{extentWidth} does not fit a {height}×{width} input padded by {padTop}, {padBottom}, {padLeft}, {padRight}.");

            Channels = channels;
            Height = height;
            Width = width;
            Filters = filters;
            KernelHeight = kernelHeight;
            KernelWidth = kernelWidth;
            StrideHeight = strideHeight;
            StrideWidth = strideWidth;
            DilationHeight = dilationHeight;
            DilationWidth = dilationWidth;
            PadTop = padTop;
            PadBottom = padBottom;
            PadLeft = padLeft;
            PadRight = padRight;
            Groups = groups;
            HasBias = bias;
            OutputHeight = (height + padTop + padBottom - extentHeight) / strideHeight + 1;
            OutputWidth = (width + padLeft + padRight - extentWidth) / strideWidth + 1;
        }

        /// <summary>C: channels of the input map.</summary>
        public int Channels { get; }

        /// <summary>H: rows of the input map (1 for a sequence).</summary>
        public int Height { get; }

        /// <summary>W: columns of the input map (the length of a sequence).</summary>
        public int Width { get; }

        /// <summary>F: filters, the channels of the output map.</summary>
        public int Filters { get; }

        /// <summary>kh: the kernel's rows.</summary>
        public int KernelHeight { get; }

        /// <summary>kw: the kernel's columns.</summary>
        public int KernelWidth { get; }

        /// <summary>sh: the step between neighbouring outputs, in input rows.</summary>
        public int StrideHeight { get; }

        /// <summary>sw: the step between neighbouring outputs, in input columns.</summary>
        public int StrideWidth { get; }

        /// <summary>dh: the spacing of the kernel's rows, in input rows (1: adjacent).</summary>
        public int DilationHeight { get; }

        /// <summary>dw: the spacing of the kernel's columns, in input columns (1: adjacent).</summary>
        public int DilationWidth { get; }

        /// <summary>pt: zero rows above the input.</summary>
        public int PadTop { get; }

        /// <summary>pb: zero rows below the input.</summary>
        public int PadBottom { get; }

        /// <summary>pl: zero columns left of the input.</summary>
        public int PadLeft { get; }

        /// <summary>pr: zero columns right of the input.</summary>
        public int PadRight { get; }

        /// <summary>G: channels and filters fall into G groups that do not see each other (G = C: depthwise).</summary>
        public int Groups { get; }

        /// <summary>Whether the layer adds a bias b[f] (a span of F values), or has none (an empty span).</summary>
        public bool HasBias { get; }

        /// <summary>H' = ⌊(H + pt + pb − dh·(kh − 1) − 1) / sh⌋ + 1.</summary>
        public int OutputHeight { get; }

        /// <summary>W' = ⌊(W + pl + pr − dw·(kw − 1) − 1) / sw⌋ + 1.</summary>
        public int OutputWidth { get; }

        /// <summary>C·H·W: the input map's length.</summary>
        public int InputLength => Channels * Height * Width;

        /// <summary>F·H'·W': the output map's length.</summary>
        public int OutputLength => Filters * OutputHeight * OutputWidth;

        /// <summary>F·(C/G)·kh·kw: the length of the weights, [F, C/G, kh, kw] row-major.</summary>
        public int WeightLength => Filters * (Channels / Groups) * KernelHeight * KernelWidth;

        /// <summary>F with a bias, else 0: the length of the bias span.</summary>
        public int BiasLength => HasBias ? Filters : 0;

        /// <summary>One group's convolution: C/G channels to F/G filters, the same geometry, one group.</summary>
        internal Conv2DShape Group => Groups == 1 ? this : new Conv2DShape(Channels / Groups, Height, Width, Filters / Groups, KernelHeight, KernelWidth,
            StrideHeight, StrideWidth, DilationHeight, DilationWidth, PadTop, PadBottom, PadLeft, PadRight, 1, HasBias);
    }
}
