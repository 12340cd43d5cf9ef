using System;

namespace NetGen
{
    /// <summary>
    /// Declares max pooling, as PyTorch's <c>nn.MaxPool2d</c>: each output is the maximum of a window of the map below, padded
    /// with −∞, which never wins. No parameters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class MaxPool2DAttribute : Attribute
    {
        /// <summary>Declares max pooling over <paramref name="size"/> × <paramref name="size"/> windows.</summary>
        public MaxPool2DAttribute(int size) => (Height, Width) = (size, size);

        /// <summary>Declares max pooling over <paramref name="height"/> × <paramref name="width"/> windows.</summary>
        public MaxPool2DAttribute(int height, int width) => (Height, Width) = (height, width);

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
    }
}
