using System;
using System.Threading;

namespace NetGen.GeneratedCode
{
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
