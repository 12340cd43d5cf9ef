using System.Linq;
using static NetGen.Generators.Emitting.MathText;

namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// The batched code: ForwardBatch and BackwardBatch hand a batch to the runtime's BatchRunner, which cuts it into tiles of
    /// BatchRunner.TileRows samples and calls ForwardTile (and BackwardRows, then AddGradientPart) on one or more threads. A tile goes through the
    /// network layer by layer as matrices with one sample per row (Z⁽ˡ⁾, A⁽ˡ⁾, Δ⁽ˡ⁾), so a Dense layer is one matrix-matrix
    /// product instead of one matrix-vector product per sample.
    /// </summary>
    internal sealed partial class NetworkEmitter
    {
        private string BatchContract => $"{RuntimeNames.IBatchTiles}<{_t.Name}>";

        /// <summary>What the class implements for the runtime's BatchRunner: forward tiles, and gradient tiles when it trains.</summary>
        private string BatchImplementation => _layout.Frozen ? BatchContract : $"{RuntimeNames.IBatchGradientTiles}<{_t.Name}>";

        /// <summary>The values of one row (sample) of a tile: A, then Z (with an activation stage), of every layer.</summary>
        private int TileValuesPerRow => _layout.Layers.Sum(l => l.Units * (l.HasActivation ? 2 : 1));

        private void EmitTileWorkspace()
        {
            _w.Line("/// <summary>The samples of one tile, as the runtime cuts batches.</summary>");
            _w.Line($"private const int TileRows = {RuntimeNames.BatchRunner}.TileRows;");
            _w.Line();
            _w.Line("/// <summary>The values of one tile's matrices: TileRows rows of A and Z for every layer.</summary>");
            _w.Line($"private const int TileWorkspaceLength = TileRows * {TileValuesPerRow};");
            _w.Line();
            _w.Line("[global::System.ThreadStatic]");
            _w.Line($"private static {_t.Name}[]? t_tileWorkspace;");
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// This thread's tile workspace for the batched code, allocated on the thread's first batch and reused by every later");
            _w.Line("/// one; a tile is computed from start to end on one thread, so threads never share one.");
            _w.Line("/// </summary>");
            _w.Line($"private static {_span} TileWorkspace => t_tileWorkspace ??= new {_t.Name}[TileWorkspaceLength];");
        }

        private void EmitForwardBatch()
        {
            _w.Line("/// <summary>");
            _w.Line("/// Computes the outputs of N samples: <paramref name=\"inputs\"/> is N × InputSize row-major, <paramref name=\"outputs\"/> N × OutputSize.");
            _w.Line("/// The batch goes through the layers in tiles of samples, matrix-matrix. Keeps no state: many threads may call it at once;");
            _w.Line("/// each thread allocates its tile workspace on its first batch, nothing after.");
            _w.Line("/// </summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The inputs are not a whole number of samples, or the outputs do not fit them.</exception>");
            _w.Line($"public void ForwardBatch({_readOnlySpan} inputs, {_span} outputs) => ForwardBatch(inputs, outputs, threads: 1);");
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// ForwardBatch on up to <paramref name=\"threads\"/> threads (the caller's and NetGen's worker threads): every sample's");
            _w.Line("/// output is the same bits whatever the number of threads.");
            _w.Line("/// </summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The inputs are not a whole number of samples, or the outputs do not fit them.</exception>");
            _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"threads\"/> is less than 1.</exception>");
            using (_w.Block($"public void ForwardBatch({_readOnlySpan} inputs, {_span} outputs, int threads)"))
            {
                _w.Line($"{RuntimeNames.BatchRunner}.Forward(this, inputs, outputs, InputSize, OutputSize, threads);");
            }
        }

        private void EmitBackwardBatch()
        {
            _w.Line("/// <summary>");
            _w.Line("/// Adds ∂C/∂θ summed over N samples into <paramref name=\"gradient\"/> and returns their summed loss: <paramref name=\"inputs\"/>");
            _w.Line("/// is N × InputSize, <paramref name=\"targets\"/> N × OutputSize. Train steps on this sum divided by the batch size.");
            _w.Line("/// </summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A length does not fit.</exception>");
            _w.Line($"public {_t.Name} BackwardBatch({_readOnlySpan} inputs, {_readOnlySpan} targets, {_span} gradient) => BackwardBatch(inputs, targets, gradient, threads: 1);");
            _w.Line();
            _w.Line("/// <summary>BackwardBatch on up to <paramref name=\"threads\"/> threads: the same bits whatever the number of threads.</summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A length does not fit.</exception>");
            _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"threads\"/> is less than 1.</exception>");
            using (_w.Block($"public {_t.Name} BackwardBatch({_readOnlySpan} inputs, {_readOnlySpan} targets, {_span} gradient, int threads)"))
            {
                EmitGuard("gradient", "ParameterCount");
                if (_layout.UsesTrainingNoise)
                {
                    EmitNextNoiseStream();
                    _w.Line($"return {RuntimeNames.BatchRunner}.Backward(this, inputs, targets, gradient, InputSize, OutputSize, threads, noise);");
                }
                else _w.Line($"return {RuntimeNames.BatchRunner}.Backward(this, inputs, targets, gradient, InputSize, OutputSize, threads);");
            }
        }

        private void EmitForwardTile()
        {
            _w.Line("/// <summary>The forward pass of one tile of samples (BatchRunner checked the lengths), layer by layer.</summary>");
            EmitHotMethodAttribute();
            using (_w.Block($"void {BatchContract}.ForwardTile({_readOnlySpan} inputs, {_span} outputs, int rows)"))
            {
                EmitTileSpans();
                foreach (var layer in _layout.Layers) EmitTileLayerForward(layer, PassMode.Inference);
                _w.Line();
                _w.Comment($"Ŷ = A{Sup(_layout.Output.Number)}, one output per row.");
                _w.Line($"{_layout.Output.Matrix('a')}.CopyTo(outputs);");
            }
        }

        private void EmitBackwardRows()
        {
            string contract = $"{RuntimeNames.IBatchGradientTiles}<{_t.Name}>";
            _w.Line("/// <summary>The values of one sample in the batch workspace: A, Z and Δ of every layer.</summary>");
            _w.Line($"int {contract}.BatchValuesPerSample => {ValuesPerSample};");
            _w.Line();
            _w.Line("/// <summary>The independent parts of the batched parameter gradient: blocks of a Dense layer's rows, a whole Conv2D.</summary>");
            _w.Line($"int {contract}.GradientParts => {_layout.Layers.Sum(l => l.Spec.GradientParts(l))};");
            _w.Line();
            var reductions = _layout.ReductionLayers;
            _w.Line("/// <summary>The batch-wide values after the samples' in the batch workspace: the statistics BatchNorm layers reduce.</summary>");
            _w.Line($"int {contract}.BatchStatisticsValues => {_layout.StatisticsLength};");
            _w.Line();
            _w.Line("/// <summary>The stages of phase 1: one, plus a forward and a backward stage for each layer that reduces over the batch.</summary>");
            _w.Line($"int {contract}.BatchStages => {1 + 2 * reductions.Length};");
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Phase 1 of BackwardBatch for rows first … first + rows − 1 of a batch of count samples: the forward pass, the loss and");
            _w.Line("/// every δ, layer by layer with one sample per row, into the batch workspace; returns the rows' summed loss.");
            if (reductions.Length > 0)
            {
                _w.Line("/// It runs in stages: each BatchNorm needs statistics of the whole batch, so the runner computes every tile's stage,");
                _w.Line("/// then ReduceBatch, then the next stage.");
            }
            _w.Line("/// </summary>");
            EmitHotMethodAttribute();
            using (_w.Block($"{_t.Name} {contract}.BackwardRows({_readOnlySpan} batchInputs, {_readOnlySpan} batchTargets, {_span} values, int count, int first, int rows, ulong noise, int stage)"))
            {
                _w.Line($"{_readOnlySpan} p = Parameters;");
                EmitBufferSpan(writable: false);
                EmitScratchSpan();
                _w.Line($"{_readOnlySpan} inputs = batchInputs.Slice(first * InputSize, rows * InputSize);");
                _w.Line($"{_readOnlySpan} targets = batchTargets.Slice(first * OutputSize, rows * OutputSize);");
                foreach (var (layer, quantity, offset) in BatchMatrices())
                    _w.Line($"{_span} {layer.Matrix(quantity)} = values.Slice(count * {offset} + first * {layer.Units}, rows * {layer.Units});");
                if (reductions.Length == 0) EmitTrainingStageCode(0, _layout.Layers.Length, lowestUpper: 1);
                else EmitTrainingStages(reductions);
            }

            _w.Line();
            EmitReduceBatch(contract, reductions);

            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Phase 2 of BackwardBatch: adds one part of ∂C/∂θ, summed over the batch's count samples in order, into gradient.");
            _w.Line("/// Parts touch disjoint parameters, so threads can take them in any order and the sums are the same bits.");
            _w.Line("/// </summary>");
            EmitHotMethodAttribute();
            using (_w.Block($"void {contract}.AddGradientPart({_readOnlySpan} inputs, {_readOnlySpan} values, int count, {_span} gradient, int part)"))
            {
                var weighted = _layout.Layers.Where(l => l.Spec.GradientParts(l) > 0).ToArray();
                if (weighted.Any(l => l.ScratchOffset is not null)) _w.Line($"{_readOnlySpan} p = Parameters;");
                EmitScratchSpan();
                if (_layout.StatisticsLength > 0) _w.Line($"{_readOnlySpan} statistics = values.Slice(count * {ValuesPerSample});");
                // Δ of every weighted layer and A of every layer below one.
                foreach (var (layer, quantity, offset) in BatchMatrices())
                {
                    bool needed = quantity == 'd' ? weighted.Contains(layer)
                        : quantity == 'a' && weighted.Any(w => w.Number == layer.Number + 1);
                    if (needed) _w.Line($"{_readOnlySpan} {layer.Matrix(quantity)} = values.Slice(count * {offset}, count * {layer.Units});");
                }

                foreach (var layer in weighted)
                {
                    int parts = layer.Spec.GradientParts(layer);
                    var emission = new BatchEmission(_w, _layout, layer, PassMode.Training, rows: "count");
                    _w.Line();
                    _w.Comment($"Layer {layer.Number}: {(parts == 1 ? "part 0" : $"parts 0 … {parts - 1}")} (counted from here).");
                    if (layer == weighted[weighted.Length - 1])
                    {
                        layer.Spec.EmitBatchParameterGradient(emission, "part");
                        break;
                    }

                    using (_w.Block($"if (part < {parts})"))
                    {
                        layer.Spec.EmitBatchParameterGradient(emission, "part");
                        _w.Line("return;");
                    }
                    _w.Line($"part -= {parts};");
                }
            }
        }

        /// <summary>
        /// BackwardRows of a network with reduction layers: a forward stage up to each of them, the stage with the loss, then a
        /// backward stage below each, from the top down; the runner reduces over the whole batch between two stages.
        /// </summary>
        private void EmitTrainingStages(System.Collections.Immutable.ImmutableArray<LayerPlan> reductions)
        {
            _w.Line($"{_readOnlySpan} statistics = values.Slice(count * {ValuesPerSample});");
            int stage = 0, start = 0;
            foreach (var reduction in reductions)
            {
                _w.Line();
                _w.Comment($"Stage {stage}: the forward pass up to layer {reduction.Number}, whose batch statistics the runner computes next.");
                using (_w.Block($"if (stage == {stage++})"))
                {
                    foreach (var layer in _layout.Layers.Skip(start).Take(reduction.Index - start)) EmitTileLayerForward(layer, PassMode.Training);
                    _w.Line($"return {_t.Literal(0)};");
                }
                start = reduction.Index;
            }

            for (int k = reductions.Length; k >= 0; k--)
            {
                // The stage ends where the next reduction layer below needs Σ δ of the whole batch (or at the bottom).
                int lowestUpper = k == 0 ? 1 : reductions[k - 1].Index + 1;
                bool last = k == 0;
                _w.Line();
                _w.Comment(k == reductions.Length
                    ? $"Stage {stage}: the rest of the forward pass, the loss and every δ down to layer {reductions[k - 1].Number}'s."
                    : last ? $"Stage {stage}: every δ below layer {reductions[0].Number}."
                    : $"Stage {stage}: every δ below layer {reductions[k].Number} down to layer {reductions[k - 1].Number}'s.");
                if (last) EmitBackwardStage(reductions[0].Index, lowestUpper);
                else
                    using (_w.Block($"if (stage == {stage})"))
                    {
                        if (k == reductions.Length) EmitTrainingStageCode(start, _layout.Layers.Length, lowestUpper);
                        else EmitBackwardStage(reductions[k].Index, lowestUpper);
                    }
                stage++;
            }
        }

        /// <summary>
        /// Layers [<paramref name="from"/>, <paramref name="to"/>) forward in training mode, the loss of the tile, then every δ
        /// down to the one the layer at index <paramref name="lowestUpper"/> gives; returns the loss.
        /// </summary>
        private void EmitTrainingStageCode(int from, int to, int lowestUpper)
        {
            foreach (var layer in _layout.Layers.Skip(from).Take(to - from)) EmitTileLayerForward(layer, PassMode.Training);
            EmitTileLossAndOutputDelta();
            EmitTileBackpropagation(_layout.Layers.Length - 1, lowestUpper);
            _w.Line("return loss;");
        }

        /// <summary>A stage that only backpropagates (below a reduction layer): it has no loss to return.</summary>
        private void EmitBackwardStage(int highestUpper, int lowestUpper)
        {
            EmitTileBackpropagation(highestUpper, lowestUpper);
            _w.Line($"return {_t.Literal(0)};");
        }

        /// <summary>δ of the layers below <paramref name="highestUpper"/> … <paramref name="lowestUpper"/> (indices), each from the layer above it.</summary>
        private void EmitTileBackpropagation(int highestUpper, int lowestUpper)
        {
            _w.Line();
            _w.Comment("Backpropagation, from the output layer down: row r of Δ⁽ˡ⁾ is sample r's δ⁽ˡ⁾.");
            for (int index = highestUpper; index >= lowestUpper; index--)
                EmitTileHiddenDelta(_layout.Layers[index - 1], new BatchEmission(_w, _layout, _layout.Layers[index], PassMode.Training));
        }

        /// <summary>The reductions between the stages of BackwardRows: each BatchNorm's batch statistics, then its sums of δ.</summary>
        private void EmitReduceBatch(string contract, System.Collections.Immutable.ImmutableArray<LayerPlan> reductions)
        {
            _w.Line("/// <summary>");
            _w.Line("/// Between stage <paramref name=\"reduction\"/> and the next of BackwardRows, on one thread: what a layer needs from the");
            _w.Line("/// whole batch, summed over the samples in order (so any number of threads gives the same bits).");
            _w.Line("/// </summary>");
            if (reductions.Length == 0)
            {
                _w.Line($"void {contract}.ReduceBatch({_span} values, int count, int reduction)");
                _w.Line("{");
                _w.Line("    // One stage: no layer needs statistics of the whole batch.");
                _w.Line("}");
                return;
            }

            using (_w.Block($"void {contract}.ReduceBatch({_span} values, int count, int reduction)"))
            {
                EmitBufferSpan(writable: true);
                _w.Line($"{_span} statistics = values.Slice(count * {ValuesPerSample});");
                for (int r = 0; r < 2 * reductions.Length; r++)
                {
                    bool forward = r < reductions.Length;
                    var layer = reductions[forward ? r : 2 * reductions.Length - 1 - r];
                    var emission = new BatchEmission(_w, _layout, layer, PassMode.Training, rows: "count");
                    using (_w.Block($"{(r == 0 ? "" : "else ")}if (reduction == {r})"))
                    {
                        string below = layer.Below!.Matrix('a');
                        int offset = BatchMatrices().First(m => m.Layer == layer.Below && m.Quantity == 'a').Offset;
                        _w.Line($"{_readOnlySpan} {below} = values.Slice(count * {offset}, count * {layer.Below.Units});");
                        if (forward) layer.Spec.EmitBatchStatistics(emission);
                        else
                        {
                            int deltaOffset = BatchMatrices().First(m => m.Layer == layer && m.Quantity == 'd').Offset;
                            _w.Line($"{_readOnlySpan} {layer.Matrix('d')} = values.Slice(count * {deltaOffset}, count * {layer.Units});");
                            layer.Spec.EmitBatchDeltaStatistics(emission);
                        }
                    }
                }
            }
        }

        /// <summary>A, Z (with an activation stage) and Δ of every layer, each with its offset among one sample's values.</summary>
        private System.Collections.Generic.IEnumerable<(LayerPlan Layer, char Quantity, int Offset)> BatchMatrices()
        {
            int offset = 0;
            foreach (var layer in _layout.Layers)
                foreach (char quantity in layer.HasActivation ? "azd" : "ad")
                {
                    yield return (layer, quantity, offset);
                    offset += layer.Units;
                }
        }

        private int ValuesPerSample => BatchMatrices().Sum(m => m.Layer.Units);

        /// <summary>Declares p and every layer's A and Z as slices of this thread's tile workspace, <c>rows</c> rows each.</summary>
        private void EmitTileSpans()
        {
            _w.Line(_layout.Frozen ? $"{_readOnlySpan} p = {ComputedParameters};" : $"{_readOnlySpan} p = Parameters;");
            EmitBufferSpan(writable: false);
            EmitScratchSpan();
            _w.Line($"{_span} tiles = TileWorkspace;");
            int offset = 0;
            foreach (var layer in _layout.Layers)
                foreach (char quantity in layer.HasActivation ? "az" : "a")
                {
                    _w.Line($"{_span} {layer.Matrix(quantity)} = tiles.Slice(TileRows * {offset}, rows * {layer.Units});");
                    offset += layer.Units;
                }
        }

        /// <summary>
        /// Declares <c>workspace</c>, this thread's one-sample workspace, when a layer needs scratch (a recurrent layer's records):
        /// batched code runs such a layer sample by sample, one sample's scratch at a time.
        /// </summary>
        private void EmitScratchSpan()
        {
            if (_layout.Layers.Any(l => l.ScratchOffset is not null)) _w.Line($"{_span} workspace = Workspace;");
        }

        /// <summary>One layer over a tile: inference mode in ForwardTile, training mode (with the loss below) in BackwardRows.</summary>
        private void EmitTileLayerForward(LayerPlan l, PassMode mode)
        {
            bool withLoss = mode == PassMode.Training;
            string sup = Sup(l.Number);
            _w.Line();
            _w.Comment($"Layer {l.Number} ({LayerTitle(l)}){(l.IsOutput ? ", the output layer" : "")}, one sample per row.");
            l.Spec.EmitBatchForward(new BatchEmission(_w, _layout, l, mode));
            if (!l.HasActivation) return;

            _w.Comment($"A{sup} = σ(Z{sup}), {ActivationMath.ForwardText(l.Activation, l.Parameter)}");
            if (l.IsSoftmax && withLoss && l.IsOutput) _w.Comment("(row by row with the loss below)");
            else if (l.IsRowWise)
            {
                using (_w.Block("for (int r = 0; r < rows; r++)"))
                    _w.Line($"{RuntimeNames.NetMath}.{l.Activation}({BatchEmission.Row(l.Matrix('z'), l.Units)}, {BatchEmission.Row(l.Matrix('a'), l.Units)});");
            }
            else if (ActivationMath.HasSpanKernel(l.Activation))
                _w.Line($"{RuntimeNames.NetMath}.{l.Activation}({l.Matrix('z')}, {l.Matrix('a')});");
            else
            {
                using (_w.Block($"for (int k = 0; k < {l.Matrix('a')}.Length; k++)"))
                    _w.Line($"{l.Matrix('a')}[k] = {ActivationMath.Forward(l.Activation, l.Parameter, $"{l.Matrix('z')}[k]", _t)};");
            }
        }

        /// <summary>Row by row: the output layer's softmax (if any), the sample's loss term and the output δ.</summary>
        private void EmitTileLossAndOutputDelta()
        {
            var output = _layout.Output;
            var loss = _layout.Loss;
            int units = output.Units;
            string sup = Sup(output.Number);
            _w.Line();
            _w.Comment($"Loss ({LossMath.Name(loss)}) of each sample, {LossMath.FormulaText(loss)}, summed over the tile;");
            _w.Comment(LossMath.IsFused(loss)
                ? $"then row r of Δ{sup}: {LossMath.FusedDeltaText(loss)}."
                : $"then row r of Δ{sup} = ∂C/∂ŷ ⊙ σ'(z{sup}) with {LossMath.OutputGradientText(loss)}, {ActivationMath.DerivativeText(output.Activation, output.Parameter)}.");
            _w.Line($"var loss = {_t.Literal(0)};");
            using (_w.Block("for (int r = 0; r < rows; r++)"))
            {
                _w.Line($"var z = {BatchEmission.Row(output.Matrix('z'), units)};");
                _w.Line($"var a = {BatchEmission.Row(output.Matrix('a'), units)};");
                _w.Line($"var d = {BatchEmission.Row(output.Matrix('d'), units)};");
                _w.Line($"var y = {BatchEmission.Row("targets", units)};");
                if (output.IsSoftmax)
                    _w.Line(loss == Loss.CategoricalCrossEntropy
                        ? $"var lse = {RuntimeNames.NetMath}.SoftmaxAndLogSumExp(z, a);"
                        : $"{RuntimeNames.NetMath}.Softmax(z, a);");

                if (LossMath.NeedsOutputLogSumExp(loss)) _w.Line($"var lse = {RuntimeNames.NetMath}.LogSumExp(a);");
                if (LossMath.NeedsTargetSum(loss))
                {
                    _w.Line($"var targetSum = {_t.Literal(0)};");
                    using (_w.Block($"for (int k = 0; k < {units}; k++)")) _w.Line("targetSum += y[k];");
                }

                _w.Line($"var sampleLoss = {_t.Literal(0)};");
                using (_w.Block($"for (int k = 0; k < {units}; k++)"))
                    _w.Line($"sampleLoss += {LossMath.Term(loss, "a[k]", "z[k]", "y[k]", "lse")};");
                double scale = LossMath.Scale(loss);
                _w.Line(scale == 1 ? "loss += sampleLoss;" : $"loss += {_t.Literal(scale)} * sampleLoss;");

                if (LossMath.IsFused(loss))
                {
                    using (_w.Block($"for (int k = 0; k < {units}; k++)"))
                        _w.Line($"d[k] = {LossMath.FusedDelta(loss, "a[k]", "y[k]", "targetSum")};");
                    return;
                }

                using (_w.Block($"for (int k = 0; k < {units}; k++)"))
                    _w.Line($"d[k] = {LossMath.OutputGradient(loss, "a[k]", "y[k]", "lse", "targetSum", _t)};");
                EmitTileActivationDerivative(output, "z", "a", "d");
            }
        }

        /// <summary>δ of the layer below: its input gradient from the layer above, then ⊙ σ'(Z) over the whole tile.</summary>
        private void EmitTileHiddenDelta(LayerPlan lower, BatchEmission upper)
        {
            string lowerSup = Sup(lower.Number);
            _w.Line();
            _w.Comment(lower.HasActivation
                ? $"Layer {lower.Number}: row r of Δ{lowerSup} = ({upper.Plan.Spec.InputGradientText(upper.Plan)}) ⊙ σ'(z{lowerSup}) of sample r, {ActivationMath.DerivativeText(lower.Activation, lower.Parameter)}."
                : $"Layer {lower.Number} ({lower.Spec.Kind}, no activation): row r of Δ{lowerSup} = {upper.Plan.Spec.InputGradientText(upper.Plan)} of sample r.");
            upper.Plan.Spec.EmitBatchInputGradient(upper, lower.Matrix('d'));
            if (!lower.HasActivation) return;
            if (lower.IsRowWise)
            {
                // The (log-)softmax Jacobian couples the outputs of one sample, so it goes row by row.
                using (_w.Block("for (int r = 0; r < rows; r++)"))
                    _w.Line($"{RuntimeNames.NetMath}.{lower.Activation}Backward({BatchEmission.Row(lower.Matrix('a'), lower.Units)}, {BatchEmission.Row(lower.Matrix('d'), lower.Units)});");
                return;
            }

            EmitTileActivationDerivative(lower, lower.Matrix('z'), lower.Matrix('a'), lower.Matrix('d'));
        }

        /// <summary>
        /// d ⊙= σ'(z) element by element over whatever z, a and d name (a whole tile, or one row); a (log-)softmax's Jacobian
        /// couples one sample's outputs, so d, a must be one row then.
        /// </summary>
        private void EmitTileActivationDerivative(LayerPlan layer, string z, string a, string d)
        {
            if (layer.IsRowWise)
            {
                _w.Line($"{RuntimeNames.NetMath}.{layer.Activation}Backward({a}, {d});");
                return;
            }

            if (ActivationMath.HasDerivativeSpanKernel(layer.Activation))
            {
                _w.Line($"{RuntimeNames.NetMath}.{layer.Activation}Backward({z}, {d});");
                return;
            }

            string? derivative = ActivationMath.Derivative(layer.Activation, layer.Parameter, $"{z}[k]", $"{a}[k]", _t);
            if (derivative is null) return;
            using (_w.Block($"for (int k = 0; k < {d}.Length; k++)"))
                _w.Line($"{d}[k] *= {derivative};");
        }
    }
}
