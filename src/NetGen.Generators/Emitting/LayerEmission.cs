namespace NetGen.Generators.Emitting
{
    /// <summary>What a layer kind's emitter sees while it writes one layer's block: the writer, the layer and the one below.</summary>
    internal sealed class LayerEmission
    {
        private readonly NetworkLayout _layout;

        public LayerEmission(IndentedWriter writer, NetworkLayout layout, LayerPlan plan, PassMode mode, bool callerState = false)
        {
            CallerState = callerState;
            Mode = mode;
            W = writer;
            _layout = layout;
            Plan = plan;
            Below = plan.Below;
        }

        public IndentedWriter W { get; }

        public ScalarType T => _layout.Scalar;

        /// <summary>
        /// Whether the pass starts from the caller's state and leaves the state after its last step there (Step: the method's
        /// <c>state</c> span, <see cref="State"/>), rather than from a zero state it then drops (Forward and the training passes).
        /// </summary>
        public bool CallerState { get; }

        /// <summary>Values [offset, offset + length) of the layer's part of the caller's state, a slice of the method's <c>state</c> span (when <see cref="CallerState"/>).</summary>
        public string State(int offset, int length) => $"state.Slice({Plan.StateOffset + offset}, {length})";

        /// <summary>The layer being written.</summary>
        public LayerPlan Plan { get; }

        /// <summary>Inference (eval) or training behaviour.</summary>
        public PassMode Mode { get; }

        /// <summary>The local holding the step's <see cref="RuntimeNames.TrainingNoise"/> stream (training mode, networks with noise).</summary>
        public string NoiseStream => "noise";

        /// <summary>The sample's position in its batch, the noise's key: a one-sample pass is sample 0.</summary>
        public string Sample => "0";

        /// <summary>The layer below; null when the layer reads the network's input.</summary>
        public LayerPlan? Below { get; }

        /// <summary>
        /// Whether the layer's input is a span (<see cref="BelowSpan"/>): the network's input always is; a layer below holds
        /// spans only when it or the layer above it loops, so an unrolled layer that keeps spans for a looped one above it may
        /// read named locals.
        /// </summary>
        public bool BelowInSpan => Below is null || Below.UsesSpans;

        /// <summary>The span holding the layer's input a⁽ˡ⁻¹⁾: "input" or the layer below's activations.</summary>
        public string BelowSpan => Below is null ? "input" : Below.Span('a');

        /// <summary>
        /// Input value i of the layer in unrolled code: the local a1_i copied from x (a first layer that is unrolled copies
        /// x into locals; one that loops reads the input span through <see cref="BelowSpan"/>), or the layer below's aᵢ.
        /// </summary>
        public string BelowRef(int i) => Below is null ? $"a1_{i}" : Below.Ref('a', i);

        /// <summary>Parameter k in unrolled code: p[k], or its value when the network is frozen.</summary>
        public string Parameter(int index) => _layout.Frozen ? T.Literal(_layout.BakedWeights!.Value[index]) : $"p[{index}]";

        /// <summary>The layer's buffer <paramref name="index"/> as a slice of the method's <c>buffers</c> span.</summary>
        public string Buffer(int index) => $"buffers.Slice({Plan.Buffers[index].Offset}, {Plan.Buffers[index].Length})";

        /// <summary>Values [offset, offset + length) of the layer's scratch, a slice of the method's <c>workspace</c>.</summary>
        public string Scratch(int offset, int length) => $"workspace.Slice({Plan.ScratchOffset + offset}, {length})";

        /// <summary>The layer's tensor <paramref name="index"/> (0 weight, 1 bias) as a slice of <paramref name="span"/>.</summary>
        public string Tensor(int index, string span = "p") => $"{span}.Slice({Plan.Tensors[index].Offset}, {Plan.Tensors[index].Length})";
    }
}
