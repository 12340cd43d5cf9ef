using System;

namespace NetGen.GeneratedCode
{
    /// <summary>The argument check <see cref="Conv2DShape"/> and <see cref="Pool2DShape"/> share.</summary>
    internal static class LayerShape
    {
        public static void RequirePositive(int value, string parameterName)
        {
            if (value <= 0) throw new ArgumentOutOfRangeException(parameterName, value, "It must be positive.");
        }
    }
}
