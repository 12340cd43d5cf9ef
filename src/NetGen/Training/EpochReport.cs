using System;

namespace NetGen
{
    /// <summary>What one finished epoch reports to <see cref="TrainingOptions.Progress"/>.</summary>
    public readonly struct EpochReport
    {
        /// <summary>Creates a report.</summary>
        public EpochReport(int epoch, int epochs, double loss, double validationLoss, double validationAccuracy, double learningRate, TimeSpan elapsed)
        {
            Epoch = epoch;
            Epochs = epochs;
            Loss = loss;
            ValidationLoss = validationLoss;
            ValidationAccuracy = validationAccuracy;
            LearningRate = learningRate;
            Elapsed = elapsed;
        }

        /// <summary>The epoch just finished, counting from 1.</summary>
        public int Epoch { get; }

        /// <summary>The number of epochs of the whole run.</summary>
        public int Epochs { get; }

        /// <summary>The mean per-sample training loss of the epoch, each sample measured before its batch's step.</summary>
        public double Loss { get; }

        /// <summary>The mean per-sample loss on the validation samples after the epoch (NaN without validation).</summary>
        public double ValidationLoss { get; }

        /// <summary>
        /// The fraction of validation samples classified right (NaN without validation, or when the targets are not 0/1
        /// labels): the arg-max for several outputs, ŷ ≥ ½ for one.
        /// </summary>
        public double ValidationAccuracy { get; }

        /// <summary>The learning rate used in the epoch.</summary>
        public double LearningRate { get; }

        /// <summary>Time since training started.</summary>
        public TimeSpan Elapsed { get; }
    }
}
