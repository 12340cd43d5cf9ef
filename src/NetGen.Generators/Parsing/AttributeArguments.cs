using Microsoft.CodeAnalysis;

namespace NetGen.Generators.Parsing
{
    /// <summary>
    /// The constant arguments of one attribute application, read by position or name. Layer kinds parse themselves from
    /// this, so that only the parser's side of it touches symbols; an argument that is missing or not a constant of the
    /// expected type reads as null (the compiler reports the broken attribute).
    /// </summary>
    internal readonly struct AttributeArguments
    {
        private readonly AttributeData _attribute;

        public AttributeArguments(AttributeData attribute) => _attribute = attribute;

        /// <summary>How many constructor arguments the application binds (defaults included).</summary>
        public int Count => _attribute.ConstructorArguments.Length;

        public int? Int(int position) =>
            _attribute.ConstructorArguments.Length > position && _attribute.ConstructorArguments[position].Value is int value ? value : null;

        public double? Double(int position) =>
            _attribute.ConstructorArguments.Length > position && _attribute.ConstructorArguments[position].Value is double value ? value : null;

        public int? NamedInt(string name) => Named(name)?.Value is int value ? value : null;

        public double? NamedDouble(string name) => Named(name)?.Value is double value ? value : null;

        public bool? NamedBool(string name) => Named(name)?.Value is bool value ? value : null;

        public TypedConstant? Named(string name)
        {
            foreach (var pair in _attribute.NamedArguments)
                if (pair.Key == name) return pair.Value;
            return null;
        }
    }
}
