using System;
using System.Collections.Generic;

namespace NetGen
{
    /// <summary>
    /// One named tensor of a network's parameters: its PyTorch <c>state_dict</c> key (<c>layers.0.weight</c>), its shape and
    /// where its values sit in <see cref="INetwork{T}.Parameters"/> (row-major, as PyTorch stores it). Generated networks
    /// list theirs in <see cref="INetwork{T}.ParameterTensors"/>; state_dict JSON is read and written from this list.
    /// </summary>
    public sealed class ParameterTensor
    {
        /// <summary>Describes the tensor <paramref name="key"/> of shape <paramref name="shape"/> starting at <paramref name="offset"/>.</summary>
        public ParameterTensor(string key, int offset, params int[] shape)
        {
            Key = key ?? throw new ArgumentNullException(nameof(key));
            if (shape is null || shape.Length == 0) throw new ArgumentException("A tensor has at least one dimension.", nameof(shape));
            if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset), offset, "Must be zero or more.");
            int length = 1;
            foreach (int size in shape)
                length = size >= 1 ? checked(length * size) : throw new ArgumentOutOfRangeException(nameof(shape), size, "Every dimension must be at least 1.");
            Shape = (int[])shape.Clone();
            Offset = offset;
            Length = length;
        }

        /// <summary>The state_dict key: <c>layers.{index of the layer among the declared layers}.{weight or bias}</c>.</summary>
        public string Key { get; }

        /// <summary>The dimensions, outermost first: [out, in] for a Dense weight, [filters, channels, k, k] for a Conv2D kernel.</summary>
        public IReadOnlyList<int> Shape { get; }

        /// <summary>The index of the tensor's first value in the parameters.</summary>
        public int Offset { get; }

        /// <summary>The number of values (the product of the dimensions).</summary>
        public int Length { get; }
    }
}
