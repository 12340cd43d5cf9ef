using System;

namespace NetGen
{
    /// <summary>
    /// Declares the network's input: a vector of <see cref="Size"/> values, a sequence (1-D map) of <see cref="Channels"/> ×
    /// <see cref="Width"/> values stored C, L row-major (PyTorch's NCL for one sample), or an image of <see cref="Channels"/> ×
    /// <see cref="Height"/> × <see cref="Width"/> values stored C, H, W row-major (PyTorch's NCHW for one sample).
    /// Exactly one per network. A vector with <see cref="Steps"/> is a sequence of that many steps for recurrent layers.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class InputAttribute : Attribute
    {
        /// <summary>Declares an input vector of <paramref name="size"/> values.</summary>
        public InputAttribute(int size) => (Size, Channels, Height, Width) = (size, size, 1, 1);

        /// <summary>Declares an input sequence (1-D map) of <paramref name="channels"/> × <paramref name="length"/> values, for Conv1D and 1-D pooling.</summary>
        public InputAttribute(int channels, int length) => (Size, Channels, Height, Width) = (channels * length, channels, 1, length);

        /// <summary>Declares an input image (feature map) of <paramref name="channels"/> × <paramref name="height"/> × <paramref name="width"/> values.</summary>
        public InputAttribute(int channels, int height, int width) => (Size, Channels, Height, Width) = (channels * height * width, channels, height, width);

        /// <summary>The number of input values (C·H·W for an image).</summary>
        public int Size { get; }

        /// <summary>The image's channels (the vector's size for a vector input).</summary>
        public int Channels { get; }

        /// <summary>The image's height in pixels (1 for a vector or a sequence).</summary>
        public int Height { get; }

        /// <summary>The image's width in pixels, or the sequence's length (1 for a vector input).</summary>
        public int Width { get; }

        /// <summary>
        /// The number of steps L of a sequence for recurrent layers ([LSTM], [GRU], [RNN]): the input is then L steps of
        /// <see cref="Size"/> features, stored step-major (L × features, PyTorch's <c>batch_first</c> for one sample), and the
        /// network's InputSize is L · features. A network with a recurrent layer needs it (NG0042); at least 1 (NG0043).
        /// </summary>
        public int Steps { get; set; }
    }
}
