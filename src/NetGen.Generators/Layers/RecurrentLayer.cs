using System.Collections.Immutable;
using System.Globalization;
using NetGen.Generators.Emitting;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using NetGen.Generators.Rules;
using static NetGen.Generators.DiagnosticDescriptors;
using static NetGen.Generators.Emitting.MathText;

namespace NetGen.Generators.Layers
{
    /// <summary>The recurrent cells, as PyTorch names its modules.</summary>
    internal enum RecurrentCell
    {
        LSTM,
        GRU,
        RNN,
    }

    /// <summary>
    /// [LSTM(units)], [GRU(units)], [RNN(units, activation)]: nn.LSTM, nn.GRU and nn.RNN with one layer, one direction and
    /// batch_first, over the steps below (L steps of F features) or the L positions of a 1-D map below (its C channels the
    /// features, through a step-major copy in scratch), from a zero state. PyTorch's tensors in its order
    /// (weight_ih_l0 [G·H, F], weight_hh_l0 [G·H, H], bias_ih_l0, bias_hh_l0 [G·H], G the gates: 4, 3 or 1). The forward pass
    /// runs the runtime's cell kernel once per step and keeps each step's record (gates, cell, h: RecurrentMath) in scratch;
    /// the backward pass is backpropagation through time, step by step from the last, whose gate gradients both the input
    /// gradient and the parameter gradient then read. No activation stage: the layer writes a⁽ˡ⁾ (every step's h with
    /// ReturnSequences, else the last one's).
    /// </summary>
    /// <param name="NamedActivation">Whether the RNN's activation was set by name (Activation = …), for pointing at it.</param>
    internal sealed record RecurrentLayer(RecurrentCell Cell, int Units, Activation Nonlinearity, bool NamedActivation, bool Bias, bool ReturnSequences,
        WeightInit DeclaredInit) : LayerSpec
    {
        public const string LstmMetadataName = "NetGen.LSTMAttribute";
        public const string GruMetadataName = "NetGen.GRUAttribute";
        public const string RnnMetadataName = "NetGen.RNNAttribute";

        public static RecurrentLayer ParseLstm(AttributeArguments arguments) => Parse(RecurrentCell.LSTM, arguments);

        public static RecurrentLayer ParseGru(AttributeArguments arguments) => Parse(RecurrentCell.GRU, arguments);

        public static RecurrentLayer ParseRnn(AttributeArguments arguments) => Parse(RecurrentCell.RNN, arguments);

        private static RecurrentLayer Parse(RecurrentCell cell, AttributeArguments arguments)
        {
            int? named = arguments.NamedInt(KnownNames.Activation);
            var nonlinearity = cell == RecurrentCell.RNN ? (Activation)(named ?? arguments.Int(1) ?? (int)NetGen.Activation.Tanh) : NetGen.Activation.Tanh;
            return new(cell, arguments.Int(0) ?? 0, nonlinearity, named is not null, arguments.NamedBool(KnownNames.Bias) ?? true,
                arguments.NamedBool(KnownNames.ReturnSequences) ?? false, (WeightInit)(arguments.NamedInt(KnownNames.Init) ?? 0));
        }

        public override string Kind => Cell.ToString();

        /// <summary>None: the cell's non-linearities are its own computation.</summary>
        public override ActivationSpec? Activation => null;

        /// <summary>An RNN's output has just been through its tanh or ReLU (NG0026 on an activation above it).</summary>
        public override string? AppliedNonlinearity => Cell == RecurrentCell.RNN ? Nonlinearity.ToString() : null;

        public override bool Accepts(Activation activation) => false;

        public override bool ActsOnSteps => true;

        /// <summary>h, then c for an LSTM.</summary>
        public override int StateLength => CarryLength;

        /// <summary>G, the gates stacked in each weight: LSTM i, f, g, o; GRU r, z, n; RNN one.</summary>
        private int Gates => Cell switch { RecurrentCell.LSTM => 4, RecurrentCell.GRU => 3, _ => 1 };

        /// <summary>The values of one step's record (RecurrentMath): LSTM iₜ fₜ gₜ oₜ cₜ hₜ, GRU rₜ zₜ nₜ (W_hn hₜ₋₁ + b_hn) hₜ, RNN hₜ.</summary>
        private int RecordLength => Cell switch { RecurrentCell.LSTM => 6 * Units, RecurrentCell.GRU => 5 * Units, _ => Units };

        /// <summary>Where hₜ sits in a record.</summary>
        private int HiddenOffset => RecordLength - Units;

        /// <summary>One step's gate gradients: G·H, and for a GRU the hidden side's G·H after the input side's (their n parts differ).</summary>
        private int GateGradientLength => (Cell == RecurrentCell.GRU ? 2 : 1) * Gates * Units;

        /// <summary>Where the gradients W_hh and b_hh read start in a step's gate gradients.</summary>
        private int HiddenSideOffset => Cell == RecurrentCell.GRU ? Gates * Units : 0;

        /// <summary>What backpropagation through time carries from step t to step t − 1: ∂C/∂h, and ∂C/∂c for an LSTM.</summary>
        private int CarryLength => (Cell == RecurrentCell.LSTM ? 2 : 1) * Units;

        public override Shape? Check(LayerCheck check)
        {
            if (Units < 1) check.Report(SizeNotPositive, "units", check.LayerName, check.NetworkName, Units);
            if (!System.Enum.IsDefined(typeof(WeightInit), DeclaredInit))
                check.Report(UndefinedEnumValue, KnownNames.Init, $"Init of {check.LayerName}", check.NetworkName, RuleFormat.Enum(DeclaredInit), nameof(WeightInit));
            if (Cell == RecurrentCell.RNN && Nonlinearity is not (NetGen.Activation.Tanh or NetGen.Activation.ReLU))
                check.Report(RecurrentActivationNotSupported, NamedActivation ? KnownNames.Activation : "activation", check.LayerName, check.NetworkName,
                    System.Enum.IsDefined(typeof(Activation), Nonlinearity) ? Nonlinearity.ToString() : RuleFormat.Enum(Nonlinearity));
            if (check.Input is not Shape input) return null;
            if (!input.IsSteps && !ReadsMap(input))
            {
                check.Report(RecurrentLayerWithoutSteps, null, check.LayerName, check.NetworkName, Kind, input.Kind switch
                {
                    ShapeKind.Image => $"the layer below it gives an image of {input.Text}",
                    _ when check.Below is RecurrentLayer => "the recurrent layer below it hands on only its last step (ReturnSequences is false)",
                    _ => $"the layer below it gives a vector of {input.Text}",
                });
                return null;
            }

            return Units >= 1 ? OutputShape(input) : null;
        }

        public override Shape OutputShape(Shape input) => ReturnSequences ? Shape.Steps(Units, input.Width) : Shape.Vector(Units);

        /// <summary>
        /// PyTorch's four tensors (two without a bias). Auto draws every one from U(−1/√H, 1/√H) as PyTorch does; another scheme
        /// draws the weights with PyTorch's fans of their shape and starts the biases at 0.
        /// </summary>
        public override ImmutableArray<TensorSpec> Tensors(Shape input)
        {
            int rows = Gates * Units, features = input.Channels;
            TensorInit Weight(int columns) => DeclaredInit == WeightInit.Auto ? new UniformInit(Units) : new DrawnInit(DeclaredInit, columns, rows);
            TensorInit BiasInit() => DeclaredInit == WeightInit.Auto ? new UniformInit(Units) : new ConstantInit(0);
            var tensors = ImmutableArray.CreateBuilder<TensorSpec>(Bias ? 4 : 2);
            tensors.Add(new TensorSpec("weight_ih_l0", new[] { rows, features }.ToEquatableArray(), "W_ih", Weight(features)));
            tensors.Add(new TensorSpec("weight_hh_l0", new[] { rows, Units }.ToEquatableArray(), "W_hh", Weight(Units)));
            if (Bias)
            {
                tensors.Add(new TensorSpec("bias_ih_l0", new[] { rows }.ToEquatableArray(), "b_ih", BiasInit()));
                tensors.Add(new TensorSpec("bias_hh_l0", new[] { rows }.ToEquatableArray(), "b_hh", BiasInit()));
            }
            return tensors.MoveToImmutable();
        }

        /// <summary>
        /// Whether the layer reads a 1-D map (C × L, stored channel by channel, from [Input(channels, length)] or a convolution)
        /// rather than steps (L × F): it iterates over the L positions with the C channels as features, the transpose Keras'
        /// channels-last layout makes implicit and PyTorch writes as permute(0, 2, 1) before a batch_first layer.
        /// </summary>
        private static bool ReadsMap(Shape input) => input.Kind == ShapeKind.Sequence;

        /// <summary>
        /// L + 1 records (the state before step 0, then every step's), L steps' gate gradients and the carry of BPTT; after a
        /// 1-D map, the map as steps (L × C) and its gradient.
        /// </summary>
        public override long ScratchLength(Shape input, Shape output) =>
            RecurrentScratchLength(input) + (ReadsMap(input) ? 2 * input.Size : 0);

        /// <summary>The records, gate gradients and carry: the scratch before the transposed map's.</summary>
        private long RecurrentScratchLength(Shape input) => (input.Width + 1L) * RecordLength + (long)input.Width * GateGradientLength + CarryLength;

        public override string Describe() =>
            $"{Kind} {Units}{(Cell == RecurrentCell.RNN ? " " + Nonlinearity : "")}{(Bias ? "" : " no bias")}{(ReturnSequences ? " sequences" : "")}";

        public override string KindColumn => Kind + (Bias ? "" : " no bias") + (ReturnSequences ? " sequences" : "");

        public override void EmitForward(LayerEmission e) =>
            EmitSequence(new Writer(e.W, e.Plan, e.T, e.Scratch), e.BelowSpan, e.Plan.Span('a'), e.Tensor, e.CallerState ? e.State : null);

        public override string InputGradientText(LayerPlan plan) => $"W_ih{Sup(plan.Number)}ᵀ (∂C/∂ of the gates' pre-activations), step by step";

        public override void EmitInternalGradient(LayerEmission e) =>
            EmitBackpropagationThroughTime(new Writer(e.W, e.Plan, e.T, e.Scratch), e.Plan.Span('d'), e.Tensor);

        public override void EmitInputGradient(LayerEmission e, string target, GradientSink? stepAlong) =>
            EmitStepInputGradients(new Writer(e.W, e.Plan, e.T, e.Scratch), target, e.Tensor);

        public override void EmitParameterGradient(LayerEmission e, GradientSink sink)
        {
            var l = e.Plan;
            string sup = Sup(l.Number);
            e.W.Comment(sink == GradientSink.Accumulate
                ? $"∂C/∂W_ih{sup} += Σₜ (gate gradients)ₜ xₜᵀ, ∂C/∂W_hh{sup} += Σₜ (gate gradients)ₜ hₜ₋₁ᵀ{(Bias ? ", ∂C/∂b_ih and ∂C/∂b_hh += Σₜ of them" : "")}, added into gradient."
                : $"Step on layer {l.Number}: W_ih{sup} −= η Σₜ (gate gradients)ₜ xₜᵀ, W_hh{sup} −= η Σₜ (gate gradients)ₜ hₜ₋₁ᵀ{(Bias ? ", b_ih and b_hh −= η Σₜ of them" : "")}.");
            EmitStepParameterGradients(new Writer(e.W, l, e.T, e.Scratch), e.BelowSpan, sink == GradientSink.Accumulate ? "gradient" : "p",
                sink == GradientSink.Accumulate ? e.T.Literal(1) : "-learningRate", e.Tensor);
        }

        public override void EmitBatchForward(BatchEmission e)
        {
            var l = e.Plan;
            e.W.Comment($"Row r of A{Sup(l.Number)} is sample r's layer {l.Number}: the samples go through the steps one after the other.");
            using (e.W.Block($"for (int r = 0; r < {e.Rows}; r++)"))
                EmitSequence(new Writer(e.W, l, e.T, e.Scratch), BatchEmission.Row(e.BelowMatrix, l.FanIn), BatchEmission.Row(l.Matrix('a'), l.Units), e.Tensor);
        }

        public override void EmitBatchInputGradient(BatchEmission e, string target)
        {
            var l = e.Plan;
            e.W.Comment($"Row r is sample r's ∂C/∂a{Sup(l.Number - 1)}: its steps again (their records do not outlive a row), then backpropagation through time.");
            using (e.W.Block($"for (int r = 0; r < {e.Rows}; r++)"))
            {
                var writer = new Writer(e.W, l, e.T, e.Scratch);
                EmitSequence(writer, BatchEmission.Row(e.BelowMatrix, l.FanIn), output: null, e.Tensor);
                EmitBackpropagationThroughTime(writer, BatchEmission.Row(l.Matrix('d'), l.Units), e.Tensor);
                EmitStepInputGradients(writer, BatchEmission.Row(target, l.FanIn), e.Tensor);
            }
        }

        /// <summary>One part: the whole layer's tensors, summed over the batch's samples in order.</summary>
        public override int GradientParts(LayerPlan plan) => 1;

        public override void EmitBatchParameterGradient(BatchEmission e, string part)
        {
            var l = e.Plan;
            e.W.Comment($"Sample by sample in order: its steps, backpropagation through time, and its ∂C/∂θ{Sup(l.Number)} added into gradient.");
            using (e.W.Block($"for (int r = 0; r < {e.Rows}; r++)"))
            {
                var writer = new Writer(e.W, l, e.T, e.Scratch);
                string input = BatchEmission.Row(e.BelowMatrix, l.FanIn);
                EmitSequence(writer, input, output: null, e.Tensor);
                EmitBackpropagationThroughTime(writer, BatchEmission.Row(l.Matrix('d'), l.Units), e.Tensor);
                EmitStepParameterGradients(writer, input, "gradient", e.T.Literal(1), e.Tensor);
            }
        }

        /// <summary>What the blocks below write with: the writer, the layer, the scalar type and the layer's scratch.</summary>
        private sealed class Writer
        {
            public Writer(IndentedWriter w, LayerPlan plan, ScalarType t, System.Func<int, int, string> scratch) => (W, Plan, T, Scratch) = (w, plan, t, scratch);

            public IndentedWriter W { get; }

            public LayerPlan Plan { get; }

            public ScalarType T { get; }

            /// <summary>Values [offset, offset + length) of the layer's scratch.</summary>
            public System.Func<int, int, string> Scratch { get; }

            public int Steps => Plan.Input.Width;

            public int Features => Plan.Input.Channels;

            /// <summary>Whether the layer reads a 1-D map (<see cref="ReadsMap"/>), through a step-major copy.</summary>
            public bool ReadsMap => RecurrentLayer.ReadsMap(Plan.Input);

            /// <summary>The map below as steps (L × C), in scratch: what the steps and the weight gradient read after a 1-D map.</summary>
            public string InputSteps => $"inputSteps{Plan.Number}";

            /// <summary>∂C/∂ of <see cref="InputSteps"/>, in scratch, before it goes back through the transpose.</summary>
            public string InputStepGradients => $"inputStepGradients{Plan.Number}";

            public string Records => $"steps{Plan.Number}";

            public string GateGradients => $"gates{Plan.Number}";

            public string Carry => $"carry{Plan.Number}";
        }

        /// <summary>
        /// The steps of one sample, records in scratch: from <paramref name="input"/> (L × F) to <paramref name="output"/> (every
        /// step's h, or the last one's; null: records only, for a backward pass that recomputes them).
        /// </summary>
        /// <param name="state">The layer's part of the caller's state: the steps start from it and leave theirs in it; null: from 0.</param>
        private void EmitSequence(Writer x, string input, string? output, System.Func<int, string, string> tensor, System.Func<int, int, string>? state = null)
        {
            var l = x.Plan;
            string sup = Sup(l.Number), below = $"a{Sup(l.Number - 1)}";
            int last = x.Steps - 1;
            if (output is not null)
            {
                string start = state is null ? $"from h₋₁{(Cell == RecurrentCell.LSTM ? " = c₋₁" : "")} = 0" : $"from the caller's state ({StateText})";
                x.W.Comment(x.Steps == 1
                    ? $"One step t, xₜ = {below}, {start} (docs/math.md, \"{Cell}\"):"
                    : $"For t = 0 … {last}, xₜ the step t of {below}, {start} (docs/math.md, \"{Cell}\"):");
                foreach (string line in Equations(sup)) x.W.Comment("  " + line);
                x.W.Comment($"{x.Records} keeps one record per step ({RecordText}: {RecordLength} values) for backpropagation through time;");
                x.W.Comment("record 0 is the state before step 0.");
            }

            if (x.ReadsMap)
            {
                if (output is not null)
                    x.W.Comment($"xₜ[c] = {below}[c, t]: the map's {x.Features} channels at position t are step t's features (PyTorch's permute(0, 2, 1)).");
                x.W.Line($"global::System.Span<{x.T.Name}> {x.InputSteps} = {x.Scratch(StepInputsOffset(x), x.Steps * x.Features)};");
                EmitTranspose(x, from: input, to: x.InputSteps, fromMap: true);
                input = x.InputSteps;
            }
            x.W.Line($"global::System.Span<{x.T.Name}> {x.Records} = {x.Scratch(0, (x.Steps + 1) * RecordLength)};");
            if (state is null) x.W.Line($"{x.Records}.Slice(0, {RecordLength}).Clear();");
            else EmitStateCopies(x, state, record: 0, toState: false);
            using (x.W.Block($"for (int t = 0; t < {x.Steps}; t++)"))
                x.W.Line($"{RuntimeNames.RecurrentMath}.{Cell switch { RecurrentCell.LSTM => "Lstm", RecurrentCell.GRU => "Gru", _ => "Rnn" }}Step(" +
                    $"{input}.Slice(t * {x.Features}, {x.Features}), {tensor(0, "p")}, {tensor(1, "p")}, {BiasSpans(tensor, "p")}, " +
                    $"{Record(x, "t")}, {Record(x, "t + 1")}{(Cell == RecurrentCell.RNN ? $", relu: {(Nonlinearity == NetGen.Activation.ReLU ? "true" : "false")}" : "")});");
            if (state is not null)
            {
                x.W.Comment($"The state after the last step, for the next call: {StateText}.");
                EmitStateCopies(x, state, record: x.Steps, toState: true);
            }
            if (output is null) return;

            if (ReturnSequences)
            {
                x.W.Comment(last == 0 ? $"a{sup} = h₀, the step's h." : $"a{sup} = h₀ … h{Subscript(last)}, every step's h.");
                using (x.W.Block($"for (int t = 0; t < {x.Steps}; t++)"))
                    x.W.Line($"{x.Records}.Slice((t + 1) * {RecordLength} + {HiddenOffset}, {Units}).CopyTo({output}.Slice(t * {Units}, {Units}));");
                return;
            }

            x.W.Comment($"a{sup} = h{Subscript(last)}, the last step's h (many-to-one).");
            x.W.Line($"{x.Records}.Slice({x.Steps * RecordLength + HiddenOffset}, {Units}).CopyTo({output});");
        }

        /// <summary>
        /// Backpropagation through time from δ (∂C/∂a⁽ˡ⁾: every step's ∂C/∂hₜ, or the last one's), step by step from the last,
        /// into every step's gate gradients in scratch.
        /// </summary>
        private void EmitBackpropagationThroughTime(Writer x, string delta, System.Func<int, string, string> tensor)
        {
            var l = x.Plan;
            string sup = Sup(l.Number);
            x.W.Comment($"Backpropagation through time (docs/math.md, \"{Cell}\"), from the last step: ∂C/∂hₜ is {(ReturnSequences ? $"step t of δ{sup}" : $"δ{sup} at the last step")}");
            x.W.Comment($"plus what step t + 1 sends back through W_hh{sup}{(Cell == RecurrentCell.LSTM ? ", ∂C/∂cₜ what it sends back through fₜ₊₁" : Cell == RecurrentCell.GRU ? " and zₜ₊₁" : "")};");
            x.W.Comment($"{x.GateGradients} keeps every step's ∂C/∂ of the gates' pre-activations, which both gradients below read.");
            x.W.Line($"global::System.Span<{x.T.Name}> {x.GateGradients} = {x.Scratch((x.Steps + 1) * RecordLength, x.Steps * GateGradientLength)};");
            x.W.Line($"global::System.Span<{x.T.Name}> {x.Carry} = {x.Scratch((x.Steps + 1) * RecordLength + x.Steps * GateGradientLength, CarryLength)};");
            x.W.Line($"{x.Carry}.Clear();");
            if (!ReturnSequences) x.W.Line($"{delta}.CopyTo({x.Carry});");
            using (x.W.Block($"for (int t = {x.Steps - 1}; t >= 0; t--)"))
            {
                if (ReturnSequences)
                    x.W.Line($"{RuntimeNames.NetMath}.AddScaled({x.Carry}.Slice(0, {Units}), {delta}.Slice(t * {Units}, {Units}), {x.T.Literal(1)});");
                string gates = $"{x.GateGradients}.Slice(t * {GateGradientLength}, {GateGradientLength})", hidden = $"{x.Carry}.Slice(0, {Units})";
                x.W.Line(Cell switch
                {
                    RecurrentCell.LSTM => $"{RuntimeNames.RecurrentMath}.LstmBackwardStep({tensor(1, "p")}, {Record(x, "t")}, {Record(x, "t + 1")}, {hidden}, {x.Carry}.Slice({Units}, {Units}), {gates});",
                    RecurrentCell.GRU => $"{RuntimeNames.RecurrentMath}.GruBackwardStep({tensor(1, "p")}, {Record(x, "t")}, {Record(x, "t + 1")}, {hidden}, {gates});",
                    _ => $"{RuntimeNames.RecurrentMath}.RnnBackwardStep({tensor(1, "p")}, {Record(x, "t + 1")}, {hidden}, {gates}, relu: {(Nonlinearity == NetGen.Activation.ReLU ? "true" : "false")});",
                });
            }
        }

        /// <summary>
        /// ∂C/∂xₜ = W_ihᵀ (step t's input-side gate gradients) into <paramref name="target"/> (L × F), every step; after a 1-D
        /// map into scratch first, then back through the transpose into the map's C × L order.
        /// </summary>
        private void EmitStepInputGradients(Writer x, string target, System.Func<int, string, string> tensor)
        {
            string steps = target;
            if (x.ReadsMap)
            {
                x.W.Line($"global::System.Span<{x.T.Name}> {x.InputStepGradients} = {x.Scratch(StepInputsOffset(x) + x.Steps * x.Features, x.Steps * x.Features)};");
                steps = x.InputStepGradients;
            }
            using (x.W.Block($"for (int t = 0; t < {x.Steps}; t++)"))
                x.W.Line($"{RuntimeNames.NetMath}.MultiplyTransposed({tensor(0, "p")}, {x.GateGradients}.Slice(t * {GateGradientLength}, {Gates * Units}), " +
                    $"{steps}.Slice(t * {x.Features}, {x.Features}));");
            if (!x.ReadsMap) return;
            x.W.Comment($"∂C/∂a{Sup(x.Plan.Number - 1)}[c, t] = (∂C/∂xₜ)[c]: back through the transpose into the map's order.");
            EmitTranspose(x, from: x.InputStepGradients, to: target, fromMap: false);
        }

        /// <summary>Where the map as steps starts in the layer's scratch (its gradient follows it).</summary>
        private int StepInputsOffset(Writer x) => (int)RecurrentScratchLength(x.Plan.Input);

        /// <summary>Copies a C × L map into L × C steps (<paramref name="fromMap"/>), or steps back into a map.</summary>
        private static void EmitTranspose(Writer x, string from, string to, bool fromMap)
        {
            string map = "c * " + x.Steps + " + t", steps = "t * " + x.Features + " + c";
            using (x.W.Block($"for (int c = 0; c < {x.Features}; c++)"))
            using (x.W.Block($"for (int t = 0; t < {x.Steps}; t++)"))
                x.W.Line(fromMap ? $"{to}[{steps}] = {from}[{map}];" : $"{to}[{map}] = {from}[{steps}];");
        }

        /// <summary>Every step's share of ∂C/∂θ, scaled by <paramref name="scale"/>, added into <paramref name="target"/>'s tensors.</summary>
        private void EmitStepParameterGradients(Writer x, string input, string target, string scale, System.Func<int, string, string> tensor)
        {
            int rows = Gates * Units;
            using (x.W.Block($"for (int t = 0; t < {x.Steps}; t++)"))
            {
                string inputSide = $"{x.GateGradients}.Slice(t * {GateGradientLength}, {rows})";
                string hiddenSide = HiddenSideOffset == 0 ? inputSide : $"{x.GateGradients}.Slice(t * {GateGradientLength} + {HiddenSideOffset}, {rows})";
                x.W.Line($"{RuntimeNames.NetMath}.AddOuterProduct({tensor(0, target)}, {inputSide}, {(x.ReadsMap ? x.InputSteps : input)}.Slice(t * {x.Features}, {x.Features}), {scale});");
                x.W.Line($"{RuntimeNames.NetMath}.AddOuterProduct({tensor(1, target)}, {hiddenSide}, {x.Records}.Slice(t * {RecordLength} + {HiddenOffset}, {Units}), {scale});");
                if (Bias)
                {
                    x.W.Line($"{RuntimeNames.NetMath}.AddScaled({tensor(2, target)}, {inputSide}, {scale});");
                    x.W.Line($"{RuntimeNames.NetMath}.AddScaled({tensor(3, target)}, {hiddenSide}, {scale});");
                }
            }
        }

        /// <summary>Copies h (and c) between the caller's state and record <paramref name="record"/>, in the direction <paramref name="toState"/> says.</summary>
        private void EmitStateCopies(Writer x, System.Func<int, int, string> state, int record, bool toState)
        {
            void Copy(int stateOffset, int recordOffset)
            {
                string inState = state(stateOffset, Units), inRecord = $"{x.Records}.Slice({record * RecordLength + recordOffset}, {Units})";
                x.W.Line(toState ? $"{inRecord}.CopyTo({inState});" : $"{inState}.CopyTo({inRecord});");
            }

            Copy(0, HiddenOffset);
            if (Cell == RecurrentCell.LSTM) Copy(Units, 4 * Units);
        }

        private string StateText => Cell == RecurrentCell.LSTM ? "h, then c" : "h";

        /// <summary>Record <paramref name="step"/> (a variable, or a sum, which gets parentheses) of the records.</summary>
        private string Record(Writer x, string step) =>
            $"{x.Records}.Slice({(step.Contains(" ") ? $"({step})" : step)} * {RecordLength}, {RecordLength})";

        private string BiasSpans(System.Func<int, string, string> tensor, string span) => Bias ? $"{tensor(2, span)}, {tensor(3, span)}" : "default, default";

        private string RecordText => Cell switch
        {
            RecurrentCell.LSTM => "iₜ, fₜ, gₜ, oₜ, cₜ, hₜ",
            RecurrentCell.GRU => "rₜ, zₜ, nₜ, W_hn hₜ₋₁ + b_hn, hₜ",
            _ => "hₜ",
        };

        /// <summary>The step's equations in docs/math.md's notation, with the layer's superscript on its tensors.</summary>
        private string[] Equations(string sup)
        {
            string b(string side, string gate) => Bias ? $" + b_{side}{gate}" : "";
            string gate(string f, string g) => $"{g}ₜ = {f}(W_i{g} xₜ{b("i", g)} + W_h{g} hₜ₋₁{b("h", g)})";
            string rows(int k) => $"rows {k * Units} … {(k + 1) * Units - 1} of W_ih{sup}, W_hh{sup}{(Bias ? $", b_ih{sup}, b_hh{sup}" : "")}";
            return Cell switch
            {
                RecurrentCell.LSTM => new[]
                {
                    $"{gate("σ", "i")}    ({rows(0)})", $"{gate("σ", "f")}    ({rows(1)})", $"{gate("tanh", "g")} ({rows(2)})",
                    $"{gate("σ", "o")}    ({rows(3)})", "cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ", "hₜ = oₜ ⊙ tanh(cₜ)",
                },
                RecurrentCell.GRU => new[]
                {
                    $"{gate("σ", "r")}    ({rows(0)})", $"{gate("σ", "z")}    ({rows(1)})",
                    $"nₜ = tanh(W_in xₜ{b("i", "n")} + rₜ ⊙ (W_hn hₜ₋₁{b("h", "n")}))    ({rows(2)})", "hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁",
                },
                _ => new[] { $"hₜ = {(Nonlinearity == NetGen.Activation.ReLU ? "ReLU" : "tanh")}(W_ih xₜ{(Bias ? " + b_ih" : "")} + W_hh hₜ₋₁{(Bias ? " + b_hh" : "")})" },
            };
        }

        private static string Subscript(int step)
        {
            const string digits = "₀₁₂₃₄₅₆₇₈₉";
            var text = new System.Text.StringBuilder();
            foreach (char digit in step.ToString(CultureInfo.InvariantCulture)) text.Append(digits[digit - '0']);
            return text.ToString();
        }
    }
}
