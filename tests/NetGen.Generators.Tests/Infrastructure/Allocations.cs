using System;
using Xunit;

namespace NetGen.Generators.Tests.Infrastructure
{
    /// <summary>Zero bytes per call once warm: the check every kind's tests run on their generated networks.</summary>
    internal static class Allocations
    {
        /// <summary>
        /// Asserts that Forward, ComputeLoss, Backward, BackwardFromOutput and TrainStep on the first sample, and ForwardBatch and
        /// BackwardBatch (one thread) on the whole batch, allocate nothing on this thread after five warm-up rounds.
        /// </summary>
        public static void AssertEveryCallAllocatesNothing(INetwork<double> network, double[] inputs, double[] targets)
        {
            var x = inputs.AsSpan(0, network.InputSize).ToArray();
            var y = targets.AsSpan(0, network.OutputSize).ToArray();
            double[] output = new double[network.OutputSize], outputs = new double[targets.Length];
            double[] gradient = new double[network.ParameterCount], inputGradient = new double[network.InputSize];

            void Calls()
            {
                network.Forward(x, output);
                network.ComputeLoss(x, y);
                network.Backward(x, y, gradient, inputGradient);
                network.BackwardFromOutput(x, y, gradient, inputGradient);
                network.TrainStep(x, y, 0.001);
                network.ForwardBatch(inputs, outputs, threads: 1);
                network.BackwardBatch(inputs, targets, gradient, threads: 1);
            }

            Assert.Equal(0, FewestBytesPerTenRounds(Calls));
        }

        /// <summary>
        /// The fewest bytes this thread allocates in ten rounds of <paramref name="calls"/>, over three tries after five warm-up
        /// rounds. A per-call allocation shows in every try; a one-off does not fail the check: the shared ArrayPool behind the
        /// batch workspaces may have trimmed its arrays after a gen-2 collection while the other tests ran, and renting then
        /// allocates once (seen in a busy test run: 4,720 and 7,616 bytes, never twice in a row).
        /// </summary>
        public static long FewestBytesPerTenRounds(Action calls)
        {
            for (int warmUp = 0; warmUp < 5; warmUp++) calls();
            long fewest = long.MaxValue;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int call = 0; call < 10; call++) calls();
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            return fewest;
        }
    }
}
