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

        /// <summary>
        /// Computes the outputs of N samples: <paramref name="inputs"/> is N × <see cref="InputSize"/> row-major (N is its length
        /// divided by InputSize), <paramref name="outputs"/> N × <see cref="OutputSize"/>. The batch goes through the layers in
        /// tiles of samples as matrix-matrix products. Keeps no state: safe to call from many threads at once. Each thread
        /// allocates a tile workspace on its first batch and nothing after.
        /// </summary>
        /// <exception cref="ArgumentException">The inputs are not a whole number of samples, or the outputs do not fit them.</exception>
        void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs);

        /// <summary>
        /// <see cref="ForwardBatch(ReadOnlySpan{T}, Span{T})"/> on up to <paramref name="threads"/> threads (the caller's and
        /// NetGen's worker threads, started on first use); every output is the same bits whatever the number of threads.
        /// </summary>
        /// <exception cref="ArgumentException">The inputs are not a whole number of samples, or the outputs do not fit them.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
        void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs, int threads);

        /// <summary>Returns the per-sample loss C(input, target). Keeps no state: safe to call from many threads at once.</summary>
        T ComputeLoss(ReadOnlySpan<T> input, ReadOnlySpan<T> target);
    }
}
