using System;
using System.Buffers;
using System.ComponentModel;
using System.Threading;

namespace NetGen
{
    /// <summary>
    /// The layer-by-layer forward code of a generated network over one tile of samples, which <see cref="BatchRunner"/> calls.
    /// Generated networks implement it explicitly; user code calls ForwardBatch instead.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IBatchTiles<T> where T : unmanaged
    {
        /// <summary>Writes the outputs of up to <see cref="BatchRunner.TileRows"/> samples (rows of <paramref name="inputs"/>).</summary>
        void ForwardTile(ReadOnlySpan<T> inputs, Span<T> outputs, int rows);
    }

    /// <summary>The backward tile code of a trainable generated network; user code calls BackwardBatch and Train instead.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IBatchGradientTiles<T> : IBatchTiles<T> where T : unmanaged
    {
        /// <summary>Adds the summed ∂C/∂θ of up to <see cref="BatchRunner.TileRows"/> samples into <paramref name="gradient"/> and returns their summed loss.</summary>
        T BackwardTile(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient, int rows);
    }

    /// <summary>
    /// Splits a batch into tiles of <see cref="TileRows"/> samples and runs them on the caller's thread or on up to
    /// <c>threads</c> threads. The tiles depend only on the batch, never on the number of threads, and a batch's gradient is
    /// the sum of its tiles' gradients taken in tile order, each computed from zero: so the result is bit-identical on 1, 2
    /// or 16 threads. Nothing is allocated per call once the worker threads exist and the pooled buffers are warm.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class BatchRunner
    {
        /// <summary>
        /// The samples computed together, layer by layer: enough rows for the matrix-matrix kernels to reuse each weight
        /// they load many times, few enough that a tile's activations stay in the cache and that a batch of 32 (the default
        /// BatchSize) still splits over two cores.
        /// </summary>
        public const int TileRows = 16;

        /// <summary>
        /// The number of samples in inputs of <paramref name="inputLength"/> values (N × <paramref name="inputSize"/>); throws
        /// <see cref="ArgumentException"/> unless it is a whole number of samples and <paramref name="outputLength"/> is N × <paramref name="outputSize"/>.
        /// </summary>
        public static int SampleCount(int inputLength, int inputSize, int outputLength, int outputSize, string outputName)
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
        public static void CheckThreads(int threads)
        {
            if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "At least 1 thread computes a batch.");
        }

        /// <summary>The outputs of every sample, tile by tile, on up to <paramref name="threads"/> threads.</summary>
        public static unsafe void Forward<T>(IBatchTiles<T> network, ReadOnlySpan<T> inputs, Span<T> outputs, int inputSize, int outputSize, int threads)
            where T : unmanaged
        {
            int count = inputs.Length / inputSize, tiles = TileCount(count);
            if (threads <= 1 || tiles <= 1 || !BatchWorkers.TryAcquire())
            {
                for (int tile = 0; tile < tiles; tile++)
                {
                    int start = tile * TileRows, rows = Math.Min(TileRows, count - start);
                    network.ForwardTile(inputs.Slice(start * inputSize, rows * inputSize), outputs.Slice(start * outputSize, rows * outputSize), rows);
                }
                return;
            }

            try
            {
                fixed (T* input = inputs)
                fixed (T* output = outputs)
                {
                    var job = ForwardJob<T>.Shared;
                    job.Set(network, input, output, count, inputSize, outputSize);
                    BatchWorkers.Run(job, tiles, threads);
                    job.Clear();
                }
            }
            finally
            {
                BatchWorkers.Release();
            }
        }

        /// <summary>
        /// Adds the summed ∂C/∂θ of every sample into <paramref name="gradient"/> and returns the summed loss: each tile's
        /// gradient is computed from zero in a buffer of its own, then the tiles are added in order.
        /// </summary>
        public static unsafe T Backward<T>(IBatchGradientTiles<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> gradient,
            int inputSize, int outputSize, int threads) where T : unmanaged
        {
            int count = inputs.Length / inputSize, tiles = TileCount(count), parameters = gradient.Length;
            T loss = default;
            if (threads <= 1 || tiles <= 1 || !BatchWorkers.TryAcquire())
            {
                T[] partialArray = ArrayPool<T>.Shared.Rent(parameters);
                try
                {
                    var partial = partialArray.AsSpan(0, parameters);
                    for (int tile = 0; tile < tiles; tile++)
                    {
                        int start = tile * TileRows, rows = Math.Min(TileRows, count - start);
                        partial.Clear();
                        loss = Arithmetic.Add(loss, network.BackwardTile(
                            inputs.Slice(start * inputSize, rows * inputSize), targets.Slice(start * outputSize, rows * outputSize), partial, rows));
                        Add(gradient, partial);
                    }
                }
                finally
                {
                    ArrayPool<T>.Shared.Return(partialArray);
                }
                return loss;
            }

            T[] partials = ArrayPool<T>.Shared.Rent(tiles * parameters);
            T[] losses = ArrayPool<T>.Shared.Rent(tiles);
            try
            {
                partials.AsSpan(0, tiles * parameters).Clear();
                fixed (T* input = inputs)
                fixed (T* target = targets)
                fixed (T* partial = partials)
                fixed (T* loss0 = losses)
                {
                    var job = BackwardJob<T>.Shared;
                    job.Set(network, input, target, partial, loss0, count, inputSize, outputSize, parameters);
                    BatchWorkers.Run(job, tiles, threads);
                    job.Clear();
                }

                for (int tile = 0; tile < tiles; tile++)
                {
                    loss = Arithmetic.Add(loss, losses[tile]);
                    Add(gradient, partials.AsSpan(tile * parameters, parameters));
                }
                return loss;
            }
            finally
            {
                ArrayPool<T>.Shared.Return(partials);
                ArrayPool<T>.Shared.Return(losses);
                BatchWorkers.Release();
            }
        }

        private static int TileCount(int count) => (count + TileRows - 1) / TileRows;

        private static void Add<T>(Span<T> sum, ReadOnlySpan<T> values) where T : unmanaged
        {
            for (int k = 0; k < sum.Length; k++) sum[k] = Arithmetic.Add(sum[k], values[k]);
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

            public override void Run(int tile)
            {
                int start = tile * TileRows, rows = Math.Min(TileRows, _count - start);
                _network!.ForwardTile(new ReadOnlySpan<T>(_inputs + (long)start * _inputSize, rows * _inputSize),
                    new Span<T>(_outputs + (long)start * _outputSize, rows * _outputSize), rows);
            }
        }

        /// <summary>A batch's gradient as tiles, each into its own slice of the partial sums.</summary>
        private sealed unsafe class BackwardJob<T> : BatchWorkers.TileJob where T : unmanaged
        {
            public static readonly BackwardJob<T> Shared = new();

            private IBatchGradientTiles<T>? _network;
            private T* _inputs, _targets, _partials, _losses;
            private int _count, _inputSize, _outputSize, _parameters;

            public void Set(IBatchGradientTiles<T> network, T* inputs, T* targets, T* partials, T* losses, int count, int inputSize, int outputSize, int parameters)
            {
                _network = network;
                _inputs = inputs;
                _targets = targets;
                _partials = partials;
                _losses = losses;
                (_count, _inputSize, _outputSize, _parameters) = (count, inputSize, outputSize, parameters);
            }

            public void Clear()
            {
                _network = null;
                _inputs = _targets = _partials = _losses = null;
            }

            public override void Run(int tile)
            {
                int start = tile * TileRows, rows = Math.Min(TileRows, _count - start);
                _losses[tile] = _network!.BackwardTile(new ReadOnlySpan<T>(_inputs + (long)start * _inputSize, rows * _inputSize),
                    new ReadOnlySpan<T>(_targets + (long)start * _outputSize, rows * _outputSize),
                    new Span<T>(_partials + (long)tile * _parameters, _parameters), rows);
            }
        }
    }

    /// <summary>
    /// Background threads that run the tiles of one batch at a time alongside the caller. They are started on first use and
    /// then wait on a semaphore, so a parallel batch allocates nothing. One batch uses them at a time: a second caller that
    /// finds them busy computes its batch on its own thread, with the same result.
    /// </summary>
    internal static class BatchWorkers
    {
        /// <summary>A batch's work, one tile at a time; tiles are independent.</summary>
        internal abstract class TileJob
        {
            public abstract void Run(int tile);
        }

        private static readonly object Gate = new();
        private static readonly SemaphoreSlim Start = new(0);
        private static readonly ManualResetEventSlim Done = new(false);
        private static int s_threadCount;
        private static TileJob? s_job;
        private static int s_nextTile, s_tileCount, s_unfinishedHelpers;
        private static Exception? s_failure;

        public static bool TryAcquire() => Monitor.TryEnter(Gate);

        public static void Release() => Monitor.Exit(Gate);

        /// <summary>Runs every tile of <paramref name="job"/> on the caller and up to threads − 1 helpers; the caller holds the gate.</summary>
        public static void Run(TileJob job, int tileCount, int threads)
        {
            int helpers = Math.Min(threads, tileCount) - 1;
            if (s_threadCount == 0 && helpers > 0)
            {
                // The event allocates its lock the first time a wait blocks: let that happen now, not inside some later batch.
                Done.Reset();
                Done.Wait(1);
            }

            while (s_threadCount < helpers)
            {
                new Thread(HelperLoop) { IsBackground = true, Name = "NetGen batch worker " + s_threadCount }.Start();
                s_threadCount++;
            }

            (s_job, s_tileCount, s_nextTile, s_failure, s_unfinishedHelpers) = (job, tileCount, 0, null, helpers);
            Done.Reset();
            if (helpers == 0) Done.Set();
            else Start.Release(helpers);
            RunTiles();
            Done.Wait();
            s_job = null;
            if (s_failure is Exception failure) throw new InvalidOperationException("A batch worker failed.", failure);
        }

        private static void HelperLoop()
        {
            while (true)
            {
                Start.Wait();
                RunTiles();
                if (Interlocked.Decrement(ref s_unfinishedHelpers) == 0) Done.Set();
            }
        }

        private static void RunTiles()
        {
            var job = s_job!;
            int tile;
            while ((tile = Interlocked.Increment(ref s_nextTile) - 1) < s_tileCount)
            {
                try
                {
                    job.Run(tile);
                }
                catch (Exception failure)
                {
                    Interlocked.CompareExchange(ref s_failure, failure, null);
                }
            }
        }
    }
}
