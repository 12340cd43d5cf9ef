using System;
using System.Globalization;

namespace NetGen.Generators.Rules
{
    /// <summary>How values read in diagnostic messages.</summary>
    internal static class RuleFormat
    {
        public static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

        public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>An undefined enum value as the user would have had to write it, e.g. "(Activation)42".</summary>
        public static string Enum<TEnum>(TEnum value) where TEnum : Enum => $"({typeof(TEnum).Name}){Convert.ToInt32(value, CultureInfo.InvariantCulture)}";
    }
}
