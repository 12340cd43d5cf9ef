using System;

namespace NetGen
{
    /// <summary>
    /// The contract every generated network implements, so that generic code (the gradient checker, trainers,
    /// benchmarks, chained networks) works with any of them. <typeparamref name="T"/> is float or double.
    /// </summary>
    public interface INetwork<T> : IInferenceNetwork<T> where T : unmanaged
    {
        /// <summary>The number of trainable parameters.</summary>
        int ParameterCount { get; }

        /// <summary>
        /// The input size, then the output size of each layer in order (e.g. 2, 4, 1); an image layer counts its flattened
        /// map (C·H·W values).
        /// </summary>
        System.Collections.Generic.IReadOnlyList<int> LayerSizes { get; }

        /// <summary>
        /// The parameter tensors in order, with their state_dict keys, shapes and offsets into <see cref="Parameters"/>:
        /// each Dense layer's weight [units, fanIn] and bias, each Conv2D layer's kernel [filters, channels, k, k] and bias.
        /// </summary>
        System.Collections.Generic.IReadOnlyList<ParameterTensor> ParameterTensors { get; }

        /// <summary>
        /// Every trainable parameter, the tensors of <see cref="ParameterTensors"/> one after the other: for each layer its
        /// weight row-major, then its bias (PyTorch nn.Linear and nn.Conv2d order).
        /// </summary>
        Span<T> Parameters { get; }

        /// <summary>
        /// The buffer tensors in order — state that is not a parameter, such as each BatchNorm's <c>running_mean</c>,
        /// <c>running_var</c> and <c>num_batches_tracked</c> — with their state_dict keys, shapes and offsets into
        /// <see cref="Buffers"/>. Empty for networks without such layers.
        /// </summary>
        System.Collections.Generic.IReadOnlyList<ParameterTensor> BufferTensors { get; }

        /// <summary>
        /// The buffers' values, the tensors of <see cref="BufferTensors"/> one after the other. Gradients and optimizers never
        /// touch them; BackwardBatch and Train update them (training mode), <see cref="Save"/>, <see cref="Load"/> and
        /// <see cref="StateDict"/> carry them. Empty for networks without such layers.
        /// </summary>
        Span<T> Buffers { get; }

        /// <summary>Adds ∂C/∂θ of one sample into <paramref name="gradient"/> (length <see cref="ParameterCount"/>) and returns C.</summary>
        T Backward(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> gradient);

        /// <summary>
        /// Adds ∂C/∂θ into <paramref name="gradient"/>, writes ∂C/∂x into <paramref name="inputGradient"/>
        /// (length <see cref="IInferenceNetwork{T}.InputSize"/>) and returns C.
        /// </summary>
        T Backward(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> gradient, Span<T> inputGradient);

        /// <summary>
        /// Backpropagates a given output gradient instead of this network's loss (a vector-Jacobian product): adds
        /// (∂ŷ/∂θ)ᵀ <paramref name="outputGradient"/> into <paramref name="gradient"/> (length <see cref="ParameterCount"/>),
        /// where <paramref name="outputGradient"/> is ∂C/∂ŷ (length <see cref="IInferenceNetwork{T}.OutputSize"/>) of a cost C
        /// computed downstream, e.g. the input gradient of the network this one feeds. Returns ⟨∂C/∂ŷ, ŷ⟩, the value of
        /// the linear cost whose gradient it adds. The network's loss plays no part; a NaN in the output gradient gives NaN gradients.
        /// </summary>
        T BackwardFromOutput(ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, Span<T> gradient);

        /// <summary>
        /// <see cref="BackwardFromOutput(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>, and writes ∂C/∂x into
        /// <paramref name="inputGradient"/> (length <see cref="IInferenceNetwork{T}.InputSize"/>) to pass on to a network in front of this one.
        /// </summary>
        T BackwardFromOutput(ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, Span<T> gradient, Span<T> inputGradient);

        /// <summary>
        /// Adds ∂C/∂θ summed over N samples into <paramref name="gradient"/> (length <see cref="ParameterCount"/>) and returns
        /// the summed loss: <paramref name="inputs"/> is N × InputSize row-major, <paramref name="targets"/> N × OutputSize. The
        /// batch goes through the layers in tiles of samples as matrix-matrix products; <see cref="Train"/> steps on this sum.
        /// </summary>
        /// <exception cref="ArgumentException">A length does not fit.</exception>
        T BackwardBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient);

        /// <summary>
        /// <see cref="BackwardBatch(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/> on up to <paramref name="threads"/> threads; the
        /// result is the same bits whatever the number of threads (the tiles are fixed and their gradients are added in order).
        /// </summary>
        /// <exception cref="ArgumentException">A length does not fit.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
        T BackwardBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient, int threads);

        /// <summary>One plain stochastic-gradient-descent step on one sample; returns the loss before the update.</summary>
        /// <exception cref="ArgumentException">
        /// A wrong length, a NaN or infinite value, a target the loss cannot take, or a learning rate that is not positive
        /// and finite; the parameters are unchanged.
        /// </exception>
        T TrainStep(ReadOnlySpan<T> input, ReadOnlySpan<T> target, T learningRate);

        /// <summary>
        /// Trains on <paramref name="inputs"/> (N × InputSize, row-major) and <paramref name="targets"/> (N × OutputSize):
        /// epochs of shuffled minibatches, one step on the mean gradient of each batch. Afterwards the parameters are finite,
        /// or the call threw and left them unchanged (see <see cref="NetworkTrainer.Train{T}"/>).
        /// </summary>
        TrainingReport Train(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, TrainingOptions options);

        /// <summary>Writes the parameters to <paramref name="stream"/> in the <see cref="WeightFile"/> format.</summary>
        void Save(System.IO.Stream stream);

        /// <summary>
        /// Reads parameters written by <see cref="Save"/>. Everything is checked first: a file for another architecture or
        /// precision, or a truncated or corrupted one, throws <see cref="System.IO.InvalidDataException"/> and changes nothing.
        /// </summary>
        void Load(System.IO.Stream stream);
    }
}
