using System;
using System.Collections.Generic;

namespace NetGen
{
    /// <summary>The result of <see cref="INetwork{T}.Train"/>.</summary>
    public sealed class TrainingReport
    {
        /// <summary>Creates a report.</summary>
        public TrainingReport(IReadOnlyList<double> epochLosses, IReadOnlyList<double> validationLosses, TrainingStop stop, int bestEpoch, string message, TimeSpan elapsed)
        {
            EpochLosses = epochLosses ?? throw new ArgumentNullException(nameof(epochLosses));
            ValidationLosses = validationLosses ?? throw new ArgumentNullException(nameof(validationLosses));
            Stop = stop;
            BestEpoch = bestEpoch;
            Message = message ?? throw new ArgumentNullException(nameof(message));
            Elapsed = elapsed;
        }

        /// <summary>The mean training loss of every epoch that finished, in order.</summary>
        public IReadOnlyList<double> EpochLosses { get; }

        /// <summary>The validation loss after every finished epoch (empty without validation).</summary>
        public IReadOnlyList<double> ValidationLosses { get; }

        /// <summary>The mean training loss of the last finished epoch (NaN when none finished).</summary>
        public double FinalLoss => EpochLosses.Count == 0 ? double.NaN : EpochLosses[EpochLosses.Count - 1];

        /// <summary>Why training ended.</summary>
        public TrainingStop Stop { get; }

        /// <summary>With early stopping, the epoch (from 1) whose parameters the network now has; otherwise the last epoch.</summary>
        public int BestEpoch { get; }

        /// <summary>A sentence on how training ended, e.g. what the divergence guard did.</summary>
        public string Message { get; }

        /// <summary>The wall-clock time of the whole run.</summary>
        public TimeSpan Elapsed { get; }
    }
}
