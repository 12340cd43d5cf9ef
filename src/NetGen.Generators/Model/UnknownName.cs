namespace NetGen.Generators.Model
{
    /// <summary>
    /// A name in a network's declaration that binds to nothing: an attribute no type has (<c>[BatchNorm2D]</c>), or a named
    /// argument its NetGen attribute lacks (<c>Dilatoin = 2</c>). The compiler reports it with an error of its own; the rules
    /// add which names NetGen has (NG0046, NG0047).
    /// </summary>
    /// <param name="Written">The name as written, without an "Attribute" suffix: "BatchNorm2D", "Dilatoin".</param>
    /// <param name="Attribute">
    /// For an argument, the NetGen attribute it is written on: "Network", "Input" or a layer kind ("Conv2D"); null for an
    /// unknown attribute.
    /// </param>
    /// <param name="Index">
    /// For an argument, its attribute's position among the type's attributes of that role (layers count all kinds together,
    /// as <see cref="NetworkSpec.Layers"/>); for an unknown attribute, its position among the type's unknown attributes.
    /// </param>
    /// <param name="Known">For an argument, the named arguments its attribute has, in declaration order; empty for an attribute.</param>
    internal sealed record UnknownName(string Written, string? Attribute, int Index, EquatableArray<string> Known);
}
