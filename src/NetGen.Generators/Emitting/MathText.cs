using System.Globalization;
using System.Text;

namespace NetGen.Generators.Emitting
{
    /// <summary>The notation of docs/math.md in comments: layer superscripts such as z⁽¹²⁾.</summary>
    internal static class MathText
    {
        private const string SuperscriptDigits = "⁰¹²³⁴⁵⁶⁷⁸⁹";

        /// <summary>⁽ˡ⁾ for layer <paramref name="layer"/>.</summary>
        public static string Sup(int layer)
        {
            var text = new StringBuilder("⁽");
            foreach (char digit in layer.ToString(CultureInfo.InvariantCulture)) text.Append(SuperscriptDigits[digit - '0']);
            return text.Append('⁾').ToString();
        }

        public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
