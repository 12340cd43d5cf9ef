using System.Globalization;

namespace NetGen
{
    /// <summary>Small pieces of message text shared by the runtime's and the generator's errors.</summary>
    internal static class Wording
    {
        /// <summary>"1 value", "3 values": a count with its noun in the right number.</summary>
        public static string Count(int count, string noun) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
    }
}
