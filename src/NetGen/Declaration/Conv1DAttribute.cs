using System;

namespace NetGen
{
    /// <summary>
    /// Declares a 1-D convolution over the sequence below it (declared by [Input(channels, length)]), as PyTorch's
    /// <c>nn.Conv1d</c>: z[f, t] = b[f] + Σ K[f, c, u] · a[g·C/G + c, t·s − p + u·d], then a = σ(z) (docs/math.md). Its output is a
    /// sequence of <see cref="Filters"/> channels and ⌊(L + p_before + p_after − d·(k − 1) − 1) / s⌋ + 1 steps. Parameters:
    /// the kernel K [filters, channels / Groups, kernel] row-major, then (unless Bias = false) the bias [filters].
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class Conv1DAttribute : Attribute
    {
        /// <summary>Declares <paramref name="filters"/> filters of <paramref name="kernel"/> taps with the activation <paramref name="activation"/>.</summary>
        public Conv1DAttribute(int filters, int kernel, Activation activation = Activation.Linear)
        {
            Filters = filters;
            Kernel = kernel;
            Activation = activation;
        }

        /// <summary>The number of filters: the output sequence's channels.</summary>
        public int Filters { get; }

        /// <summary>The kernel's taps.</summary>
        public int Kernel { get; }

        /// <summary>The activation function σ (any but <see cref="Activation.Softmax"/>).</summary>
        public Activation Activation { get; }

        /// <summary>The step between kernel positions, in steps (default 1).</summary>
        public int Stride { get; set; } = 1;

        /// <summary>The spacing between kernel taps, as PyTorch's <c>dilation</c> (default 1: adjacent taps).</summary>
        public int Dilation { get; set; } = 1;

        /// <summary>Zero steps added on every side of the input (default 0). Not combinable with <see cref="Same"/> or <see cref="Causal"/>.</summary>
        public int Padding { get; set; }

        /// <summary>
        /// TensorFlow's "SAME" padding: the output has ⌈in / stride⌉ steps, and the total padding
        /// max((out − 1)·stride + dilation·(kernel − 1) + 1 − in, 0) is split with the smaller half before and the extra step (at the end) after
        /// (with stride 1 this is PyTorch's <c>padding='same'</c>). Default false.
        /// </summary>
        public bool Same { get; set; }

        /// <summary>
        /// Keras' <c>padding='causal'</c>: dilation·(kernel − 1) zeros before the sequence and none after, so that output t
        /// sees only inputs up to t. Not combinable with <see cref="Same"/> or <see cref="Padding"/>. Default false.
        /// </summary>
        public bool Causal { get; set; }

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

        /// <summary>How the kernel is initialised (default <see cref="WeightInit.Auto"/>; fan-in C/G·k, fan-out F·k, as PyTorch computes them from the weight's shape).</summary>
        public WeightInit Init { get; set; }

        /// <summary>The initial value of every bias (default 0).</summary>
        public double BiasInit { get; set; }
    }
}
