using System;

namespace NetGen
{
    /// <summary>
    /// Declares global max pooling: each channel of the 1-D or 2-D map below becomes its maximum, a vector of C values, as
    /// PyTorch's <c>nn.AdaptiveMaxPool2d(1)</c> followed by <c>nn.Flatten()</c>. No parameters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class GlobalMaxPoolAttribute : Attribute
    {
    }
}
