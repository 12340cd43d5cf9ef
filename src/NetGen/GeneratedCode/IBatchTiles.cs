using System;
using System.ComponentModel;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// The layer-by-layer forward code of a generated network over one tile of samples, which <see cref="BatchRunner"/> calls.
    /// Generated networks implement it explicitly; user code calls ForwardBatch instead.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public interface IBatchTiles<T> where T : unmanaged
    {
        /// <summary>Writes the outputs of up to <see cref="BatchRunner.TileRows"/> samples (rows of <paramref name="inputs"/>).</summary>
        void ForwardTile(ReadOnlySpan<T> inputs, Span<T> outputs, int rows);
    }
}
