using System;

namespace NetGen
{
    /// <summary>
    /// Declares max pooling over a sequence, as PyTorch's <c>nn.MaxPool1d</c>: each output is the maximum of a window of
    /// <see cref="Size"/> steps of the sequence below, padded with −∞, which never wins. No parameters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class MaxPool1DAttribute : Attribute
    {
        /// <summary>Declares max pooling over windows of <paramref name="size"/> steps.</summary>
        public MaxPool1DAttribute(int size) => Size = size;

        /// <summary>The window's steps.</summary>
        public int Size { get; }

        /// <summary>The step between windows (default: the window's size, so windows do not overlap).</summary>
        public int Stride { get; set; }

        /// <summary>Padding at both ends of the sequence, at most half the window (default 0). Not combinable with <see cref="Same"/>.</summary>
        public int Padding { get; set; }

        /// <summary>TensorFlow's "SAME" padding: ⌈length / stride⌉ outputs, the padding split with the extra step at the end; padding never counts. Default false.</summary>
        public bool Same { get; set; }
    }
}
