using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;

namespace NetGen.Generators.Onnx
{
    /// <summary>
    /// Every ONNX operator NetGen imports, one entry each: the operator's name and how it becomes layers (or a change of an
    /// existing one). An entry returns null when the node was mapped, else what NetGen supports instead — the walk turns that
    /// into a diagnostic naming the node, its operator and the file. A new kind is one entry here.
    /// </summary>
    internal static class OnnxOperators
    {
        public static readonly IReadOnlyDictionary<string, Func<OnnxImport, OnnxNode, string?>> Table =
            new Dictionary<string, Func<OnnxImport, OnnxNode, string?>>(StringComparer.Ordinal)
            {
                ["Gemm"] = Gemm,
                ["MatMul"] = MatMul,
                ["Conv"] = Conv,
                ["MaxPool"] = (import, node) => Pool(import, node, PoolKind.Max),
                ["AveragePool"] = (import, node) => Pool(import, node, PoolKind.Average),
                ["GlobalAveragePool"] = (import, node) => GlobalPool(import, node, PoolKind.Average),
                ["GlobalMaxPool"] = (import, node) => GlobalPool(import, node, PoolKind.Max),
                ["BatchNormalization"] = BatchNormalization,
                ["PRelu"] = PRelu,
                ["Relu"] = Plain(Activation.ReLU),
                ["Sigmoid"] = (import, node) => import.GatePartner(node) is null ? Activated(import, node, Activation.Sigmoid) : import.ActivateGated(node, Activation.SiLU),
                ["Tanh"] = Plain(Activation.Tanh),
                ["Softplus"] = Plain(Activation.Softplus),
                ["Softsign"] = Plain(Activation.Softsign),
                ["Sign"] = Plain(Activation.Sign),
                ["HardSwish"] = Plain(Activation.HardSwish),
                ["Mish"] = Plain(Activation.Mish),
                ["LeakyRelu"] = (import, node) => import.Activate(node, new ActivationSpec(Activation.LeakyReLU, Unless(0.01, import.Float(node, "alpha", 0.01)), null, null)),
                ["Elu"] = (import, node) => import.Activate(node, new ActivationSpec(Activation.ELU, null, null, Unless(1.0, import.Float(node, "alpha", 1.0)))),
                ["Selu"] = Selu,
                ["HardSigmoid"] = HardSigmoid,
                ["Gelu"] = Gelu,
                ["Clip"] = Clip,
                ["Softmax"] = (import, node) => Normalise(import, node, Activation.Softmax),
                ["LogSoftmax"] = (import, node) => Normalise(import, node, Activation.LogSoftmax),
                ["Dropout"] = Dropout,
                ["Identity"] = (_, _) => null,
                ["Flatten"] = Flatten,
                ["Reshape"] = Reshape,
                ["Transpose"] = Transpose,
                ["LSTM"] = (import, node) => OnnxRecurrent.Recurrent(import, node, RecurrentCell.LSTM),
                ["GRU"] = (import, node) => OnnxRecurrent.Recurrent(import, node, RecurrentCell.GRU),
                ["RNN"] = (import, node) => OnnxRecurrent.Recurrent(import, node, RecurrentCell.RNN),
                ["Squeeze"] = OnnxRecurrent.Squeeze,
                ["Gather"] = OnnxRecurrent.Gather,
                ["Slice"] = OnnxRecurrent.Slice,
            };

        /// <summary>What NetGen offers for operators it does not map, in the words of the diagnostic.</summary>
        public static string Alternative(string op) => op switch
        {
            "Add" or "Sum" or "Concat" or "Mul" or "Sub" or "Div" => "NetGen networks are chains of layers; a residual Add, a Concat or an element-wise product of two branches has no layer (an Add of a constant bias directly after a MatMul is read as a Dense layer, x·Sigmoid(x) as SiLU, x·Tanh(Softplus(x)) as Mish, ½·x·(1 + Erf(x / √2)) as GELU, Clip(x + ½, 0, 1) as PiecewiseLinear and x·k with one constant k as a Linear activation with Slope = k)",
            "Shape" or "Unsqueeze" or "Cast" or "ConstantOfShape" => "this computes a shape at run time (as x.view(x.size(0), -1) exports); flatten with torch.flatten(x, 1) or nn.Flatten(), which exports a Flatten node",
            "Pad" => "padding is an argument of a convolution or pooling layer (Padding, Same), not a layer; export the padding as part of the Conv",
            "Erf" => "NetGen reads Erf only inside GELU as PyTorch writes it, ½·x·(1 + Erf(x / √2)) with the constants rounded to the model's precision; another use of Erf has no layer",
            _ => $"NetGen imports {string.Join(", ", Table.Keys.OrderBy(k => k, StringComparer.Ordinal))}",
        };

        /// <summary>An activation parameter as a user declares it: unset when it is NetGen's default (which is ONNX's too).</summary>
        private static double? Unless(double fallback, double value) => value == fallback ? null : value;

        private static string? Activated(OnnxImport import, OnnxNode node, Activation activation) =>
            import.Activate(node, new ActivationSpec(activation, null, null, null));

        private static Func<OnnxImport, OnnxNode, string?> Plain(Activation activation) => (import, node) => Activated(import, node, activation);

        /// <summary>
        /// Y = α·A·B' + β·C, B' = B or Bᵀ (transB): a Dense layer whose W is α·B' transposed to [units, fanIn] and b = β·C;
        /// without C, a Dense layer with Bias = false.
        /// </summary>
        private static string? Gemm(OnnxImport import, OnnxNode node)
        {
            if (import.Int(node, "transA", 0) != 0) return "transA = 1 (the input transposed) has no Dense equivalent";
            if (import.Constant(node, 1) is not { Dims.Length: 2 } b) return "its B must be a constant 2-D tensor (the layer's weights)";
            if (OnnxImport.HasInput(node, 2) && import.Constant(node, 2) is null) return "its C must be a constant (the layer's bias)";
            bool transposed = import.Int(node, "transB", 0) != 0;
            double alpha = import.Float(node, "alpha", 1.0), beta = import.Float(node, "beta", 1.0);
            int units = (int)(transposed ? b.Dims[0] : b.Dims[1]), fanIn = (int)(transposed ? b.Dims[1] : b.Dims[0]);
            return import.AddDense(node, units, fanIn, (u, i) => alpha * b.Values![transposed ? u * fanIn + i : i * units + u], import.Constant(node, 2), beta);
        }

        /// <summary>
        /// MatMul(x, B) with constant B [fanIn, units]: a Dense layer, whose bias is the constant c of an Add(·, c) right after
        /// it (how PyTorch exports nn.Linear at opsets below 9), and which is declared Bias = false without one
        /// (nn.Linear(bias=False)).
        /// </summary>
        private static string? MatMul(OnnxImport import, OnnxNode node)
        {
            if (import.Constant(node, 1) is not { Dims.Length: 2 } b) return "its second input must be a constant 2-D tensor (the layer's weights)";
            var bias = import.TakeBiasAdd(node);
            int fanIn = (int)b.Dims[0], units = (int)b.Dims[1];
            return import.AddDense(node, units, fanIn, (u, i) => b.Values![i * units + u], bias, 1.0);
        }

        /// <summary>
        /// Conv over a sequence (K [F, C/G, k]) or an image (K [F, C/G, kh, kw]): [Conv1D] or [Conv2D] with its strides,
        /// dilations, groups and padding (<see cref="OnnxWindow"/>), and its bias when it has one.
        /// </summary>
        private static string? Conv(OnnxImport import, OnnxNode node)
        {
            if (import.Constant(node, 1) is not { } w) return "its weights (input 1) must be a constant tensor";
            if (import.Shape is not { IsMap: true } map || import.IsFlat) return "a convolution needs a feature map below it (not a vector or a flattened map)";
            int dimensions = w.Dims.Length - 2;
            if (dimensions != (map.Kind == ShapeKind.Sequence ? 1 : 2))
                return $"a {dimensions}-D convolution over {(map.Kind == ShapeKind.Sequence ? "a sequence" : "an image")} ({map.Text}); NetGen has Conv1D over sequences and Conv2D over images";
            int filters = (int)w.Dims[0], kernelHeight = dimensions == 1 ? 1 : (int)w.Dims[2], kernelWidth = (int)w.Dims[w.Dims.Length - 1];
            var kernel = import.Ints(node, "kernel_shape");
            if (kernel.Count > 0 && !kernel.SequenceEqual(w.Dims.Skip(2))) return $"kernel_shape [{string.Join(", ", kernel)}] differs from its weights' [{string.Join(", ", w.Dims.Skip(2))}]";
            var window = OnnxWindow.Read(import, node, map, kernelHeight, kernelWidth, defaultStride: 1, allowDilation: true);
            if (window.Problem is string problem) return problem;
            long groups = import.Int(node, "group", 1);
            if (groups < 1 || groups > map.Channels) return $"group = {groups}: it must be between 1 and the {map.Channels} channels";
            if (w.Dims[1] * groups != map.Channels) return $"its weights take {w.Dims[1]}×{groups} channels where the layer below gives {map.Channels}";

            var bias = import.Constant(node, 2);
            if (OnnxImport.HasInput(node, 2) && (bias is null || bias.Count != filters)) return $"its bias must be a constant of {filters} values";
            var layer = new ConvolutionLayer(dimensions, filters, kernelHeight, kernelWidth, kernelHeight != kernelWidth, window.StrideHeight, window.StrideWidthArgument,
                window.DilationHeight, window.DilationWidthArgument, window.Padding, window.Same, window.Causal, (int)groups, bias is not null,
                OnnxImport.Linear, WeightInit.Auto, 0);
            return import.AddLayer(node, layer, bias is null ? w.Values! : w.Values!.Concat(bias.Values!).ToArray());
        }

        private static string? Pool(OnnxImport import, OnnxNode node, PoolKind kind)
        {
            if (import.Shape is not { IsMap: true } map || import.IsFlat) return "pooling needs a feature map below it (not a vector or a flattened map)";
            var kernel = import.Ints(node, "kernel_shape");
            int dimensions = map.Kind == ShapeKind.Sequence ? 1 : 2;
            if (kernel.Count != dimensions || kernel.Any(k => k < 1 || k > Rules.NetworkRules.MaxMapValues))
                return $"kernel_shape [{string.Join(", ", kernel)}] over {(dimensions == 1 ? "a sequence" : "an image")} ({map.Text}); NetGen pools sequences with one size and images with two";
            if (import.Int(node, "storage_order", 0) != 0) return "storage_order = 1 (column-major indices) is not supported";
            if (node.Outputs.Count > 1 && node.Outputs[1].Length > 0 && import.IsUsed(node.Outputs[1])) return "its Indices output is used; NetGen's max pooling gives values only";
            int height = dimensions == 1 ? 1 : (int)kernel[0], width = (int)kernel[kernel.Count - 1];
            bool countPadding = kind == PoolKind.Average && import.Int(node, "count_include_pad", 0) != 0;
            var window = OnnxWindow.Read(import, node, map, height, width, defaultStride: 1, allowDilation: false, countsPadding: countPadding);
            if (window.Problem is string problem) return problem;
            if (countPadding && window.Same) return "count_include_pad = 1 with auto_pad SAME: NetGen's \"same\" pooling never counts its padding";

            // An unset stride is the window's size in NetGen, 1 in ONNX: the layer keeps only what differs from its default.
            int? stride = dimensions == 1 ? (window.StrideWidth == width ? null : window.StrideWidth)
                : window.StrideHeight == height ? null : window.StrideHeight;
            int strideWidth = dimensions == 1 || window.StrideWidth == (stride ?? width) ? 0 : window.StrideWidth;
            bool? declaredCount = window.Padding > 0 && kind == PoolKind.Average ? countPadding : null;
            var layer = new PoolingLayer(kind, dimensions == 1 ? PoolReach.Sequence : PoolReach.Image, height, width, dimensions == 2 && height != width,
                stride, strideWidth, window.Padding, window.Same, declaredCount);
            return import.AddLayer(node, layer, Array.Empty<double>());
        }

        /// <summary>GlobalAveragePool/GlobalMaxPool: one window the size of the map, per channel.</summary>
        private static string? GlobalPool(OnnxImport import, OnnxNode node, PoolKind kind) =>
            import.Shape is not { IsMap: true } || import.IsFlat
                ? "global pooling needs a feature map below it (not a vector or a flattened map)"
                : import.AddLayer(node, new PoolingLayer(kind, PoolReach.Global, 0, 0, false, null, 0, 0, false, null), Array.Empty<double>());

        /// <summary>
        /// BatchNormalization in inference mode, y = scale·(x − mean)/√(var + ε) + B per channel: a [BatchNorm] whose γ and β
        /// are scale and B and whose running statistics (buffers) are mean and var. ONNX's momentum weighs the old running
        /// value (PyTorch's 1 − momentum), so NetGen's is 1 − it; it only matters to a trainable import's training.
        /// </summary>
        private static string? BatchNormalization(OnnxImport import, OnnxNode node)
        {
            if (import.Shape is not { } shape) return "it has no input shape";
            int channels = shape.Channels;
            var tensors = Enumerable.Range(1, 4).Select(slot => import.Constant(node, slot)).ToArray();
            if (tensors.Any(t => t is null || t.Count != channels))
                return $"its scale, B, mean and var must be constants of {channels} values each (one per channel of the {shape.Text} value below)";
            if (import.Int(node, "spatial", 1) != 1) return "spatial = 0 (statistics per value rather than per channel) has no NetGen equivalent";
            if (import.Int(node, "training_mode", 0) != 0 || node.Outputs.Skip(1).Any(o => o.Length > 0 && import.IsUsed(o)))
                return "it runs in training mode (its batch statistics are outputs); export the model in eval() mode";

            double momentum = node.Attribute("momentum")?.F is double onnxMomentum ? OneMinus(FloatDecimal(onnxMomentum)) : BatchNormDefaults.Momentum;
            double epsilon = node.Attribute("epsilon")?.F is double onnxEpsilon ? FloatDecimal(onnxEpsilon) : BatchNormDefaults.Epsilon;
            var layer = new BatchNormLayer(OnnxImport.Linear, momentum, epsilon, Affine: true);
            var statistics = tensors[2]!.Values!.Concat(tensors[3]!.Values!).Append(0); // num_batches_tracked: ONNX does not keep it
            return import.AddLayer(node, layer, tensors[0]!.Values!.Concat(tensors[1]!.Values!).ToArray(), statistics.ToArray());
        }

        /// <summary>
        /// PRelu(x, slope) with a constant slope that broadcasts (numpy-style) to x: one value is a [PReLU], one value per
        /// channel ([C] on a vector, [C, 1] on a sequence, [C, 1, 1] on an image, as PyTorch writes nn.PReLU(C); also [C] on
        /// a map before opset 7, whose PRelu broadcast a 1-D slope over the channels) is a [PReLU(PerChannel = true)].
        /// </summary>
        private static string? PRelu(OnnxImport import, OnnxNode node)
        {
            if (import.Shape is not { } shape) return "it has no input shape";
            if (import.Constant(node, 1) is not { } slope) return "its slope must be a constant (the layer's parameters)";
            if (slope.Count == 1) return import.AddLayer(node, new PReLULayer(PerChannel: false, PReLULayer.DefaultInitialSlope), slope.Values!);

            // x is [batch, C] (a vector: C its units), [batch, C, L], [batch, C, H, W], or a vector with size-1 axes (a kept
            // last step's [batch, 1, C], a global pool's [batch, C, 1, 1]): the slope, aligned to x's last axes, must vary
            // along the units' axis alone.
            int rank = import.Rank, units = import.UnitsAxis, offset = rank - slope.Dims.Length;
            var dims = slope.Dims;
            bool perChannel = slope.Count == shape.Channels && !import.IsFlat
                && (offset >= 0 && dims.Select((size, axis) => size == (offset + axis == units ? shape.Channels : 1)).All(fits => fits)
                    || import.Opset < 7 && dims.Length == 1);
            if (!perChannel)
                return $"slope of shape [{string.Join(", ", dims)}] on the {import.OnnxShapeText} value below: NetGen's PReLU has one slope, or one per channel (shape [{shape.Channels}{string.Concat(Enumerable.Repeat(", 1", rank - 1 - units))}])";
            return import.AddLayer(node, new PReLULayer(PerChannel: true, PReLULayer.DefaultInitialSlope), slope.Values!);
        }

        /// <summary>A float attribute as the decimal a user wrote (0.9f is 0.899999976): the shortest text that reads back as the same float.</summary>
        public static double FloatDecimal(double value) =>
            double.Parse(((float)value).ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>1 − m in decimal, so that 1 − 0.9 is 0.1 as written (in double it is 0.09999999999999998); out of [0, 1] as it comes (the layer's rules refuse it).</summary>
        private static double OneMinus(double value) => value is >= 0 and <= 1 ? (double)(1m - (decimal)value) : 1 - value;

        private static string? Selu(OnnxImport import, OnnxNode node)
        {
            // NetGen's SELU has the fixed constants of Klambauer et al., which are ONNX's defaults (as floats).
            double alpha = import.Float(node, "alpha", 1.67326319217681884765625), gamma = import.Float(node, "gamma", 1.05070102214813232421875);
            if (Math.Abs(alpha - 1.6732632423543772) > 1e-6 || Math.Abs(gamma - 1.0507009873554805) > 1e-6)
                return $"alpha = {alpha}, gamma = {gamma}: NetGen's SELU has the standard constants (α ≈ 1.6733, λ ≈ 1.0507)";
            return Activated(import, node, Activation.SELU);
        }

        /// <summary>
        /// HardSigmoid max(0, min(1, α·x + β)) is PyTorch's hardsigmoid when α = 1/6 and β = ½ (ONNX's defaults are 0.2 and
        /// ½, Keras'); followed by a Mul with x it is HardSwish, as PyTorch writes nn.Hardswish below opset 14.
        /// </summary>
        private static string? HardSigmoid(OnnxImport import, OnnxNode node)
        {
            double alpha = import.Float(node, "alpha", 0.2), beta = import.Float(node, "beta", 0.5);
            if (Math.Abs(alpha - 1.0 / 6) > 1e-6 || Math.Abs(beta - 0.5) > 1e-6)
                return $"alpha = {alpha}, beta = {beta}: NetGen's HardSigmoid is PyTorch's (α = 1/6, β = ½)";
            return import.GatePartner(node) is null ? Activated(import, node, Activation.HardSigmoid) : import.ActivateGated(node, Activation.HardSwish);
        }

        private static string? Gelu(OnnxImport import, OnnxNode node)
        {
            string approximate = node.Attribute("approximate")?.S ?? "none";
            return approximate == "none" ? Activated(import, node, Activation.GELU) : $"approximate = '{approximate}': NetGen's GELU is the exact one (erf)";
        }

        /// <summary>Clip to [0, 6] is ReLU6, to [0, ∞) ReLU; bounds are attributes before opset 11 and constant inputs since.</summary>
        private static string? Clip(OnnxImport import, OnnxNode node)
        {
            double? min, max;
            if (import.Opset < 11)
            {
                min = node.Attribute("min")?.F;
                max = node.Attribute("max")?.F;
            }
            else
            {
                if (OnnxImport.HasInput(node, 1) && import.Constant(node, 1) is null || OnnxImport.HasInput(node, 2) && import.Constant(node, 2) is null)
                    return "its bounds are computed at run time; NetGen reads constant bounds only";
                min = Scalar(import.Constant(node, 1));
                max = Scalar(import.Constant(node, 2));
            }
            return (min, max) switch
            {
                (0, 6) => Activated(import, node, Activation.ReLU6),
                (0, null) => Activated(import, node, Activation.ReLU),
                _ => $"bounds [{min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-∞"}, {max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∞"}]: NetGen reads Clip(0, 6) as ReLU6 and Clip(0) as ReLU only",
            };
        }

        /// <summary>
        /// Softmax or LogSoftmax over the units of a vector. From opset 13 ONNX normalises over the one axis; before, over every
        /// axis from it on (the value flattened to 2-D there). The ONNX value may have size-1 axes that NetGen's vector has not
        /// (a kept last step's [batch, 1, U], a global pool's [batch, C, 1, 1]): an axis is read only when it normalises over
        /// exactly the units, else ONNX's result (all ones over a size-1 axis) is not NetGen's.
        /// </summary>
        private static string? Normalise(OnnxImport import, OnnxNode node, Activation activation)
        {
            if (import.Shape is { IsMap: true } && !import.IsFlat) return $"a {node.OpType} over a feature map; NetGen's {activation} normalises a vector (after Flatten or a Dense layer)";
            bool flattening = import.Opset < 13;
            int rank = import.Rank, units = import.UnitsAxis;
            long axis = import.Int(node, "axis", flattening ? 1 : -1), from = axis < 0 ? axis + rank : axis;
            // Every axis but the batch and the units has size 1: before opset 13 any axis from 1 to the units' covers the units alone.
            if (flattening ? from >= 1 && from <= units : from == units) return Activated(import, node, activation);
            string over = from < 0 || from >= rank ? $"is outside the {import.OnnxShapeText} value below"
                : from == 0 ? $"normalises across the batch of the {import.OnnxShapeText} value below"
                : $"normalises the {import.OnnxShapeText} value below over {(flattening ? $"axes {from} to {rank - 1}" : $"axis {from}")}, of size 1, where its {import.Size} units are axis {units} (every output is {(activation == Activation.Softmax ? "1" : "0")})";
            return $"axis = {axis} {over}: that is not NetGen's {activation} of the units; normalise over dim={units} (the units) or flatten the value before the {node.OpType}";
        }

        /// <summary>
        /// Dropout stays a [Dropout(p)] layer (the identity in inference, as ONNX runs it), so a trainable import fine-tunes
        /// as its source did. The ratio is an attribute before opset 12 and a constant input since.
        /// </summary>
        private static string? Dropout(OnnxImport import, OnnxNode node)
        {
            if (node.Outputs.Count > 1 && node.Outputs[1].Length > 0 && import.IsUsed(node.Outputs[1])) return "its mask output is used; NetGen's Dropout gives values only";
            double ratio;
            if (import.Opset < 12) ratio = import.Float(node, "ratio", 0.5);
            else
            {
                if (OnnxImport.HasInput(node, 2) && Scalar(import.Constant(node, 2)) != 0) return "its training_mode input is not a constant false; NetGen exports run in inference mode";
                if (OnnxImport.HasInput(node, 1) && Scalar(import.Constant(node, 1)) is null) return "its ratio is computed at run time; NetGen reads a constant ratio";
                ratio = Scalar(import.Constant(node, 1)) ?? 0.5;
            }
            return import.AddLayer(node, new DropoutLayer(FloatDecimal(ratio)), Array.Empty<double>());
        }

        /// <summary>A constant's one value; null when it is absent or holds more or fewer.</summary>
        private static double? Scalar(OnnxTensor? tensor) => tensor?.Values is { Length: 1 } values ? values[0] : null;

        private static string? Flatten(OnnxImport import, OnnxNode node)
        {
            long axis = import.Int(node, "axis", 1);
            if (axis != 1) return $"axis = {axis}: NetGen flattens everything but the batch (axis 1)";
            return import.Flatten(node);
        }

        /// <summary>A Reshape to [batch, n] with a constant shape (0 or −1 for the batch, n or −1 for the rest): a Flatten.</summary>
        private static string? Reshape(OnnxImport import, OnnxNode node)
        {
            if (import.Constant(node, 1) is not { } target) return "its shape is computed at run time; export a Flatten (torch.flatten(x, 1)) or a constant shape";
            var dims = target.Values!;
            if (dims.Length != 2 || dims[0] is not (0 or -1 or 1) || (dims[1] != -1 && dims[1] != import.Size))
                return $"shape [{string.Join(", ", dims)}]: NetGen reshapes only to [batch, {import.Size}] (a Flatten before a Dense layer)";
            return import.Flatten(node);
        }

        /// <summary>
        /// Transpose [0, 2, 3, 1] (channels last, as tf2onnx writes before flattening): the Dense layer after it takes its
        /// columns in H, W, C order. Transpose [1, 0, 2] of steps: to and from a recurrent node's time-first order.
        /// </summary>
        private static string? Transpose(OnnxImport import, OnnxNode node)
        {
            var perm = import.Ints(node, "perm");
            if (perm.SequenceEqual(new long[] { 1, 0, 2 }) && import.Layout != StepLayout.None) return OnnxRecurrent.SwapBatchAndSteps(import);
            if (!perm.SequenceEqual(new long[] { 0, 2, 3, 1 }) || import.Shape is not { Kind: ShapeKind.Image } || import.IsFlat)
                return $"perm [{string.Join(", ", perm)}]: NetGen reads only the channels-last transpose [0, 2, 3, 1] of an image that is then flattened into a Dense layer";
            return import.ChannelsLast(node);
        }
    }
}
