using System;
using System.Buffers;
using System.ComponentModel;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// Splits a batch into tiles of <see cref="TileRows"/> samples (and its gradient into parts) and runs them on the caller's
    /// thread or on up to <c>threads</c> threads. The tiles and parts depend only on the network and the batch, never on the
    /// number of threads, and every value is computed by one thread in one fixed order: so the result is bit-identical on 1,
    /// 2 or 16 threads. Nothing is allocated per call once the worker threads exist and the pooled buffers are warm.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class BatchRunner
    {
        /// <summary>
        /// The samples computed together, layer by layer: enough rows for the matrix-matrix kernels to reuse each weight
        /// they load many times, few enough that a tile's activations stay in the cache and that a batch of 32 (the default
        /// BatchSize) still splits over two cores.
        /// </summary>
        public const int TileRows = BatchTiling.Rows;

        /// <summary>
        /// The number of samples in inputs of <paramref name="inputLength"/> values (N × <paramref name="inputSize"/>); throws
        /// <see cref="ArgumentException"/> unless it is a whole number of samples and <paramref name="outputLength"/> is N × <paramref name="outputSize"/>.
        /// </summary>
        private static int SampleCount(int inputLength, int inputSize, int outputLength, int outputSize, string outputName)
        {
            int count = inputLength / inputSize;
            if (count * inputSize != inputLength)
                throw new ArgumentException(
                    $"inputs has {Wording.Count(inputLength, "value")}, not a whole number of samples of InputSize {inputSize}.", "inputs");
            if (outputLength != count * outputSize)
                throw new ArgumentException(
                    $"{outputName} has {Wording.Count(outputLength, "value")}; {Wording.Count(count, "sample")} of OutputSize {outputSize} need {count * outputSize}.", outputName);
            return count;
        }

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="threads"/> is at least 1.</summary>
        private static void CheckThreads(int threads)
        {
            if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "At least 1 thread computes a batch.");
        }

        /// <summary>The outputs of every sample, tile by tile, on up to <paramref name="threads"/> threads.</summary>
        public static unsafe void Forward<T>(IBatchTiles<T> network, ReadOnlySpan<T> inputs, Span<T> outputs, int inputSize, int outputSize, int threads)
            where T : unmanaged
        {
            CheckThreads(threads);
            int count = SampleCount(inputs.Length, inputSize, outputs.Length, outputSize, nameof(outputs)), tiles = TileCount(count);
            if (threads <= 1 || tiles <= 1 || !BatchWorkers.TryAcquire())
            {
                for (int tile = 0; tile < tiles; tile++) RunForwardTile(network, inputs, outputs, inputSize, outputSize, tile);
                return;
            }

            try
            {
                fixed (T* input = inputs)
                fixed (T* output = outputs)
                {
                    var job = ForwardJob<T>.Shared;
                    job.Set(network, input, output, count, inputSize, outputSize);
                    try
                    {
                        BatchWorkers.Run(job, tiles, threads);
                    }
                    finally
                    {
                        job.Clear(); // the pointers are pinned only inside this block
                    }
                }
            }
            finally
            {
                BatchWorkers.Release();
            }
        }

        /// <summary>
        /// Adds the summed ∂C/∂θ of every sample into <paramref name="gradient"/> and returns the summed loss. Phase 1 computes
        /// every sample's values tile by tile; phase 2 adds each gradient part summed over the samples in order. Every value
        /// has one thread computing it in one fixed order, so any number of threads gives the same bits.
        /// </summary>
        public static T Backward<T>(IBatchGradientTiles<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient,
            int inputSize, int outputSize, int threads) where T : unmanaged =>
            Backward(network, inputs, targets, gradient, inputSize, outputSize, threads, noise: 0);

        /// <summary>
        /// Backward for a network with training noise (dropout): <paramref name="noise"/> is the step's stream of
        /// <see cref="TrainingNoise"/>, which every tile reads with its samples' positions in the batch.
        /// </summary>
        public static unsafe T Backward<T>(IBatchGradientTiles<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient,
            int inputSize, int outputSize, int threads, ulong noise) where T : unmanaged
        {
            CheckThreads(threads);
            int count = SampleCount(inputs.Length, inputSize, targets.Length, outputSize, nameof(targets)), tiles = TileCount(count);
            T loss = default;
            if (count == 0) return loss;
            long values64 = WorkspaceValues(network, count);
            if (values64 > MaxBatchValues)
                throw new ArgumentException(
                    $"{Wording.Count(count, "sample")} need {values64:N0} workspace values in one BackwardBatch, more than an array holds; pass fewer samples per call.", nameof(inputs));
            int valueCount = (int)values64;
            T[] valueArray = ArrayPool<T>.Shared.Rent(valueCount);
            T[] losses = ArrayPool<T>.Shared.Rent(tiles);
            bool parallel = threads > 1 && BatchWorkers.TryAcquire();
            try
            {
                var values = valueArray.AsSpan(0, valueCount);
                int stages = network.BatchStages;
                if (!parallel)
                {
                    for (int stage = 0; stage < stages; stage++)
                    {
                        if (stage > 0) network.ReduceBatch(values, count, stage - 1);
                        for (int tile = 0; tile < tiles; tile++) losses[tile] = WithStageLoss(losses[tile], stage, RunBackwardTile(network, inputs, targets, values, count, tile, noise, stage));
                    }
                    for (int part = 0; part < network.GradientParts; part++) network.AddGradientPart(inputs, values, count, gradient, part);
                }
                else
                {
                    fixed (T* input = inputs)
                    fixed (T* target = targets)
                    fixed (T* value = valueArray)
                    fixed (T* loss0 = losses)
                    fixed (T* gradient0 = gradient)
                    {
                        var job = BackwardJob<T>.Shared;
                        job.Set(network, input, target, value, loss0, gradient0, count, inputSize, outputSize, valueCount, gradient.Length, noise);
                        try
                        {
                            for (int stage = 0; stage < stages; stage++)
                            {
                                if (stage > 0) network.ReduceBatch(values, count, stage - 1);
                                job.Stage = stage;
                                BatchWorkers.Run(job, tiles, threads);
                            }
                            job.Phase = BackwardPhase.Gradient;
                            BatchWorkers.Run(job, network.GradientParts, threads);
                        }
                        finally
                        {
                            job.Clear(); // the pointers are pinned only inside this block
                        }
                    }
                }

                for (int tile = 0; tile < tiles; tile++) loss = Arithmetic.Add(loss, losses[tile]);
                return loss;
            }
            finally
            {
                ArrayPool<T>.Shared.Return(valueArray);
                ArrayPool<T>.Shared.Return(losses);
                if (parallel) BatchWorkers.Release();
            }
        }

        /// <summary>
        /// The values of the batch workspace BackwardBatch rents for <paramref name="count"/> samples: each sample's A, Z and Δ,
        /// then the batch statistics (what the generated BackwardBatchBytesPerSample and BatchStatisticsBytes state in bytes).
        /// </summary>
        public static long WorkspaceValues<T>(IBatchGradientTiles<T> network, int count) where T : unmanaged =>
            (long)count * network.BatchValuesPerSample + network.BatchStatisticsValues;

        /// <summary>A tile's loss after stage <paramref name="stage"/>: the first stage's result, plus each later one's (0 from stages without the loss).</summary>
        private static T WithStageLoss<T>(T tileLoss, int stage, T stageLoss) where T : unmanaged => stage == 0 ? stageLoss : Arithmetic.Add(tileLoss, stageLoss);

        /// <summary>The largest batch workspace one BackwardBatch rents (the array pool's and .NET's array limit).</summary>
        private const int MaxBatchValues = 0x7FFFFFC7;

        private static int TileCount(int count) => (count + TileRows - 1) / TileRows;

        /// <summary>Tile <paramref name="tile"/>'s rows of the batch through ForwardTile: the one place that cuts a forward batch.</summary>
        private static void RunForwardTile<T>(IBatchTiles<T> network, ReadOnlySpan<T> inputs, Span<T> outputs, int inputSize, int outputSize, int tile)
            where T : unmanaged
        {
            int start = tile * TileRows, rows = Math.Min(TileRows, inputs.Length / inputSize - start);
            network.ForwardTile(inputs.Slice(start * inputSize, rows * inputSize), outputs.Slice(start * outputSize, rows * outputSize), rows);
        }

        /// <summary>Tile <paramref name="tile"/>'s rows of a batch of <paramref name="count"/> through BackwardRows; returns their summed loss.</summary>
        private static T RunBackwardTile<T>(IBatchGradientTiles<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> values, int count, int tile,
            ulong noise, int stage) where T : unmanaged
        {
            int first = tile * TileRows;
            return network.BackwardRows(inputs, targets, values, count, first, Math.Min(TileRows, count - first), noise, stage);
        }

        /// <summary>A batch's forward pass as tiles; its pointers are the caller's pinned spans, valid while it runs.</summary>
        private sealed unsafe class ForwardJob<T> : BatchWorkers.TileJob where T : unmanaged
        {
            // One instance per element type, used only while holding BatchWorkers' gate.
            public static readonly ForwardJob<T> Shared = new();

            private IBatchTiles<T>? _network;
            private T* _inputs, _outputs;
            private int _count, _inputSize, _outputSize;

            public void Set(IBatchTiles<T> network, T* inputs, T* outputs, int count, int inputSize, int outputSize)
            {
                _network = network;
                _inputs = inputs;
                _outputs = outputs;
                (_count, _inputSize, _outputSize) = (count, inputSize, outputSize);
            }

            public void Clear()
            {
                _network = null;
                _inputs = _outputs = null;
            }

            public override void Run(int tile) => RunForwardTile(_network!, new ReadOnlySpan<T>(_inputs, _count * _inputSize),
                new Span<T>(_outputs, _count * _outputSize), _inputSize, _outputSize, tile);
        }

        private enum BackwardPhase
        {
            Values,
            Gradient,
        }

        /// <summary>A batch's backpropagation: phase 1 runs tiles, phase 2 gradient parts.</summary>
        private sealed unsafe class BackwardJob<T> : BatchWorkers.TileJob where T : unmanaged
        {
            public static readonly BackwardJob<T> Shared = new();

            private IBatchGradientTiles<T>? _network;
            private T* _inputs, _targets, _values, _losses, _gradient;
            private int _count, _inputSize, _outputSize, _valueCount, _parameters;
            private ulong _noise;

            public BackwardPhase Phase { get; set; }

            /// <summary>The stage of phase 1 the tiles compute.</summary>
            public int Stage { get; set; }

            public void Set(IBatchGradientTiles<T> network, T* inputs, T* targets, T* values, T* losses, T* gradient,
                int count, int inputSize, int outputSize, int valueCount, int parameters, ulong noise)
            {
                _noise = noise;
                _network = network;
                _inputs = inputs;
                _targets = targets;
                _values = values;
                _losses = losses;
                _gradient = gradient;
                (_count, _inputSize, _outputSize, _valueCount, _parameters) = (count, inputSize, outputSize, valueCount, parameters);
                Phase = BackwardPhase.Values;
                Stage = 0;
            }

            public void Clear()
            {
                _network = null;
                _inputs = _targets = _values = _losses = _gradient = null;
            }

            public override void Run(int item)
            {
                var inputs = new ReadOnlySpan<T>(_inputs, _count * _inputSize);
                var values = new Span<T>(_values, _valueCount);
                if (Phase == BackwardPhase.Values)
                {
                    T loss = RunBackwardTile(_network!, inputs, new ReadOnlySpan<T>(_targets, _count * _outputSize), values, _count, item, _noise, Stage);
                    _losses[item] = WithStageLoss(_losses[item], Stage, loss);
                }
                else _network!.AddGradientPart(inputs, values, _count, new Span<T>(_gradient, _parameters), item);
            }
        }
    }
}
