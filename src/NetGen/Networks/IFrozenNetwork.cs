using System;
using System.Collections.Generic;

namespace NetGen
{
    /// <summary>
    /// What a <c>[Network(Frozen = true)]</c> class implements: inference, and its compiled-in weights to read (not to
    /// change), with the same keys, shapes and layout as a trainable network's, so that <see cref="OnnxModel"/> and other
    /// readers of weights take frozen and trainable networks alike.
    /// </summary>
    public interface IFrozenNetwork<T> : IInferenceNetwork<T> where T : unmanaged
    {
        /// <summary>The parameter tensors in order, with their state_dict keys, shapes and offsets into <see cref="Parameters"/>.</summary>
        IReadOnlyList<ParameterTensor> ParameterTensors { get; }

        /// <summary>The compiled-in parameters, laid out as <see cref="INetwork{T}.Parameters"/>.</summary>
        ReadOnlySpan<T> Parameters { get; }

        /// <summary>The buffer tensors (BatchNorm's running statistics) with their keys, shapes and offsets into <see cref="Buffers"/>; empty without such layers.</summary>
        IReadOnlyList<ParameterTensor> BufferTensors { get; }

        /// <summary>The compiled-in buffers, laid out as <see cref="INetwork{T}.Buffers"/>; empty without such layers.</summary>
        ReadOnlySpan<T> Buffers { get; }
    }
}
