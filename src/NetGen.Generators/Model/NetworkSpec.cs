using NetGen.Generators.Layers;

namespace NetGen.Generators.Model
{
    /// <summary>
    /// Everything the generator and the analyzers know about one declared network, as plain values: no symbol,
    /// syntax node or location survives the parser, so two specs compare equal exactly when the generated code would.
    /// </summary>
    /// <param name="Type">The declaring type and its surroundings.</param>
    /// <param name="Loss">The loss argument; null when the argument is missing or not a constant (the compiler reports that).</param>
    /// <param name="Precision">The Precision named argument (Single when unset).</param>
    /// <param name="Seed">The Seed named argument (0 when unset).</param>
    /// <param name="Inputs">Every [Input], in declaration order (valid networks have exactly one).</param>
    /// <param name="Layers">Every layer attribute (any of <see cref="LayerKinds"/>), in declaration order.</param>
    /// <param name="LayerDeclarationCount">How many partial declarations of the type carry [Input] or a layer.</param>
    /// <param name="WeightsFile">The Weights named argument: a state_dict JSON among the AdditionalFiles, or null.</param>
    /// <param name="Frozen">The Frozen named argument: weights as constants in the code, inference only.</param>
    /// <param name="ModelFile">The Model named argument: an ONNX model among the AdditionalFiles, or null.</param>
    /// <param name="ReferenceInput">The ReferenceInput named argument: a TensorProto file the import is run on at build time, or null.</param>
    /// <param name="ReferenceOutput">The ReferenceOutput named argument: the TensorProto file the import must reproduce, or null.</param>
    /// <param name="UnknownNames">Attributes and named arguments in the declaration that bind to nothing, in source order.</param>
    internal sealed record NetworkSpec(
        TypeSpec Type,
        Loss? Loss,
        Precision Precision,
        int Seed,
        EquatableArray<InputSpec> Inputs,
        EquatableArray<LayerSpec> Layers,
        int LayerDeclarationCount,
        string? WeightsFile,
        bool Frozen,
        string? ModelFile = null,
        string? ReferenceInput = null,
        string? ReferenceOutput = null,
        EquatableArray<UnknownName> UnknownNames = default)
    {
        /// <summary>The file the baked parameters come from: the Weights file, else the Model file.</summary>
        public string? ParameterFile => WeightsFile ?? ModelFile;

        /// <summary>
        /// The network an import describes: a network that declares no layers takes the model's [Input] and layers; one that
        /// declares them keeps its own (the rules compare them with the model's, which then supplies only the weights).
        /// </summary>
        public NetworkSpec WithModel(ImportedModel? model) =>
            model is { IsComplete: true, Input: { } input } && Layers.Count == 0
                ? this with { Inputs = Inputs.Count == 0 ? new EquatableArray<InputSpec>(System.Collections.Immutable.ImmutableArray.Create(input)) : Inputs, Layers = model.Layers }
                : this;

        /// <summary>
        /// The architecture in one line, as generated networks report it and weight files and state_dict JSON record it:
        /// input shape, every layer with its geometry and activation, loss, precision.
        /// </summary>
        public string ArchitectureText(Shape input) =>
            $"{input.Text} → {string.Join(" → ", System.Linq.Enumerable.Select(Layers, l => l.Describe()))}; {Loss}; {(Precision == Precision.Double ? "double" : "float")}";
    }

    /// <summary>The type that carries [Network].</summary>
    /// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
    /// <param name="Name">The type's name.</param>
    /// <param name="Kind">The kind of declaration.</param>
    /// <param name="IsPartial">Whether every declaration says <c>partial</c>.</param>
    /// <param name="IsStatic">Whether the type is static.</param>
    /// <param name="IsGeneric">Whether the type has type parameters.</param>
    /// <param name="ContainingTypes">The types it is nested in, outermost first.</param>
    /// <param name="ConflictingMembers">Members the user declared under a name the generator must declare.</param>
    internal sealed record TypeSpec(
        string? Namespace,
        string Name,
        TypeKindSpec Kind,
        bool IsPartial,
        bool IsStatic,
        bool IsGeneric,
        EquatableArray<ContainingTypeSpec> ContainingTypes,
        EquatableArray<string> ConflictingMembers)
    {
        /// <summary>The name a reader recognises: containing types and the type, joined by dots.</summary>
        public string DisplayName => ContainingTypes.Count == 0 ? Name : string.Join(".", System.Linq.Enumerable.Select(ContainingTypes, t => t.Name)) + "." + Name;
    }

    /// <summary>A type that a network type is nested in.</summary>
    internal sealed record ContainingTypeSpec(string Name, TypeKindSpec Kind, bool IsPartial, bool IsGeneric);

    /// <summary>The declaration kinds the parser tells apart.</summary>
    internal enum TypeKindSpec
    {
        Class,
        Struct,
        Interface,
        RecordClass,
        RecordStruct,
    }

    /// <summary>
    /// One [Input] as declared: one size (a vector), channels and length (a sequence) or channels, height and width (an image);
    /// <paramref name="Steps"/> the Steps named argument (null when unset): a vector of features per step, that many steps.
    /// </summary>
    internal sealed record InputSpec(EquatableArray<int> Dimensions, int? Steps = null)
    {
        /// <summary>The constructor parameters' names, for pointing at the offending one.</summary>
        public string ArgumentName(int dimension) => Dimensions.Count switch
        {
            1 => "size",
            2 => dimension == 0 ? "channels" : "length",
            _ => dimension switch { 0 => "channels", 1 => "height", _ => "width" },
        };

        /// <summary>Why the Steps argument cannot be (NG0043), or null when it is unset or fits.</summary>
        public string? StepsProblem => Steps switch
        {
            null => null,
            < 1 => "a sequence needs at least 1 step",
            _ when Dimensions.Count != 1 => "Steps applies to [Input(features)], a vector of features per step, not to a map",
            _ => null,
        };

        /// <summary>Whether the arguments bound one of [Input]'s constructors; the compiler reports others.</summary>
        public bool IsBound => Dimensions.Count is 1 or 2 or 3;

        /// <summary>The shape it declares (for bound dimensions that are all positive, and Steps positive on a vector when set).</summary>
        public Shape Shape => Dimensions.Count switch
        {
            1 when Steps is int steps => Shape.Steps(Dimensions[0], steps),
            1 => Shape.Vector(Dimensions[0]),
            2 => Shape.Sequence(Dimensions[0], Dimensions[1]),
            _ => Shape.Map(Dimensions[0], Dimensions[1], Dimensions[2]),
        };
    }
}
