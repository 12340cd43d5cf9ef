using System.Runtime.CompilerServices;

namespace NetGen
{
    /// <summary>
    /// How the runtime's hot methods are compiled: the kernels (loops of SIMD arithmetic with no virtual call and few
    /// branches) and the training loop's passes over data and parameters. Dynamic PGO has little to learn from them, but
    /// their unoptimised tier-0 code runs many times slower for the first 100 ms or so of a process, a window in which a small
    /// data set is trained and a game's first frames run. So they are compiled optimised on their first call
    /// (docs/benchmarks.md, "Warm-up", has the measurement).
    /// </summary>
    internal static class HotPath
    {
#if NET8_0_OR_GREATER
        public const MethodImplOptions Optimized = MethodImplOptions.AggressiveOptimization;
#else
        public const MethodImplOptions Optimized = 0; // netstandard2.0 has no such flag: the host compiles as it does.
#endif
    }
}
