using System;

namespace NetGen
{
    /// <summary>
    /// Declares average pooling, as PyTorch's <c>nn.AvgPool2d</c>: each output is the mean of a window of the map below, padded
    /// with zeros that count in the mean unless CountPadding = false. No parameters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class AvgPool2DAttribute : Attribute
    {
        /// <summary>Declares average pooling over <paramref name="size"/> × <paramref name="size"/> windows.</summary>
        public AvgPool2DAttribute(int size) => (Height, Width) = (size, size);

        /// <summary>Declares average pooling over <paramref name="height"/> × <paramref name="width"/> windows.</summary>
        public AvgPool2DAttribute(int height, int width) => (Height, Width) = (height, width);

        /// <summary>The window's side, for a square window; its height otherwise.</summary>
        public int Size => Height;

        /// <summary>The window's rows.</summary>
        public int Height { get; }

        /// <summary>The window's columns.</summary>
        public int Width { get; }

        /// <summary>The step between windows, in rows (and columns unless StrideWidth is set); default: the window's height, so windows do not overlap.</summary>
        public int Stride { get; set; }

        /// <summary>The step between windows along the width; default: <see cref="Stride"/> when set, else the window's width.</summary>
        public int StrideWidth { get; set; }

        /// <summary>Padding on every side of the input, at most half the window (default 0). Not combinable with <see cref="Same"/>.</summary>
        public int Padding { get; set; }

        /// <summary>TensorFlow's "SAME" padding: ⌈in / stride⌉ outputs, the padding split with the extra pixel below and right; padding never counts. Default false.</summary>
        public bool Same { get; set; }

        /// <summary>
        /// Whether padding counts as zeros in a mean (the window's full size divides), as PyTorch's <c>count_include_pad</c>
        /// (default true); false divides by the window's pixels inside the map. With <see cref="Same"/> padding never counts.
        /// </summary>
        public bool CountPadding { get; set; } = true;
    }
}
