using System;

namespace NetGen
{
    /// <summary>
    /// Declares a neural network on a <c>partial class</c>. The NetGen source generator reads this attribute together
    /// with one <see cref="InputAttribute"/> and one or more layers (<see cref="DenseAttribute"/>, <see cref="Conv2DAttribute"/>,
    /// <see cref="MaxPool2DAttribute"/>, <see cref="AvgPool2DAttribute"/>, in declaration order) and
    /// generates the network's forward pass, backpropagation and training code into the class.
    /// </summary>
    /// <remarks>Structs and interfaces are accepted by the compiler so that the analyzer can explain why they are not supported.</remarks>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
    public sealed class NetworkAttribute : Attribute
    {
        /// <summary>Declares a network trained to minimise <paramref name="loss"/>.</summary>
        public NetworkAttribute(Loss loss) => Loss = loss;

        /// <summary>The per-sample loss the network minimises.</summary>
        public Loss Loss { get; }

        /// <summary>The scalar type: <see cref="Precision.Single"/> (float, default) or <see cref="Precision.Double"/>.</summary>
        public Precision Precision { get; set; }

        /// <summary>The seed of the parameterless constructor's initial weights (default 0).</summary>
        public int Seed { get; set; }

        /// <summary>
        /// A state_dict JSON file (see <see cref="StateDict"/>), passed to the compiler as an <c>AdditionalFiles</c> item, whose
        /// weights are compiled into the class: the parameterless constructor starts from them. The generator checks the
        /// file against the architecture at build time.
        /// </summary>
        public string? Weights { get; set; }

        /// <summary>
        /// With <see cref="Weights"/>: generate an inference-only network whose weights are constants folded into the
        /// code. It has no parameter memory, cannot train, and implements <see cref="IInferenceNetwork{T}"/>.
        /// </summary>
        public bool Frozen { get; set; }
    }

    /// <summary>
    /// Declares the network's input: a vector of <see cref="Size"/> values, or an image of <see cref="Channels"/> ×
    /// <see cref="Height"/> × <see cref="Width"/> values stored C, H, W row-major (PyTorch's NCHW for one sample).
    /// Exactly one per network.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class InputAttribute : Attribute
    {
        /// <summary>Declares an input vector of <paramref name="size"/> values.</summary>
        public InputAttribute(int size) => (Size, Channels, Height, Width) = (size, size, 1, 1);

        /// <summary>Declares an input image (feature map) of <paramref name="channels"/> × <paramref name="height"/> × <paramref name="width"/> values.</summary>
        public InputAttribute(int channels, int height, int width) => (Size, Channels, Height, Width) = (channels * height * width, channels, height, width);

        /// <summary>The number of input values (C·H·W for an image).</summary>
        public int Size { get; }

        /// <summary>The image's channels (the vector's size for a vector input).</summary>
        public int Channels { get; }

        /// <summary>The image's height in pixels (1 for a vector input).</summary>
        public int Height { get; }

        /// <summary>The image's width in pixels (1 for a vector input).</summary>
        public int Width { get; }
    }

    /// <summary>
    /// Declares a fully connected layer: z = W a + b, a = σ(z). Layers run in declaration order; the last one is the output.
    /// Parameters that an activation does not use must stay unset; unset parameters take the defaults of docs/math.md.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class DenseAttribute : Attribute
    {
        /// <summary>Declares a layer of <paramref name="units"/> neurons with the activation <paramref name="activation"/>.</summary>
        public DenseAttribute(int units, Activation activation = Activation.Linear)
        {
            Units = units;
            Activation = activation;
        }

        /// <summary>The number of neurons.</summary>
        public int Units { get; }

        /// <summary>The activation function σ.</summary>
        public Activation Activation { get; }

        /// <summary>The slope k of <see cref="Activation.Linear"/> (default 1) or s of <see cref="Activation.LeakyReLU"/> (default 0.01). NaN when unset.</summary>
        public double Slope { get; set; } = double.NaN;

        /// <summary>The threshold k of <see cref="Activation.Step"/> (default 0). NaN when unset.</summary>
        public double Threshold { get; set; } = double.NaN;

        /// <summary>The α of <see cref="Activation.ELU"/> (default 1). NaN when unset.</summary>
        public double Alpha { get; set; } = double.NaN;

        /// <summary>How the weights are initialised (default <see cref="WeightInit.Auto"/>).</summary>
        public WeightInit Init { get; set; }

        /// <summary>The initial value of every bias (default 0).</summary>
        public double BiasInit { get; set; }
    }

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

    /// <summary>
    /// Declares max pooling, as PyTorch's <c>nn.MaxPool2d</c> without padding: each output is the maximum of a
    /// <see cref="Size"/> × <see cref="Size"/> window of the map below. No parameters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class MaxPool2DAttribute : Attribute
    {
        /// <summary>Declares max pooling over <paramref name="size"/> × <paramref name="size"/> windows.</summary>
        public MaxPool2DAttribute(int size) => Size = size;

        /// <summary>The side of the square window.</summary>
        public int Size { get; }

        /// <summary>The step between windows, in pixels (default: the window's size, so windows do not overlap).</summary>
        public int Stride { get; set; }
    }

    /// <summary>
    /// Declares average pooling, as PyTorch's <c>nn.AvgPool2d</c> without padding: each output is the mean of a
    /// <see cref="Size"/> × <see cref="Size"/> window of the map below. No parameters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class AvgPool2DAttribute : Attribute
    {
        /// <summary>Declares average pooling over <paramref name="size"/> × <paramref name="size"/> windows.</summary>
        public AvgPool2DAttribute(int size) => Size = size;

        /// <summary>The side of the square window.</summary>
        public int Size { get; }

        /// <summary>The step between windows, in pixels (default: the window's size, so windows do not overlap).</summary>
        public int Stride { get; set; }
    }
}
