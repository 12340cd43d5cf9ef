using System.Runtime.CompilerServices;
using NetGen.GeneratedCode;

namespace NetGen
{
    /// <summary>
    /// Scalar arithmetic on the two element types a network can have (float, double), written once for both.
    /// The JIT specialises generic code per value type and folds the <c>typeof</c> tests and the box/unbox pairs away,
    /// so each instantiation is plain float or double code.
    /// </summary>
    internal static class Arithmetic
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double ToDouble<T>(T value) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (float)(object)value;
            if (typeof(T) == typeof(double)) return (double)(object)value;
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T FromDouble<T>(double value) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)(float)value;
            if (typeof(T) == typeof(double)) return (T)(object)value;
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T MultiplyAdd<T>(T accumulator, T left, T right) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)((float)(object)accumulator + (float)(object)left * (float)(object)right);
            if (typeof(T) == typeof(double)) return (T)(object)((double)(object)accumulator + (double)(object)left * (double)(object)right);
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsPositive<T>(T value) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (float)(object)value > 0;
            if (typeof(T) == typeof(double)) return (double)(object)value > 0;
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsGreater<T>(T left, T right) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (float)(object)left > (float)(object)right;
            if (typeof(T) == typeof(double)) return (double)(object)left > (double)(object)right;
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsNaN<T>(T value) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return float.IsNaN((float)(object)value);
            if (typeof(T) == typeof(double)) return double.IsNaN((double)(object)value);
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsNegative<T>(T value) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (float)(object)value < 0;
            if (typeof(T) == typeof(double)) return (double)(object)value < 0;
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Multiply<T>(T left, T right) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)((float)(object)left * (float)(object)right);
            if (typeof(T) == typeof(double)) return (T)(object)((double)(object)left * (double)(object)right);
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Add<T>(T left, T right) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)((float)(object)left + (float)(object)right);
            if (typeof(T) == typeof(double)) return (T)(object)((double)(object)left + (double)(object)right);
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Subtract<T>(T left, T right) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)((float)(object)left - (float)(object)right);
            if (typeof(T) == typeof(double)) return (T)(object)((double)(object)left - (double)(object)right);
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Divide<T>(T left, T right) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)((float)(object)left / (float)(object)right);
            if (typeof(T) == typeof(double)) return (T)(object)((double)(object)left / (double)(object)right);
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Max<T>(T left, T right) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)System.Math.Max((float)(object)left, (float)(object)right);
            if (typeof(T) == typeof(double)) return (T)(object)System.Math.Max((double)(object)left, (double)(object)right);
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Exp<T>(T value) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)NetMath.Exp((float)(object)value);
            if (typeof(T) == typeof(double)) return (T)(object)NetMath.Exp((double)(object)value);
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Log<T>(T value) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)NetMath.Log((float)(object)value);
            if (typeof(T) == typeof(double)) return (T)(object)NetMath.Log((double)(object)value);
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Sigmoid<T>(T value) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)NetMath.Sigmoid((float)(object)value);
            if (typeof(T) == typeof(double)) return (T)(object)NetMath.Sigmoid((double)(object)value);
            throw UnsupportedType<T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T Tanh<T>(T value) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return (T)(object)NetMath.Tanh((float)(object)value);
            if (typeof(T) == typeof(double)) return (T)(object)NetMath.Tanh((double)(object)value);
            throw UnsupportedType<T>();
        }

        private static System.NotSupportedException UnsupportedType<T>() =>
            new System.NotSupportedException($"NetGen networks compute in float or double, not {typeof(T).Name}.");
    }
}
