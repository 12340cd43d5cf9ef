using System;
using System.Collections.Generic;

namespace NetGen
{
    /// <summary>Settings of <see cref="INetwork{T}.Train"/>.</summary>
    public sealed class TrainingOptions
    {
        /// <summary>Passes over the whole data set (default 100).</summary>
        public int Epochs { get; set; } = 100;

        /// <summary>Samples per gradient step; the step uses the batch's mean gradient (default 32).</summary>
        public int BatchSize { get; set; } = 32;

        /// <summary>The step size η of θ ← θ − η · (1/B) Σ ∇C (default 0.1).</summary>
        public double LearningRate { get; set; } = 0.1;

        /// <summary>Whether each epoch visits the samples in a new random order (default true).</summary>
        public bool Shuffle { get; set; } = true;

        /// <summary>The seed of the shuffling order (default 0): the same seed gives the same training run.</summary>
        public int Seed { get; set; }

        /// <summary>Receives a report after every epoch, on the training thread. Optional.</summary>
        public IProgress<EpochReport>? Progress { get; set; }
    }

    /// <summary>What one finished epoch reports to <see cref="TrainingOptions.Progress"/>.</summary>
    public readonly struct EpochReport
    {
        /// <summary>Creates a report.</summary>
        public EpochReport(int epoch, int epochs, double loss, TimeSpan elapsed)
        {
            Epoch = epoch;
            Epochs = epochs;
            Loss = loss;
            Elapsed = elapsed;
        }

        /// <summary>The epoch just finished, counting from 1.</summary>
        public int Epoch { get; }

        /// <summary>The number of epochs of the whole run.</summary>
        public int Epochs { get; }

        /// <summary>The mean per-sample loss of the epoch, each sample measured before its batch's update.</summary>
        public double Loss { get; }

        /// <summary>Time since training started.</summary>
        public TimeSpan Elapsed { get; }
    }

    /// <summary>The result of <see cref="INetwork{T}.Train"/>.</summary>
    public sealed class TrainingReport
    {
        /// <summary>Creates a report from the mean loss of every epoch.</summary>
        public TrainingReport(IReadOnlyList<double> epochLosses, TimeSpan elapsed)
        {
            EpochLosses = epochLosses ?? throw new ArgumentNullException(nameof(epochLosses));
            Elapsed = elapsed;
        }

        /// <summary>The mean per-sample loss of every epoch, in order.</summary>
        public IReadOnlyList<double> EpochLosses { get; }

        /// <summary>The mean loss of the last epoch (NaN when no epoch ran).</summary>
        public double FinalLoss => EpochLosses.Count == 0 ? double.NaN : EpochLosses[EpochLosses.Count - 1];

        /// <summary>The wall-clock time of the whole run.</summary>
        public TimeSpan Elapsed { get; }
    }
}
