using System;

namespace NetGen
{
    /// <summary>
    /// Declares max pooling, as PyTorch's <c>nn.MaxPool2d</c> without padding: each output is the maximum of a
    /// <see cref="Size"/> × <see cref="Size"/> window of the map below. No parameters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class MaxPool2DAttribute : Attribute
    {
        /// <summary>Declares max pooling over <paramref name="size"/> × <paramref name="size"/> windows.</summary>
        public MaxPool2DAttribute(int size) => Size = size;

        /// <summary>The side of the square window.</summary>
        public int Size { get; }

        /// <summary>The step between windows, in pixels (default: the window's size, so windows do not overlap).</summary>
        public int Stride { get; set; }
    }
}
