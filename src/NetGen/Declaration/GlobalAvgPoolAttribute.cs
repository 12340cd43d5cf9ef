using System;

namespace NetGen
{
    /// <summary>
    /// Declares global average pooling: each channel of the 1-D or 2-D map below becomes its mean, a vector of C values, as
    /// PyTorch's <c>nn.AdaptiveAvgPool2d(1)</c> followed by <c>nn.Flatten()</c>. No parameters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class GlobalAvgPoolAttribute : Attribute
    {
    }
}
