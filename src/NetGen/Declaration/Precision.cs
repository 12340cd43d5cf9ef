namespace NetGen
{
    /// <summary>The scalar type of a generated network.</summary>
    public enum Precision
    {
        /// <summary><see cref="float"/>: the default; half the memory and twice the SIMD width of double.</summary>
        Single = 0,
        /// <summary><see cref="double"/>: for gradient checks and numerically demanding problems.</summary>
        Double = 1,
    }
}
