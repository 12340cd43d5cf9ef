namespace NetGen
{
    /// <summary>
    /// PyTorch's defaults for a BatchNorm, in one place: <see cref="BatchNormAttribute"/> starts from them, the generator
    /// (which compiles this file in) leaves them out of the architecture line, and the ONNX export reads a line without them
    /// as these values.
    /// </summary>
    internal static class BatchNormDefaults
    {
        /// <summary>PyTorch's <c>momentum</c> default.</summary>
        public const double Momentum = 0.1;

        /// <summary>PyTorch's <c>eps</c> default.</summary>
        public const double Epsilon = 1e-5;
    }
}
