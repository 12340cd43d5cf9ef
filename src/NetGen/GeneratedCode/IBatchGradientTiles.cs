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

        /// <summary>The batch-wide values after count × BatchValuesPerSample in the workspace: statistics of the whole batch (BatchNorm's).</summary>
        int BatchStatisticsValues { get; }

        /// <summary>
        /// The stages of phase 1: 1, or with layers that need statistics of the whole batch, one more forward and one more
        /// backward stage for each; <see cref="ReduceBatch"/> runs between two stages.
        /// </summary>
        int BatchStages { get; }

        /// <summary>
        /// Phase 1 for rows [<paramref name="first"/>, first + <paramref name="rows"/>) of a batch of <paramref name="count"/>
        /// samples: the forward pass, the loss and every layer's δ into <paramref name="values"/> (count × BatchValuesPerSample,
        /// each quantity a count-row matrix); returns the rows' summed loss. <paramref name="noise"/> is the step's stream of
        /// <see cref="TrainingNoise"/> for networks with dropout (0 and unread for the others). With several
        /// <see cref="BatchStages"/>, computes stage <paramref name="stage"/> of it (the loss comes from one of them, 0 from the others).
        /// </summary>
        T BackwardRows(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> values, int count, int first, int rows, ulong noise, int stage);

        /// <summary>
        /// Between stage <paramref name="reduction"/> and the next, on one thread: the statistics of the whole batch a layer
        /// needs (and the running statistics it updates). Only networks with more than one stage are asked.
        /// </summary>
        void ReduceBatch(Span<T> values, int count, int reduction);

        /// <summary>Phase 2: adds part <paramref name="part"/> of the batch's summed ∂C/∂θ into <paramref name="gradient"/>, summing over the samples in order.</summary>
        void AddGradientPart(ReadOnlySpan<T> inputs, ReadOnlySpan<T> values, int count, Span<T> gradient, int part);
    }
}
