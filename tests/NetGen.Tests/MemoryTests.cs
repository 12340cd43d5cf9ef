using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using NetGen.GeneratedCode;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>
    /// Each network's memory constants (ParameterBytes, BufferBytes, WorkspaceBytes, BatchWorkspaceBytes,
    /// BackwardBatchBytesPerSample, BatchStatisticsBytes) against what the runtime really allocates: the bytes a fresh thread
    /// allocates on its first calls, the object a constructor allocates, and the batch workspace BackwardBatch rents.
    /// </summary>
    public class MemoryTests
    {
        /// <summary>What a generated class states, read from its constants.</summary>
        public sealed record Stated(int ParameterBytes, int BufferBytes, int WorkspaceBytes, int BatchWorkspaceBytes,
            int BackwardBatchBytesPerSample, int BatchStatisticsBytes);

        /// <summary>
        /// What constructing a network allocates besides its parameters and buffers: the object's header and other fields, the
        /// seeded generator that draws the initial parameters and the buffer array's header. Far below the parameters of the
        /// larger networks here, so a wrong ParameterBytes cannot hide in it.
        /// </summary>
        private const int ConstructionOverhead = 128;

        [Fact]
        public void Dense_float() => Check(() => new XorNet(), new Stated(XorNet.ParameterBytes, XorNet.BufferBytes, XorNet.WorkspaceBytes,
            XorNet.BatchWorkspaceBytes, XorNet.BackwardBatchBytesPerSample, XorNet.BatchStatisticsBytes));

        [Fact]
        public void Wide_dense_float() => Check(() => new WideNet(), new Stated(WideNet.ParameterBytes, WideNet.BufferBytes, WideNet.WorkspaceBytes,
            WideNet.BatchWorkspaceBytes, WideNet.BackwardBatchBytesPerSample, WideNet.BatchStatisticsBytes));

        [Fact]
        public void Convolutional_float() => Check(() => new FashionNet(), new Stated(FashionNet.ParameterBytes, FashionNet.BufferBytes,
            FashionNet.WorkspaceBytes, FashionNet.BatchWorkspaceBytes, FashionNet.BackwardBatchBytesPerSample, FashionNet.BatchStatisticsBytes));

        [Fact]
        public void Separable_double() => Check(() => new SeparableNet(), new Stated(SeparableNet.ParameterBytes, SeparableNet.BufferBytes,
            SeparableNet.WorkspaceBytes, SeparableNet.BatchWorkspaceBytes, SeparableNet.BackwardBatchBytesPerSample, SeparableNet.BatchStatisticsBytes));

        [Fact]
        public void Causal_sequence_double() => Check(() => new CausalNet(), new Stated(CausalNet.ParameterBytes, CausalNet.BufferBytes,
            CausalNet.WorkspaceBytes, CausalNet.BatchWorkspaceBytes, CausalNet.BackwardBatchBytesPerSample, CausalNet.BatchStatisticsBytes));

        [Fact]
        public void Dense_batch_norm_double() => Check(() => new DenseBatchNormNet(), new Stated(DenseBatchNormNet.ParameterBytes,
            DenseBatchNormNet.BufferBytes, DenseBatchNormNet.WorkspaceBytes, DenseBatchNormNet.BatchWorkspaceBytes,
            DenseBatchNormNet.BackwardBatchBytesPerSample, DenseBatchNormNet.BatchStatisticsBytes));

        [Fact]
        public void Convolutional_batch_norm_float() => Check(() => new ConvBatchNormFloatNet(), new Stated(ConvBatchNormFloatNet.ParameterBytes,
            ConvBatchNormFloatNet.BufferBytes, ConvBatchNormFloatNet.WorkspaceBytes, ConvBatchNormFloatNet.BatchWorkspaceBytes,
            ConvBatchNormFloatNet.BackwardBatchBytesPerSample, ConvBatchNormFloatNet.BatchStatisticsBytes));

        [Fact]
        public void Recurrent_float() => Check(() => new RecurrentNet(), new Stated(RecurrentNet.ParameterBytes, RecurrentNet.BufferBytes,
            RecurrentNet.WorkspaceBytes, RecurrentNet.BatchWorkspaceBytes, RecurrentNet.BackwardBatchBytesPerSample, RecurrentNet.BatchStatisticsBytes));

        [Fact]
        public void The_constants_are_the_sizes_they_multiply()
        {
            Assert.Equal(XorNet.ParameterCount * sizeof(float), XorNet.ParameterBytes);
            Assert.Equal(DenseBatchNormNet.BufferCount * sizeof(double), DenseBatchNormNet.BufferBytes);
            Assert.Equal(0, XorNet.WorkspaceBytes);
            Assert.Equal(0, XorNet.BatchStatisticsBytes);
            Assert.True(DenseBatchNormNet.BatchStatisticsBytes > 0);
        }

        private static void Check<T>(Func<INetwork<T>> create, Stated stated) where T : unmanaged
        {
            // JIT and type initialisation on this thread first, so the fresh thread below allocates only what the calls need.
            var network = create();
            var (input, target, gradient) = (new T[network.InputSize], new T[network.OutputSize], new T[network.ParameterCount]);
            var (inputs, outputs, targets) = (new T[2 * network.InputSize], new T[2 * network.OutputSize], new T[2 * network.OutputSize]);
            network.Forward(input, target);
            network.Backward(input, target, gradient);
            network.ForwardBatch(inputs, outputs);
            network.BackwardBatch(inputs, targets, gradient);

            long constructed = Allocated(() => create());
            Assert.InRange(constructed - (stated.ParameterBytes + stated.BufferBytes), 0, ConstructionOverhead);

            long forward = 0, backward = 0, forwardBatch = 0, secondBatch = 0, workspace = 0, tileWorkspace = 0;
            RunOnFreshThread(() =>
            {
                // Reading the thread's workspaces first (both still null) makes the runtime set up the class's thread-static
                // storage for this thread, which it grows on a first access: what remains is what the calls allocate.
                Assert.Equal(0, WorkspaceBytesOf(network, "t_tileWorkspace"));
                Assert.Equal(0, WorkspaceBytesOf(network, "t_workspace"));
                forward = Allocated(() => network.Forward(input, target));
                backward = Allocated(() => network.Backward(input, target, gradient));
                forwardBatch = Allocated(() => network.ForwardBatch(inputs, outputs));
                secondBatch = Allocated(() => network.ForwardBatch(inputs, outputs));
                workspace = WorkspaceBytesOf(network, "t_workspace");
                tileWorkspace = WorkspaceBytesOf(network, "t_tileWorkspace");
            });
            Assert.Equal(stated.WorkspaceBytes, workspace);
            Assert.Equal(ArrayBytes(stated.WorkspaceBytes), forward);
            Assert.Equal(0, backward); // the same workspace
            Assert.Equal(stated.BatchWorkspaceBytes, tileWorkspace);
            Assert.Equal(ArrayBytes(stated.BatchWorkspaceBytes), forwardBatch);
            Assert.Equal(0, secondBatch);

            // BackwardBatch rents its workspace from the shared array pool, whose arrays move between threads: the pooled
            // size is what the runner asks for.
            var tiles = (IBatchGradientTiles<T>)network;
            foreach (int samples in new[] { 1, 16, 33 })
                Assert.Equal((long)samples * stated.BackwardBatchBytesPerSample + stated.BatchStatisticsBytes,
                    BatchRunner.WorkspaceValues(tiles, samples) * Unsafe.SizeOf<T>());
        }

        /// <summary>The bytes of this thread's workspace array <paramref name="field"/> (0 while it is unallocated or the class has none).</summary>
        private static long WorkspaceBytesOf<T>(INetwork<T> network, string field) where T : unmanaged =>
            network.GetType().GetField(field, BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) is T[] array
                ? (long)array.Length * Unsafe.SizeOf<T>()
                : 0;

        /// <summary>The bytes this thread allocates while <paramref name="action"/> runs.</summary>
        private static long Allocated(Action action)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        /// <summary>The heap bytes of an array of <paramref name="payload"/> bytes: its header, the payload, rounded to a pointer; none for none.</summary>
        private static long ArrayBytes(long payload) =>
            payload == 0 ? 0 : (3 * IntPtr.Size + payload + IntPtr.Size - 1) / IntPtr.Size * IntPtr.Size;

        private static void RunOnFreshThread(Action action)
        {
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try { action(); }
                catch (Exception e) { failure = e; }
            });
            thread.Start();
            thread.Join();
            if (failure is not null) throw new AggregateException(failure);
        }
    }
}
