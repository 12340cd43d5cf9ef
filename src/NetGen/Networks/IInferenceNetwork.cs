using System;

namespace NetGen
{
    /// <summary>
    /// What every generated network can do, including the inference-only <c>[Network(Frozen = true)]</c> form whose
    /// weights are constants in the code: compute outputs and losses.
    /// </summary>
    public interface IInferenceNetwork<T> where T : unmanaged
    {
        /// <summary>The length of an input vector.</summary>
        int InputSize { get; }

        /// <summary>The length of an output vector.</summary>
        int OutputSize { get; }

        /// <summary>
        /// The architecture in one line (input size, each layer's units and activation with its parameters, loss,
        /// precision). Weight files record it, and <see cref="INetwork{T}.Load"/> accepts only files of the same architecture.
        /// </summary>
        string Architecture { get; }

        /// <summary>The loss declared in <c>[Network]</c>: what <see cref="ComputeLoss"/> computes and training minimises.</summary>
        Loss Loss { get; }

        /// <summary>Computes the network's output for one sample. Keeps no state: safe to call from many threads at once.</summary>
        void Forward(ReadOnlySpan<T> input, Span<T> output);

        /// <summary>Returns the per-sample loss C(input, target). Keeps no state: safe to call from many threads at once.</summary>
        T ComputeLoss(ReadOnlySpan<T> input, ReadOnlySpan<T> target);
    }
}
