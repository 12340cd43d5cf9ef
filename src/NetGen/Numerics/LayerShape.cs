using System;

namespace NetGen.GeneratedCode
{
    /// <summary>The argument checks <see cref="Conv2DShape"/> and <see cref="Pool2DShape"/> share.</summary>
    internal static class LayerShape
    {
        public static void RequirePositive(int value, string parameterName)
        {
            if (value <= 0) throw new ArgumentOutOfRangeException(parameterName, value, "It must be positive.");
        }

        public static void RequireNotNegative(int value, string parameterName)
        {
            if (value < 0) throw new ArgumentOutOfRangeException(parameterName, value, "It must not be negative.");
        }

        /// <summary>d·(k − 1) + 1: the input rows (or columns) a dilated kernel spans.</summary>
        public static int Extent(int kernel, int dilation) => dilation * (kernel - 1) + 1;
    }
}
