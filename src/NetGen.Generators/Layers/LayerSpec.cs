using System.Collections.Immutable;
using System.Linq;
using NetGen.Generators.Emitting;
using NetGen.Generators.Model;
using NetGen.Generators.Rules;
using static NetGen.Generators.DiagnosticDescriptors;

namespace NetGen.Generators.Layers
{
    /// <summary>
    /// One declared layer of a kind (<see cref="LayerKinds"/> lists them): everything the pipeline knows about the kind
    /// lives in its subclass — how it is parsed from its attribute (a static Parse), its output shape, its rules, its
    /// parameter tensors and how it emits its forward and backward blocks. The driver (NetworkEmitter) walks the chain and
    /// applies each layer's activation as an element-wise stage. Subclasses are records of plain values, so specs compare
    /// by value and the incremental pipeline caches.
    /// </summary>
    internal abstract record LayerSpec
    {
        /// <summary>The attribute's name without "Attribute", as a user reads it: Dense, Conv2D, MaxPool2D, ….</summary>
        public abstract string Kind { get; }

        /// <summary>The element-wise activation stage after the layer's own computation; null for pooling, which has none.</summary>
        public abstract ActivationSpec? Activation { get; }

        /// <summary>
        /// The non-linearity the layer's output has just been through, as messages name it ("ReLU", "PReLU"); null when its
        /// output is linear in its own computation (a Linear activation stage, or none). A non-linearity declared right after
        /// one reads it (NG0026).
        /// </summary>
        public virtual string? AppliedNonlinearity => Activation is { } stage && stage.Activation != NetGen.Activation.Linear ? stage.Label : null;

        /// <summary>Whether the layer may take <paramref name="activation"/> (what NG0005's code fix may write).</summary>
        public abstract bool Accepts(Activation activation);

        /// <summary>
        /// Reports every broken rule of the layer; returns its output shape, or null when its arguments are invalid or it does
        /// not fit its input (<see cref="LayerCheck.Input"/> is null when an earlier layer is broken: only the layer's own
        /// arguments are checked then).
        /// </summary>
        public abstract Shape? Check(LayerCheck check);

        /// <summary>The output shape for an input the layer fits (after <see cref="Check"/> passed).</summary>
        public abstract Shape OutputShape(Shape input);

        /// <summary>
        /// The layer's parameter tensors for that input, in state_dict order, each with its own initial values (a Dense
        /// layer's weight, then its bias); empty for pooling.
        /// </summary>
        public virtual ImmutableArray<TensorSpec> Tensors(Shape input) => ImmutableArray<TensorSpec>.Empty;

        /// <summary>
        /// The layer's buffers for that input: tensors that are state but not parameters (BatchNorm's running statistics), in
        /// state_dict order, in the network's Buffers span; training never sees them as parameters. Empty for most kinds.
        /// </summary>
        public virtual ImmutableArray<TensorSpec> Buffers(Shape input) => ImmutableArray<TensorSpec>.Empty;

        /// <summary>
        /// The values the kind keeps for the whole batch in the batched training pass (BatchNorm's batch statistics): more
        /// than 0 makes it a reduction point, where the pass waits for every tile of the batch, once before the layer's forward
        /// code (<see cref="EmitBatchStatistics"/>) and once before its input gradient (<see cref="EmitBatchDeltaStatistics"/>).
        /// </summary>
        public virtual int BatchStatisticsLength(Shape input) => 0;

        /// <summary>Writes the reduction before the layer's training-mode forward code, over the input rows of the whole batch.</summary>
        public virtual void EmitBatchStatistics(BatchEmission e) => throw new System.NotSupportedException($"{Kind} keeps no batch statistics.");

        /// <summary>Writes the reduction before the layer's training-mode input gradient, over the Δ rows of the whole batch.</summary>
        public virtual void EmitBatchDeltaStatistics(BatchEmission e) => throw new System.NotSupportedException($"{Kind} keeps no batch statistics.");

        /// <summary>The layer in the architecture string and the header, e.g. "Dense 4 Tanh" or "Conv2D 8 3×3 s2 p1 ReLU".</summary>
        public abstract string Describe();

        /// <summary>The layer's kind and geometry for the header's "kind" column, e.g. "Dense" or "Conv2D 3×3".</summary>
        public virtual string KindColumn => Kind;

        /// <summary>
        /// The terms (multiply-adds, copies) the layer's forward code would write as unrolled statements over named locals,
        /// for kinds that can be unrolled (Dense: fanIn · units); the layout unrolls the layer when they are few
        /// (<see cref="NetworkLayout.UnrollLimit"/>). Null for kinds always computed over spans, by loops or runtime kernels.
        /// </summary>
        public virtual long? UnrolledTerms(Shape input, Shape output) => null;

        /// <summary>
        /// Whether the generated class holds the layer's geometry for the runtime kernels in a static field named
        /// <see cref="LayerPlan.ShapeField"/> ("LayerN"), declared by <see cref="ShapeDeclaration"/>. The rules read this
        /// fact to know which LayerN names the class takes (NG0014).
        /// </summary>
        public virtual bool HasShapeField => false;

        /// <summary>
        /// Whether the layer may read a sequence of steps (<see cref="Shape.IsSteps"/>): a recurrent layer, or a layer that acts on
        /// every step alone with the same weights (Dense, an element-wise activation, Dropout). The rules refuse the others there (NG0045).
        /// </summary>
        public virtual bool ActsOnSteps => false;

        /// <summary>
        /// The values of scratch the layer's code needs beyond its z, a and δ for that input and output (a recurrent layer's
        /// per-step records and gate gradients, which backpropagation through time reads): a slice of the per-thread workspace,
        /// named by <see cref="LayerEmission.Scratch"/> and <see cref="BatchEmission.Scratch"/>. 0 for most kinds. A long, so that
        /// NetworkRules.SizeProblem can refuse a length the workspace cannot hold before the layout takes it as an int.
        /// </summary>
        public virtual long ScratchLength(Shape input, Shape output) => 0;

        /// <summary>
        /// The values of the layer's state across time steps, which the caller owns in Step and ForwardSequence (a recurrent
        /// layer's h, then c for an LSTM); 0 for kinds without state.
        /// </summary>
        public virtual int StateLength => 0;

        /// <summary>
        /// Writes what the layer computes from its δ before its input gradient and its parameter gradient, which both read it
        /// (a recurrent layer's backpropagation through time); nothing for most kinds.
        /// </summary>
        public virtual void EmitInternalGradient(LayerEmission e)
        {
        }

        /// <summary>
        /// Whether the layer's training-mode code reads the step's random numbers (<see cref="LayerEmission.NoiseStream"/>):
        /// then the network keeps a training seed and step and passes the stream to its training passes.
        /// </summary>
        public virtual bool UsesTrainingNoise => false;

        /// <summary>
        /// The declaration of the static field that holds the layer's geometry (after "private static readonly"), for kinds
        /// with <see cref="HasShapeField"/>.
        /// </summary>
        public virtual string ShapeDeclaration(LayerPlan plan) => throw new System.NotSupportedException($"{Kind} has no shape field.");

        /// <summary>Writes the layer's own forward computation: z (or a, without an activation stage) from the layer below.</summary>
        public abstract void EmitForward(LayerEmission e);

        /// <summary>The gradient the layer sends to its input in the notation of docs/math.md, e.g. "W⁽³⁾ᵀ δ⁽³⁾".</summary>
        public abstract string InputGradientText(LayerPlan plan);

        /// <summary>
        /// Writes ∂C/∂(its input) into the span <paramref name="target"/> (overwriting it) from the layer's δ.
        /// <paramref name="stepAlong"/> is the method's gradient sink when the target is δ of a layer below (a kind may take
        /// its SGD step in the same pass, and then say so in <see cref="EmitParameterGradient"/>), null for ∂C/∂x.
        /// </summary>
        public abstract void EmitInputGradient(LayerEmission e, string target, GradientSink? stepAlong);

        /// <summary>
        /// (∂C/∂ its input)ᵢ as one expression, for a layer below whose values are unrolled locals; only kinds that can be
        /// unrolled themselves (<see cref="UnrolledTerms"/>) are ever asked.
        /// </summary>
        public virtual string? InputGradientTerm(LayerEmission e, int i) => null;

        /// <summary>Writes the parameter gradient: added into <c>gradient</c>, or applied as an SGD step to <c>p</c>.</summary>
        public virtual void EmitParameterGradient(LayerEmission e, GradientSink sink)
        {
        }

        /// <summary>Writes the layer's own forward computation over a tile of samples: Z (or A) from the rows below.</summary>
        public abstract void EmitBatchForward(BatchEmission e);

        /// <summary>Writes ∂C/∂(its input) of every sample of the tile into the matrix <paramref name="target"/> (overwriting it) from Δ.</summary>
        public abstract void EmitBatchInputGradient(BatchEmission e, string target);

        /// <summary>How many independent parts the layer's batched parameter gradient has (0 without parameters).</summary>
        public virtual int GradientParts(LayerPlan plan) => 0;

        /// <summary>
        /// Adds part <paramref name="part"/> (a variable in [0, <see cref="GradientParts"/>)) of the parameter gradient summed
        /// over the batch's samples in order into <c>gradient</c>.
        /// </summary>
        public virtual void EmitBatchParameterGradient(BatchEmission e, string part)
        {
        }

        /// <summary>NG0024: map layers need a map (a sequence or an image) below them.</summary>
        internal static bool CheckMapInput(LayerCheck check, Shape input)
        {
            if (input.IsMap) return true;
            check.Report(ImageLayerOnVector, null, check.LayerName, check.NetworkName, check.Kind,
                check.Index == 0 ? $"the [Input] is a vector of {input.Text}" : $"the layer below it gives a vector of {input.Text}");
            return false;
        }
    }

    /// <summary>Where ∂C/∂θ goes: added into the caller's gradient (Backward) or straight into an SGD update (TrainStep).</summary>
    internal enum GradientSink
    {
        Accumulate,
        Update,
    }
}
