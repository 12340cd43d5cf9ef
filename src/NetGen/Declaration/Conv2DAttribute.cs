using System;

namespace NetGen
{
    /// <summary>
    /// Declares a 2-D convolution over the feature map below it, as PyTorch's <c>nn.Conv2d</c>:
    /// z[f, i, j] = b[f] + Σ K[f, c, u, v] · a[c, i·s − p + u, j·s − p + v], then a = σ(z). Its output is a map of
    /// <see cref="Filters"/> channels and (H + 2·Padding − Kernel) / Stride + 1 rows (and columns likewise).
    /// Parameters: the kernel K [filters, channels, kernel, kernel] row-major, then the bias [filters].
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class Conv2DAttribute : Attribute
    {
        /// <summary>Declares <paramref name="filters"/> filters of <paramref name="kernel"/> × <paramref name="kernel"/> with the activation <paramref name="activation"/>.</summary>
        public Conv2DAttribute(int filters, int kernel, Activation activation = Activation.Linear)
        {
            Filters = filters;
            Kernel = kernel;
            Activation = activation;
        }

        /// <summary>The number of filters: the output map's channels.</summary>
        public int Filters { get; }

        /// <summary>The side of the square kernel.</summary>
        public int Kernel { get; }

        /// <summary>The activation function σ (any but <see cref="Activation.Softmax"/>).</summary>
        public Activation Activation { get; }

        /// <summary>The step between kernel positions, in pixels (default 1).</summary>
        public int Stride { get; set; } = 1;

        /// <summary>Zero pixels added on every side of the input (default 0).</summary>
        public int Padding { get; set; }

        /// <summary>The slope k of <see cref="Activation.Linear"/> (default 1) or s of <see cref="Activation.LeakyReLU"/> (default 0.01). NaN when unset.</summary>
        public double Slope { get; set; } = double.NaN;

        /// <summary>The threshold k of <see cref="Activation.Step"/> (default 0). NaN when unset.</summary>
        public double Threshold { get; set; } = double.NaN;

        /// <summary>The α of <see cref="Activation.ELU"/> (default 1). NaN when unset.</summary>
        public double Alpha { get; set; } = double.NaN;

        /// <summary>How the kernel is initialised (default <see cref="WeightInit.Auto"/>; fan-in C·k², fan-out F·k²).</summary>
        public WeightInit Init { get; set; }

        /// <summary>The initial value of every bias (default 0).</summary>
        public double BiasInit { get; set; }
    }
}
