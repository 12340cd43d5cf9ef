using System.Globalization;

namespace NetGen.Generators.Emitting
{
    /// <summary>The C# spelling of a network's scalar type and of its literals.</summary>
    internal sealed class ScalarType
    {
        public static readonly ScalarType Single = new("float", "f", 4);
        public static readonly ScalarType Double = new("double", "", 8);

        private readonly string _suffix;

        private ScalarType(string name, string suffix, int bytes)
        {
            Name = name;
            _suffix = suffix;
            Bytes = bytes;
        }

        /// <summary>The keyword: float or double.</summary>
        public string Name { get; }

        /// <summary>The bytes of one value: sizeof(float) or sizeof(double).</summary>
        public int Bytes { get; }

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
