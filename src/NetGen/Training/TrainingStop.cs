namespace NetGen
{
    /// <summary>Why training ended.</summary>
    public enum TrainingStop
    {
        /// <summary>All epochs ran.</summary>
        Completed,
        /// <summary>The validation loss stopped improving for <see cref="TrainingOptions.EarlyStoppingPatience"/> epochs; the best weights were restored.</summary>
        EarlyStopped,
        /// <summary>
        /// A sample's loss or, after a step, a parameter became NaN or infinite (the weights from the start of that epoch,
        /// which are finite, were restored); or an epoch's mean loss grew to more than 10⁶ times the first epoch's (the
        /// weights from the start of the epoch with the lowest loss were restored). <see cref="TrainingReport.Message"/> says
        /// which, and where.
        /// </summary>
        Diverged,
        /// <summary><see cref="TrainingOptions.CancellationToken"/> was cancelled; training stopped before the next batch.</summary>
        Cancelled,
    }
}
