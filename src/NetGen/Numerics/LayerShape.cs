using System;

namespace NetGen.GeneratedCode
{
    internal static class LayerShape
    {
        public static void RequirePositive(int value, string parameterName)
        {
            if (value <= 0) throw new ArgumentOutOfRangeException(parameterName, value, "It must be positive.");
        }
    }
}
