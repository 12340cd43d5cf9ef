namespace NetGen.Generators.Model
{
    /// <summary>What became of a network's Weights file.</summary>
    internal enum WeightsStatus
    {
        /// <summary>Read and matching the architecture: <see cref="BakedWeights.Values"/> holds the parameters.</summary>
        Loaded,
        /// <summary>No AdditionalFiles item has the name.</summary>
        NotFound,
        /// <summary>The file could not be read, or is not JSON.</summary>
        Unreadable,
        /// <summary>The JSON does not fit the declared layers.</summary>
        Mismatch,
    }

    /// <summary>A Weights file after the build-time check, as plain values.</summary>
    /// <param name="Values">The parameters in NetGen's layout when <see cref="Status"/> is Loaded; empty otherwise.</param>
    /// <param name="Detail">What went wrong, in words, when not Loaded.</param>
    internal sealed record BakedWeights(WeightsStatus Status, EquatableArray<double> Values, string Detail);
}
