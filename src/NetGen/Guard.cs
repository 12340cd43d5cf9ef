using System;
using System.Runtime.CompilerServices;

namespace NetGen
{
    /// <summary>Argument checks used by generated code; the throwing path stays out of line so the checks inline.</summary>
    public static class Guard
    {
        /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="span"/> has exactly <paramref name="expected"/> elements.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Length<T>(ReadOnlySpan<T> span, int expected, string parameterName, string expectedName)
        {
            if (span.Length != expected) ThrowWrongLength(span.Length, expected, parameterName, expectedName);
        }

        /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="span"/> has exactly <paramref name="expected"/> elements.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Length<T>(Span<T> span, int expected, string parameterName, string expectedName)
        {
            if (span.Length != expected) ThrowWrongLength(span.Length, expected, parameterName, expectedName);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowWrongLength(int actual, int expected, string parameterName, string expectedName) =>
            throw new ArgumentException(
                $"{parameterName} has length {actual}; it must have length {expected} ({expectedName}).", parameterName);
    }
}
