namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// What a layer kind's emitter sees while it writes one layer's block of the batched code: the layer, the one below and
    /// the tile's matrices, whose rows are the tile's <c>rows</c> samples (Z⁽ˡ⁾, A⁽ˡ⁾, Δ⁽ˡ⁾ with one sample per row).
    /// </summary>
    internal sealed class BatchEmission
    {
        public BatchEmission(IndentedWriter writer, NetworkLayout layout, LayerPlan plan, PassMode mode, string rows = "rows")
        {
            Mode = mode;
            Rows = rows;
            W = writer;
            T = layout.Scalar;
            Plan = plan;
            Below = plan.Below;
        }

        public IndentedWriter W { get; }

        /// <summary>The variable holding the number of rows (samples) the matrices have.</summary>
        public string Rows { get; }

        public ScalarType T { get; }

        public LayerPlan Plan { get; }

        /// <summary>Inference (ForwardBatch) or training (BackwardBatch) behaviour.</summary>
        public PassMode Mode { get; }

        /// <summary>The parameter holding the step's <see cref="RuntimeNames.TrainingNoise"/> stream (training mode).</summary>
        public string NoiseStream => "noise";

        /// <summary>Sample r's position in the whole batch, the noise's key (the same on any thread count).</summary>
        public string Sample => "first + r";

        /// <summary>The layer below; null when the layer reads the network's input.</summary>
        public LayerPlan? Below { get; }

        /// <summary>The matrix of the layer's input rows: the tile's inputs or A of the layer below.</summary>
        public string BelowMatrix => Below is null ? "inputs" : Below.Matrix('a');

        /// <summary>The layer's buffer <paramref name="index"/> as a slice of the method's <c>buffers</c> span.</summary>
        public string Buffer(int index) => $"buffers.Slice({Plan.Buffers[index].Offset}, {Plan.Buffers[index].Length})";

        /// <summary>Values [offset, offset + length) of the layer's batch statistics, a slice of the method's <c>statistics</c> span.</summary>
        public string Statistics(int offset, int length) => $"statistics.Slice({Plan.StatisticsOffset + offset}, {length})";

        /// <summary>Values [offset, offset + length) of the layer's scratch, a slice of this thread's one-sample <c>workspace</c>.</summary>
        public string Scratch(int offset, int length) => $"workspace.Slice({Plan.ScratchOffset + offset}, {length})";

        /// <summary>The layer's tensor <paramref name="index"/> (0 weight, 1 bias) as a slice of <paramref name="span"/>.</summary>
        public string Tensor(int index, string span = "p") => $"{span}.Slice({Plan.Tensors[index].Offset}, {Plan.Tensors[index].Length})";

        /// <summary>Sample r's row of a matrix whose rows are <paramref name="width"/> long.</summary>
        public static string Row(string matrix, int width) => $"{matrix}.Slice(r * {width}, {width})";

        /// <summary>Writes <paramref name="statement"/> once per sample of the tile (r is the row).</summary>
        public void ForEachRow(string statement)
        {
            using (W.Block($"for (int r = 0; r < {Rows}; r++)")) W.Line(statement);
        }
    }
}
