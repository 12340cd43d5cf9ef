using System;

namespace NetGen
{
    /// <summary>
    /// Declares a parametric ReLU, as PyTorch's <c>nn.PReLU</c>: a = x where x &gt; 0, else α·x, with a learnable slope α
    /// (the tensor <c>weight</c>, initially 0.25 as in PyTorch). By default one slope serves the whole layer
    /// (<c>nn.PReLU()</c>); with <see cref="PerChannel"/> each channel of a map, or each unit of a vector, has its own
    /// (<c>nn.PReLU(num_parameters = channels)</c>). The same in training and inference mode; no activation argument.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class PReLUAttribute : Attribute
    {
        /// <summary>One slope per channel of a map, or per unit of a vector, instead of one for the whole layer.</summary>
        public bool PerChannel { get; set; }

        /// <summary>The slopes' initial value (PyTorch's <c>init</c>, default 0.25).</summary>
        public double InitialSlope { get; set; } = 0.25;
    }
}
