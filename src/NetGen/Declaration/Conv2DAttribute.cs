using System;

namespace NetGen
{
    /// <summary>
    /// Declares a 2-D convolution over the feature map below it, as PyTorch's <c>nn.Conv2d</c>:
    /// z[f, i, j] = b[f] + Σ K[f, c, u, v] · a[g·C/G + c, i·sh − pt + u·dh, j·sw − pl + v·dw], then a = σ(z) (docs/math.md). Its
    /// output is a map of <see cref="Filters"/> channels and ⌊(H + pt + pb − dh·(kh − 1) − 1) / sh⌋ + 1 rows (and columns
    /// likewise). Parameters: the kernel K [filters, channels / Groups, kernelHeight, kernelWidth] row-major, then (unless
    /// Bias = false) the bias [filters].
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class Conv2DAttribute : Attribute
    {
        /// <summary>Declares <paramref name="filters"/> filters of <paramref name="kernel"/> × <paramref name="kernel"/> with the activation <paramref name="activation"/>.</summary>
        public Conv2DAttribute(int filters, int kernel, Activation activation = Activation.Linear)
            : this(filters, kernel, kernel, activation)
        {
        }

        /// <summary>Declares <paramref name="filters"/> filters of <paramref name="kernelHeight"/> × <paramref name="kernelWidth"/> with the activation <paramref name="activation"/>.</summary>
        public Conv2DAttribute(int filters, int kernelHeight, int kernelWidth, Activation activation = Activation.Linear)
        {
            Filters = filters;
            KernelHeight = kernelHeight;
            KernelWidth = kernelWidth;
            Activation = activation;
        }

        /// <summary>The number of filters: the output map's channels.</summary>
        public int Filters { get; }

        /// <summary>The kernel's side, for a square kernel; its height otherwise.</summary>
        public int Kernel => KernelHeight;

        /// <summary>The kernel's rows.</summary>
        public int KernelHeight { get; }

        /// <summary>The kernel's columns.</summary>
        public int KernelWidth { get; }

        /// <summary>The activation function σ (any but <see cref="Activation.Softmax"/>).</summary>
        public Activation Activation { get; }

        /// <summary>The step between kernel positions, in rows (and columns unless StrideWidth is set) (default 1).</summary>
        public int Stride { get; set; } = 1;

        /// <summary>The step between kernel positions along the width; 0 (the default) means <see cref="Stride"/>.</summary>
        public int StrideWidth { get; set; }

        /// <summary>The spacing between kernel taps in rows (and columns unless DilationWidth is set), as PyTorch's <c>dilation</c> (default 1: adjacent taps).</summary>
        public int Dilation { get; set; } = 1;

        /// <summary>The spacing between kernel taps along the width; 0 (the default) means <see cref="Dilation"/>.</summary>
        public int DilationWidth { get; set; }

        /// <summary>Zero pixels added on every side of the input (default 0). Not combinable with <see cref="Same"/>.</summary>
        public int Padding { get; set; }

        /// <summary>
        /// TensorFlow's "SAME" padding: the output has ⌈in / stride⌉ rows and columns, and the total padding
        /// max((out − 1)·stride + dilation·(kernel − 1) + 1 − in, 0) is split with the smaller half before and the extra pixel (below, right) after
        /// (with stride 1 this is PyTorch's <c>padding='same'</c>). Default false.
        /// </summary>
        public bool Same { get; set; }

        /// <summary>
        /// Input channels and filters split into this many groups, each filter seeing only its group's channels, as
        /// PyTorch's <c>groups</c>; both must divide by it. Groups = channels is a depthwise convolution. Default 1.
        /// </summary>
        public int Groups { get; set; } = 1;

        /// <summary>False: the layer has no bias tensor at all (its parameters are its weight alone), as <c>bias=False</c>. Default true.</summary>
        public bool Bias { get; set; } = true;

        /// <summary>The slope k of <see cref="Activation.Linear"/> (default 1) or s of <see cref="Activation.LeakyReLU"/> (default 0.01). NaN when unset.</summary>
        public double Slope { get; set; } = double.NaN;

        /// <summary>The threshold k of <see cref="Activation.Step"/> (default 0). NaN when unset.</summary>
        public double Threshold { get; set; } = double.NaN;

        /// <summary>The α of <see cref="Activation.ELU"/> (default 1). NaN when unset.</summary>
        public double Alpha { get; set; } = double.NaN;

        /// <summary>How the kernel is initialised (default <see cref="WeightInit.Auto"/>; fan-in C/G·kh·kw, fan-out F·kh·kw, as PyTorch computes them from the weight's shape).</summary>
        public WeightInit Init { get; set; }

        /// <summary>The initial value of every bias (default 0).</summary>
        public double BiasInit { get; set; }
    }
}
