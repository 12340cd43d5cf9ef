using System;

namespace NetGen
{
    /// <summary>
    /// Declares average pooling over a sequence, as PyTorch's <c>nn.AvgPool1d</c>: each output is the mean of a window of
    /// <see cref="Size"/> steps of the sequence below, padded with zeros that count in the mean unless CountPadding = false. No parameters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class AvgPool1DAttribute : Attribute
    {
        /// <summary>Declares average pooling over windows of <paramref name="size"/> steps.</summary>
        public AvgPool1DAttribute(int size) => Size = size;

        /// <summary>The window's steps.</summary>
        public int Size { get; }

        /// <summary>The step between windows (default: the window's size, so windows do not overlap).</summary>
        public int Stride { get; set; }

        /// <summary>Padding at both ends of the sequence, at most half the window (default 0). Not combinable with <see cref="Same"/>.</summary>
        public int Padding { get; set; }

        /// <summary>TensorFlow's "SAME" padding: ⌈length / stride⌉ outputs, the padding split with the extra step at the end; padding never counts. Default false.</summary>
        public bool Same { get; set; }

        /// <summary>
        /// Whether padding counts as zeros in a mean (the window's full size divides), as PyTorch's <c>count_include_pad</c>
        /// (default true); false divides by the window's steps inside the sequence. With <see cref="Same"/> padding never counts.
        /// </summary>
        public bool CountPadding { get; set; } = true;
    }
}
