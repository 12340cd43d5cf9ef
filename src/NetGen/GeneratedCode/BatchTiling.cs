namespace NetGen.GeneratedCode
{
    /// <summary>
    /// The one definition of a tile's size, for <see cref="BatchRunner.TileRows"/> and for the generator, which compiles this
    /// file in: each network's header states its tile workspace in bytes.
    /// </summary>
    internal static class BatchTiling
    {
        /// <summary>The samples of one tile (why 16: <see cref="BatchRunner.TileRows"/>).</summary>
        public const int Rows = 16;
    }
}
