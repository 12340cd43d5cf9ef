using System.Globalization;

namespace NetGen.Generators.Emitting
{
    /// <summary>The C# spelling of a network's scalar type and of its literals.</summary>
    internal sealed class ScalarType
    {
        public static readonly ScalarType Single = new("float", "f");
        public static readonly ScalarType Double = new("double", "");

        private readonly string _suffix;

        private ScalarType(string name, string suffix)
        {
            Name = name;
            _suffix = suffix;
        }

        /// <summary>The keyword: float or double.</summary>
        public string Name { get; }

        public static ScalarType Of(Precision precision) => precision == Precision.Double ? Double : Single;

        /// <summary>A literal that round-trips <paramref name="value"/> at this precision, e.g. 0.01f or 0.01.</summary>
        public string Literal(double value)
        {
            string text = _suffix == "f"
                ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
                : value.ToString("R", CultureInfo.InvariantCulture);
            if (text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0) text += ".0";
            return text + _suffix;
        }
    }
}
