using System.Collections.Immutable;
using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;
using NetGen.Generators.Rules;

namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// A valid spec with everything the emitter derives from it worked out once: shapes, parameter tensors and offsets,
    /// resolved activation parameters and initialisers, the unroll-or-loop decision and where each layer's values live.
    /// </summary>
    internal sealed class NetworkLayout
    {
        /// <summary>
        /// The one place that decides between unrolled and looped code. A Dense layer of up to this many weights is fully
        /// unrolled (every neuron's z and a are named locals); wider layers loop over rows with vectorised dot products.
        /// Measured with BenchmarkDotNet (docs/benchmarks-frozen.md, net M = 16 → 32 → 32 → 4): Forward took 2.39 µs with
        /// layers of up to 1,024 weights unrolled, 0.45 µs with up to 256, 0.42 µs with up to 32 or 16. Long unrolled sums
        /// are serial chains of additions and large methods cost JIT time; tiny layers stay unrolled and readable.
        /// The limit counts a kind's unrolled terms (<see cref="LayerSpec.UnrolledTerms"/>: weights of a Dense layer, copies of an
        /// activation layer); kinds that cannot be unrolled (image layers) always call the runtime's kernels.
        /// </summary>
        public const int UnrollLimit = 32;

        private NetworkLayout(NetworkSpec spec, Shape input, ImmutableArray<LayerPlan> layers, int workspaceLength, BufferStrategy buffer,
            EquatableArray<double>? bakedWeights, bool constantSpans, bool optimizedFromFirstCall, NetworkLayout? declared, ImmutableArray<BatchNormFold> folds)
        {
            _declared = declared;
            Folds = folds;
            OptimizedFromFirstCall = optimizedFromFirstCall;
            Spec = spec;
            Input = input;
            Layers = layers;
            WorkspaceLength = workspaceLength;
            Buffer = buffer;
            BakedWeights = bakedWeights;
            ConstantSpans = constantSpans;
            Scalar = ScalarType.Of(spec.Precision);
        }

        private readonly NetworkLayout? _declared;

        /// <summary>
        /// The network as declared, whose parameters, buffers, architecture and layer sizes the class reports; this layout
        /// itself unless it computes a folded network (<see cref="Folds"/>).
        /// </summary>
        public NetworkLayout Declared => _declared ?? this;

        /// <summary>The BatchNorms folded into the layer before them (frozen networks only); this layout computes the folded network.</summary>
        public ImmutableArray<BatchNormFold> Folds { get; }

        public NetworkSpec Spec { get; }

        /// <summary>The shape of the input (a vector or a map).</summary>
        public Shape Input { get; }

        public ImmutableArray<LayerPlan> Layers { get; }

        public ScalarType Scalar { get; }

        /// <summary>
        /// The values of the per-thread workspace that holds the maps' and steps' z, a and δ and the layers' scratch; 0 without
        /// them.
        /// </summary>
        public int WorkspaceLength { get; }

        /// <summary>Where the parameters live (irrelevant when <see cref="Frozen"/>).</summary>
        public BufferStrategy Buffer { get; }

        /// <summary>The parameters of the Weights file, compiled into the class; null without one.</summary>
        public EquatableArray<double>? BakedWeights { get; }

        /// <summary>Whether the weights are constants in the code: no parameter memory, inference only.</summary>
        public bool Frozen => Spec.Frozen && BakedWeights is not null;

        /// <summary>
        /// Whether the hot methods carry MethodImplOptions.AggressiveOptimization: compiled optimised on their first call
        /// instead of running tier-0 code for the first 100 ms or so (docs/benchmarks.md, "Warm-up"); where the target has it.
        /// </summary>
        public bool OptimizedFromFirstCall { get; }

        /// <summary>Whether baked weights can be a ReadOnlySpan over the data section (else a static array).</summary>
        public bool ConstantSpans { get; }

        public Loss Loss => Spec.Loss!.Value;

        public int InputSize => (int)Input.Size;

        public int OutputSize => Output.Units;

        public int ParameterCount => Layers.SelectMany(l => l.Tensors).Sum(t => t.Length);

        public ImmutableArray<ParameterTensor> Tensors => Layers.SelectMany(l => l.Tensors).ToImmutableArray();

        /// <summary>The values of every layer's buffers (BatchNorm's running statistics): the length of Buffers.</summary>
        public int BufferCount => Layers.SelectMany(l => l.Buffers).Sum(t => t.Length);

        public ImmutableArray<ParameterTensor> BufferTensors => Layers.SelectMany(l => l.Buffers).ToImmutableArray();

        /// <summary>
        /// The layers where the batched training pass reduces over the whole batch (<see cref="LayerSpec.BatchStatisticsLength"/>),
        /// in order: each splits the pass into one more forward and one more backward stage.
        /// </summary>
        public ImmutableArray<LayerPlan> ReductionLayers => Layers.Where(l => l.StatisticsOffset is not null).ToImmutableArray();

        /// <summary>The batch-wide values the reduction layers keep in the batched training pass, after the samples' values.</summary>
        public int StatisticsLength => Layers.Sum(l => l.StatisticsOffset is null ? 0 : l.Spec.BatchStatisticsLength(l.Input));

        public LayerPlan Output => Layers[Layers.Length - 1];

        /// <summary>Every recurrent layer's state in order (h, then c for an LSTM): the length of Step's state span; 0 without state.</summary>
        public int StateSize => Layers.Sum(l => l.Spec.StateLength);

        /// <summary>
        /// The same network on one step (its input's Steps = 1), whose forward pass, from and back into the caller's state, is
        /// Step: every layer computes what it computes for one step of a sequence, with the same kernels in the same order.
        /// </summary>
        public static NetworkLayout ForOneStep(NetworkInput input)
        {
            var spec = input.Spec;
            var oneStep = spec with { Inputs = new[] { spec.Inputs[0] with { Steps = 1 } }.ToEquatableArray() };
            return Create(input with { Spec = oneStep });
        }

        /// <summary>Whether a layer's training code draws random numbers (dropout): the class then keeps a training seed and step.</summary>
        public bool UsesTrainingNoise => !Frozen && !StreamingOnly && Layers.Any(l => l.Spec.UsesTrainingNoise);

        /// <summary>
        /// Whether the network is streaming-only (<see cref="NetworkSpec.IsStreamingOnly"/>): laid out on one step, it has
        /// Step and ForwardSequence and none of the members that need a whole input (Forward, the loss, batches, training).
        /// </summary>
        public bool StreamingOnly => Spec.IsStreamingOnly;

        /// <summary>Whether a⁽¹⁾ is read straight from the input span (the first layer loops) or copied into named locals.</summary>
        public bool InputInSpan => Layers[0].IsLooped;

        /// <summary>
        /// The layout of the code: the declared network, or for a frozen one whose BatchNorms fold into the layers before them
        /// the folded network (<see cref="BatchNormFolding"/>), with <see cref="Declared"/> the declared one.
        /// </summary>
        public static NetworkLayout Create(NetworkInput input)
        {
            var declared = Plan(input, declared: null, ImmutableArray<BatchNormFold>.Empty);
            if (!declared.Frozen || BatchNormFolding.Fold(declared.Spec, declared.BakedWeights!.Value) is not { } folded) return declared;
            return Plan(input with { Spec = folded.Spec, Weights = input.Weights! with { Values = folded.Values } }, declared, folded.Folds);
        }

        private static NetworkLayout Plan(NetworkInput input, NetworkLayout? declared, ImmutableArray<BatchNormFold> folds)
        {
            var (spec, facts, weights) = (input.Spec, input.Facts, input.Weights);
            var shapes = NetworkRules.Shapes(spec)!.Value;
            var tensors = ParameterTensors.Of(spec, shapes);
            var buffers = ParameterTensors.Buffers(spec, shapes);
            var layers = ImmutableArray.CreateBuilder<LayerPlan>(spec.Layers.Count);
            int workspace = 0, tensor = 0, buffer = 0, statistics = 0, state = 0;
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                var layer = spec.Layers[i];
                var tensorSpecs = layer.Tensors(shapes[i]);
                var layerTensors = tensors.Skip(tensor).Take(tensorSpecs.Length).ToImmutableArray();
                tensor += layerTensors.Length;
                var bufferSpecs = layer.Buffers(shapes[i]);
                var layerBuffers = buffers.Skip(buffer).Take(bufferSpecs.Length).ToImmutableArray();
                buffer += layerBuffers.Length;
                int statisticsLength = layer.BatchStatisticsLength(shapes[i]);
                bool isLooped = IsLooped(layer, shapes[i], shapes[i + 1]);
                bool nextIsLooped = i + 1 < spec.Layers.Count && IsLooped(spec.Layers[i + 1], shapes[i + 1], shapes[i + 2]);
                int scratch = checked((int)layer.ScratchLength(shapes[i], shapes[i + 1])), scratchOffset = workspace; // SizeProblem bounds it
                workspace += scratch;
                var plan = new LayerPlan(i, i == 0 ? null : layers[i - 1], layer, shapes[i], shapes[i + 1], tensorSpecs, layerTensors, isLooped,
                    usesSpans: isLooped || nextIsLooped, isOutput: i == spec.Layers.Count - 1, workspaceOffset: InWorkspace(shapes[i + 1]) ? workspace : null,
                    bufferSpecs, layerBuffers, statisticsLength > 0 ? statistics : null, scratch > 0 ? scratchOffset : null, layer.StateLength > 0 ? state : null);
                state += layer.StateLength;
                workspace += plan.WorkspaceValues;
                statistics += statisticsLength;
                layers.Add(plan);
            }

            long parameterBytes = NetworkRules.ParameterBytes(spec, tensors.Sum(t => t.Length));
            return new NetworkLayout(spec, shapes[0], layers.MoveToImmutable(), workspace, facts.ChooseBuffer(parameterBytes),
                weights is { Status: WeightsStatus.Loaded } ? weights.Values : null, facts.SupportsConstantSpans, facts.SupportsAggressiveOptimization, declared, folds);
        }

        private static bool IsLooped(LayerSpec layer, Shape input, Shape output) => layer.UnrolledTerms(input, output) is not long terms || terms > UnrollLimit;

        /// <summary>
        /// The one place that decides where a layer's z, a and δ live: a feature map (8×26×26 floats is 21 KiB) or a sequence of
        /// steps in the per-thread workspace, allocated once per thread and reused, so deep image networks and long sequences
        /// never overflow a thread's stack; a vector on the stack (stackalloc'd spans or named locals), which costs nothing to
        /// get. The rules ask it too, to know whether the class declares a workspace (NG0014).
        /// </summary>
        public static bool InWorkspace(Shape output) => output.IsMap || output.IsSteps;

        /// <summary>Whether the class has a per-thread workspace: a layer's values live there, or a layer needs scratch.</summary>
        public static bool UsesWorkspace(NetworkSpec spec, ImmutableArray<Shape> shapes) =>
            shapes.Skip(1).Any(InWorkspace) || spec.Layers.Select((layer, i) => layer.ScratchLength(shapes[i], shapes[i + 1])).Any(length => length > 0);
    }

    /// <summary>One declared layer, the plan for its code and where its values live.</summary>
    internal sealed class LayerPlan
    {
        public LayerPlan(int index, LayerPlan? below, LayerSpec spec, Shape input, Shape output, ImmutableArray<TensorSpec> tensorSpecs,
            ImmutableArray<ParameterTensor> tensors, bool isLooped, bool usesSpans, bool isOutput, int? workspaceOffset,
            ImmutableArray<TensorSpec> bufferSpecs, ImmutableArray<ParameterTensor> buffers, int? statisticsOffset, int? scratchOffset, int? stateOffset)
        {
            StateOffset = stateOffset;
            ScratchOffset = scratchOffset;
            BufferSpecs = bufferSpecs;
            Buffers = buffers;
            StatisticsOffset = statisticsOffset;
            Index = index;
            Below = below;
            Spec = spec;
            Input = input;
            Output = output;
            TensorSpecs = tensorSpecs;
            Tensors = tensors;
            IsLooped = isLooped;
            UsesSpans = usesSpans;
            IsOutput = isOutput;
            WorkspaceOffset = workspaceOffset;
        }

        /// <summary>The layer's position among the declared layers, from 0.</summary>
        public int Index { get; }

        /// <summary>l, the layer's number in docs/math.md's notation (z⁽ˡ⁾, a⁽ˡ⁾, δ⁽ˡ⁾), where the input is layer 1: Index + 2.</summary>
        public int Number => Index + 2;

        /// <summary>The layer whose output this one reads; null when it reads the network's input.</summary>
        public LayerPlan? Below { get; }

        public LayerSpec Spec { get; }

        public Shape Input { get; }

        public Shape Output { get; }

        /// <summary>The layer's parameter tensors as the kind declares them (symbol, initialiser); empty for pooling.</summary>
        public ImmutableArray<TensorSpec> TensorSpecs { get; }

        /// <summary>The same tensors placed in Parameters, with their state_dict keys and offsets.</summary>
        public ImmutableArray<ParameterTensor> Tensors { get; }

        /// <summary>The layer's buffers as the kind declares them (BatchNorm's running statistics); empty for most kinds.</summary>
        public ImmutableArray<TensorSpec> BufferSpecs { get; }

        /// <summary>The same buffers placed in Buffers, with their state_dict keys and offsets.</summary>
        public ImmutableArray<ParameterTensor> Buffers { get; }

        /// <summary>Where the layer's batch statistics start among the batched training pass's batch-wide values; null for most kinds.</summary>
        public int? StatisticsOffset { get; }

        /// <summary>Tensor <paramref name="index"/>'s symbol with the layer's superscript, e.g. W⁽²⁾ or b⁽²⁾.</summary>
        public string Symbol(int index) => TensorSpecs[index].Symbol + MathText.Sup(Number);

        /// <summary>The values the layer reads: its input flattened.</summary>
        public int FanIn => (int)Input.Size;

        /// <summary>The values the layer gives: its output flattened.</summary>
        public int Units => (int)Output.Size;

        /// <summary>Whether the layer has an element-wise activation stage (pooling has none, so z is a).</summary>
        public bool HasActivation => Spec.Activation is not null;

        public Activation Activation => Spec.Activation?.Activation ?? Activation.Linear;

        /// <summary>The activation's parameter after defaults (slope, threshold or α); 0 when it has none, 1 without an activation stage.</summary>
        public double Parameter => Spec.Activation?.Parameter ?? 1;

        public string ActivationLabel => Spec.Activation?.Label ?? "";

        /// <summary>Whether the layer's arithmetic is a loop or a kernel call rather than unrolled statements.</summary>
        public bool IsLooped { get; }

        /// <summary>Whether z, a and δ live in spans (needed when this layer or the next one loops).</summary>
        public bool UsesSpans { get; }

        public bool IsOutput { get; }

        public bool IsSoftmax => Activation == Activation.Softmax;

        public bool IsLogSoftmax => Activation == Activation.LogSoftmax;

        /// <summary>Whether the activation couples the layer's outputs (<see cref="ActivationMath.IsRowWise"/>).</summary>
        public bool IsRowWise => HasActivation && ActivationMath.IsRowWise(Activation);

        /// <summary>Where the layer's values start in the workspace; null when they live on the stack.</summary>
        public int? WorkspaceOffset { get; }

        /// <summary>Where the layer's scratch (<see cref="LayerSpec.ScratchLength"/>) starts in the workspace; null without one.</summary>
        public int? ScratchOffset { get; }

        /// <summary>Where the layer's state (<see cref="LayerSpec.StateLength"/>) starts in the caller's state span; null without state.</summary>
        public int? StateOffset { get; }

        /// <summary>The workspace values the layer takes: z (with an activation stage), a and δ.</summary>
        public int WorkspaceValues => WorkspaceOffset is null ? 0 : Units * (HasActivation ? 3 : 2);

        /// <summary>The static field holding the layer's geometry for the runtime kernels (image layers).</summary>
        public string ShapeField => $"Layer{Number}";

        /// <summary>A quantity (z, a, or d for δ) of neuron <paramref name="index"/>: a local or a span element. Without an activation stage z is a.</summary>
        public string Ref(char quantity, int index) => UsesSpans ? $"{Name(quantity)}[{index}]" : $"{Name(quantity)}_{index}";

        /// <summary>A quantity at a loop index such as "j" (span storage only).</summary>
        public string Ref(char quantity, string index) => $"{Name(quantity)}[{index}]";

        /// <summary>The left-hand side that defines a quantity: "var z2_0" or "z2[0]".</summary>
        public string Define(char quantity, int index) => UsesSpans ? Ref(quantity, index) : "var " + Ref(quantity, index);

        /// <summary>The span holding a quantity.</summary>
        public string Span(char quantity) => Name(quantity);

        /// <summary>What a span of the quantity is initialised with: stack memory, or its slice of the workspace.</summary>
        public string Allocation(char quantity, ScalarType t)
        {
            if (WorkspaceOffset is not int offset) return $"stackalloc {t.Name}[{Units}]";
            // a, then δ, then z; without an activation stage z is a (Name maps it), so it never takes a slot of its own.
            int slot = quantity == 'd' ? 1 : quantity == 'z' && HasActivation ? 2 : 0;
            return $"workspace.Slice({offset + slot * Units}, {Units})";
        }

        /// <summary>
        /// A quantity over a tile of samples in the batched code, one sample per row: Z2, A2 or D2 (Δ) for layer 2, a slice
        /// of the per-thread tile workspace. Without an activation stage Z is A.
        /// </summary>
        public string Matrix(char quantity) => char.ToUpperInvariant(quantity == 'z' && !HasActivation ? 'a' : quantity) + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        private string Name(char quantity) => $"{(quantity == 'z' && !HasActivation ? 'a' : quantity)}{Number}";
    }
}
