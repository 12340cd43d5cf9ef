using System;
using System.ComponentModel;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// The batched backpropagation of a trainable generated network, in two phases that <see cref="BatchRunner"/> runs:
    /// first the forward pass, the loss and every δ, tile by tile, into a batch-wide workspace; then the parameter gradient,
    /// part by part, each part summing over the whole batch. User code calls BackwardBatch and Train instead.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IBatchGradientTiles<T> : IBatchTiles<T> where T : unmanaged
    {
        /// <summary>The workspace values one sample takes: A and Δ of every layer, and Z of every layer with an activation stage.</summary>
        int BatchValuesPerSample { get; }

        /// <summary>The independent parts of the parameter gradient (blocks of a layer's rows, or a whole layer).</summary>
        int GradientParts { get; }

        /// <summary>
        /// Phase 1 for rows [<paramref name="first"/>, first + <paramref name="rows"/>) of a batch of <paramref name="count"/>
        /// samples: the forward pass, the loss and every layer's δ into <paramref name="values"/> (count × BatchValuesPerSample,
        /// each quantity a count-row matrix); returns the rows' summed loss. <paramref name="noise"/> is the step's stream of
        /// <see cref="TrainingNoise"/> for networks with dropout (0 and unread for the others).
        /// </summary>
        T BackwardRows(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> values, int count, int first, int rows, ulong noise);

        /// <summary>Phase 2: adds part <paramref name="part"/> of the batch's summed ∂C/∂θ into <paramref name="gradient"/>, summing over the samples in order.</summary>
        void AddGradientPart(ReadOnlySpan<T> inputs, ReadOnlySpan<T> values, int count, Span<T> gradient, int part);
    }
}
