#!/usr/bin/env python3
"""Write reference gradients for map networks (Conv1D, Conv2D, the pooling layers, Dense) from PyTorch float64 autograd.

Writes tests/NetGen.Generators.Tests/Fixtures/conv_gradients.json (or the path given as the only argument). Each case is
one small network with random parameters (NetGen layout: layers in declaration order, each layer's weight flattened
row-major, [F, C/G, kh, kw] for a Conv2D, [F, C/G, k] for a Conv1D and [out, in] for a Dense, then its bias unless
Bias = false, for a Dense too), one input x (flat C,H,W or C,L), one target,
and what NetGen must reproduce for that single sample: the output, the loss, dC/dθ and dC/dx. The activations and losses
are NetGen's, per sample (docs/math.md). Every case's gradients are checked against central differences before writing.
Usage: /usr/bin/python3 tools/make_conv_fixture.py [out.json]   (Debian: python3-torch)
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from netgen_layers import KIND_NAMES  # noqa: E402

torch.set_default_dtype(torch.float64)

DEFAULT_SLOPE = {"Linear": 1.0, "LeakyReLU": 0.01}
DEFAULT_ALPHA = 1.0
# Where an activation's derivative jumps; a pre-activation this close to one would make a central difference meaningless.
KINKS = {"ReLU": [0.0], "LeakyReLU": [0.0], "ELU": [0.0], "SELU": [0.0], "PiecewiseLinear": [-0.5, 0.5], "PReLU": [0.0]}
# Values where an activation is flat (zero derivative on both sides): a max-pool tie among these passes no gradient back
# whichever element wins, so it is harmless.
FLAT_VALUES = {"ReLU": [0.0], "PiecewiseLinear": [0.0, 1.0]}
KINK_MARGIN = 1e-5
GRADCHECK_EPS = 1e-6


def conv(filters, kernel, activation, stride=1, padding=0, **extra):
    return {"kind": "Conv2D", "filters": filters, "kernel": kernel, "stride": stride, "padding": padding,
            "activation": activation, **extra}


def max_pool(size, stride=None):
    return {"kind": "MaxPool2D", "size": size, "stride": stride or size}


def avg_pool(size, stride=None):
    return {"kind": "AvgPool2D", "size": size, "stride": stride or size}


def dense(units, activation, **extra):
    return {"kind": "Dense", "units": units, "activation": activation, **extra}


def layer(kind, args, activation=None, **named):
    """A layer declared as NetGen writes it: [kind(args…, activation, Name = value…)]; the C# test builds the attribute
    from these fields, and forward() below computes it with PyTorch's own modules and padding rules."""
    entry = {"kind": kind, "args": args, "named": named}
    if activation is not None:
        entry["activation"] = activation
    return entry


def same_padding(size, kernel, stride, dilation):
    """TensorFlow's "SAME": ceil(in / s) outputs, the total padding split with the smaller half before."""
    outputs = -(-size // stride)
    total = max((outputs - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
    return total // 2, total - total // 2


# Cases for every argument issue 19 added, alone and together: (name, input [C, H, W] or [C, L], loss, layers).
GEOMETRY_CASES = [
    ("Conv2D_Rectangular_StrideWidth_DilationWidth", [2, 7, 9], "MeanSquaredError",
     [layer("Conv2D", [3, 2, 3], "Tanh", Stride=2, StrideWidth=1, Dilation=1, DilationWidth=2, Padding=1), layer("Dense", [2], "Linear")]),
    ("Conv2D_OddKernel_Same", [1, 6, 5], "MeanSquaredError", [layer("Conv2D", [2, 3], "Tanh", Same=True)]),
    ("Conv2D_EvenKernel_Same_UnevenSplit", [2, 5, 6], "MeanSquaredError", [layer("Conv2D", [2, 4], "Tanh", Same=True)]),
    ("Conv2D_Stride2_Same_Rectangular_KeywordSpotting", [1, 9, 8], "CategoricalCrossEntropy",
     [layer("Conv2D", [3, 4, 3], "ReLU", Stride=2, Same=True), layer("Dense", [3], "Softmax")]),
    ("Conv2D_Dilation2_Same", [1, 7, 7], "MeanSquaredError", [layer("Conv2D", [2, 3], "ELU", Dilation=2, Same=True)]),
    ("Conv2D_Depthwise_Multiplier2_Then_Pointwise_NoBias", [3, 6, 6], "MeanSquaredError",
     [layer("Conv2D", [6, 3], "Tanh", Groups=3, Padding=1), layer("Conv2D", [4, 1], "Tanh", Bias=False), layer("GlobalAvgPool", []),
      layer("Dense", [2], "Linear")]),
    ("Conv2D_Groups2_NoBias_Dilation", [4, 8, 7], "MeanSquaredError",
     [layer("Conv2D", [2, 3], "Sigmoid", Groups=2, Bias=False, Dilation=2)]),
    ("Conv2D_PaddingWiderThanTheMap", [1, 2, 2], "MeanSquaredError", [layer("Conv2D", [1, 7], "Linear", Padding=3)]),
    ("Conv2D_DilatedTapsOnPaddingOnly", [1, 1, 3], "MeanSquaredError", [layer("Conv2D", [2, 3], "Tanh", Dilation=3, Padding=4)]),
    ("MaxPool2D_Padded_MinusInfinityNeverWins", [1, 6, 5], "MeanSquaredError",
     [layer("Conv2D", [2, 2], "Linear"), layer("MaxPool2D", [3], Stride=2, Padding=1)]),
    ("MaxPool2D_Rectangular_Same", [2, 7, 5], "MeanSquaredError", [layer("MaxPool2D", [3, 2], Same=True), layer("Dense", [2], "Linear")]),
    ("AvgPool2D_Padded_Counted", [1, 5, 6], "MeanSquaredError", [layer("AvgPool2D", [3], Stride=2, Padding=1), layer("Dense", [2], "Linear")]),
    ("AvgPool2D_Padded_NotCounted", [1, 5, 6], "MeanSquaredError", [layer("AvgPool2D", [2, 3], Stride=1, StrideWidth=2, Padding=1, CountPadding=False), layer("Dense", [2], "Linear")]),
    ("AvgPool2D_Same_NeverCounts", [2, 5, 7], "MeanSquaredError", [layer("AvgPool2D", [2], Same=True), layer("Dense", [2], "Linear")]),
    ("GlobalMaxPool_Image", [2, 4, 5], "MeanSquaredError",
     [layer("Conv2D", [3, 2], "Tanh"), layer("GlobalMaxPool", []), layer("Dense", [2], "Linear")]),
    ("Conv1D_Plain_Stride2_Padding1", [2, 11], "MeanSquaredError", [layer("Conv1D", [3, 3], "Tanh", Stride=2, Padding=1), layer("Dense", [2], "Linear")]),
    ("Conv1D_Causal_Dilation_Groups_NoBias", [2, 12], "MeanSquaredError",
     [layer("Conv1D", [4, 3], "Tanh", Causal=True, Dilation=2), layer("Conv1D", [4, 2], "Tanh", Causal=True, Dilation=4, Groups=2, Bias=False)]),
    ("Conv1D_EvenKernel_Stride2_Same", [1, 9], "MeanSquaredError", [layer("Conv1D", [2, 4], "Sigmoid", Stride=2, Same=True)]),
    ("Pool1D_Max_Padded_Avg_Same_GlobalAvg", [2, 13], "CategoricalCrossEntropy",
     [layer("Conv1D", [3, 2], "ReLU"), layer("MaxPool1D", [3], Stride=2, Padding=1), layer("AvgPool1D", [2], Same=True),
      layer("GlobalAvgPool", []), layer("Dense", [3], "Softmax")]),
    ("AvgPool1D_Padded_NotCounted", [1, 7], "MeanSquaredError", [layer("AvgPool1D", [3], Stride=2, Padding=1, CountPadding=False), layer("Dense", [2], "Linear")]),
    ("Dense_after_Sequence_reads_C_L", [2, 5], "MeanSquaredError", [layer("Conv1D", [2, 2], "Tanh", Same=True), layer("Dense", [3], "Linear")]),
    # nn.Linear(bias=False): unrolled (hidden and output), then looped behind a bias-less convolution (TrainStep's
    # step rides along with the pass that computes δ below), ending in a bias-less softmax layer.
    ("Dense_NoBias_Unrolled_Hidden_and_Output", [2, 3], "MeanSquaredError",
     [layer("Dense", [4], "Tanh", Bias=False), layer("Dense", [2], "Linear", Bias=False)]),
    ("Dense_NoBias_Looped_after_NoBias_Conv_Softmax", [2, 5, 5], "CategoricalCrossEntropy",
     [layer("Conv2D", [3, 3], "Tanh", Bias=False), layer("Dense", [12], "ELU", Bias=False), layer("Dense", [3], "Softmax", Bias=False)]),
]

# (name, input [C, H, W], loss, layers)
CASES = [
    ("Conv_Tanh_MaxPool_Dense_Softmax", [1, 6, 6], "CategoricalCrossEntropy",
     [conv(2, 3, "Tanh"), max_pool(2), dense(3, "Softmax")]),
    ("Conv_Sigmoid_AvgPool_Dense_Softmax", [1, 7, 7], "CategoricalCrossEntropy",
     [conv(2, 2, "Sigmoid"), avg_pool(2), dense(4, "Softmax")]),
    ("Conv_ReLU_Padding1_MaxPool_FloorsOddMap_Dense_Linear", [2, 5, 5], "MeanSquaredError",
     [conv(3, 3, "ReLU", padding=1), max_pool(2), dense(2, "Linear")]),
    ("Conv_LeakyReLU_Slope_Padding2_AvgPool_Dense_Sigmoid", [1, 4, 5], "BinaryCrossEntropy",
     [conv(2, 3, "LeakyReLU", padding=2, slope=0.2), avg_pool(2), dense(2, "Sigmoid")]),
    ("Conv_ELU_Alpha_Stride2_Dense_Linear", [1, 7, 7], "SumSquaredError",
     [conv(2, 3, "ELU", stride=2, alpha=0.7), dense(3, "Linear")]),
    ("Conv_SELU_Stride3_Dense_Tanh", [1, 8, 8], "MeanSquaredError",
     [conv(2, 2, "SELU", stride=3), dense(2, "Tanh")]),
    ("Conv_Softplus_ThreeChannels_NonSquare_Dense_Softmax", [3, 5, 4], "CategoricalCrossEntropy",
     [conv(2, 3, "Softplus"), dense(2, "Softmax")]),
    ("Conv_Tanh_Padding1_MaxPool3Stride2_Dense_Linear", [1, 6, 6], "MeanSquaredError",
     [conv(3, 3, "Tanh", padding=1), max_pool(3, 2), dense(2, "Linear")]),
    ("Conv_Linear_Slope_AvgPool3Stride2_Dense_Sigmoid", [2, 6, 5], "BinaryCrossEntropy",
     [conv(2, 2, "Linear", slope=1.5), avg_pool(3, 2), dense(2, "Sigmoid")]),
    ("Conv_Linear_Output_MSE", [1, 5, 5], "MeanSquaredError",
     [conv(2, 3, "Linear")]),
    ("Conv_Sigmoid_Stride2_Padding1_Output_BCE", [2, 6, 6], "BinaryCrossEntropy",
     [conv(1, 3, "Sigmoid", stride=2, padding=1)]),
    ("Conv_Tanh_Stride3_Padding2_NonSquare_Output_SSE", [1, 7, 9], "SumSquaredError",
     [conv(2, 3, "Tanh", stride=3, padding=2)]),
    ("Conv_ReLU_MaxPool_Output_MSE", [1, 6, 6], "MeanSquaredError",
     [conv(2, 3, "ReLU"), max_pool(2)]),
    ("Conv_Tanh_AvgPool_Output_MSE", [2, 7, 5], "MeanSquaredError",
     [conv(2, 2, "Tanh"), avg_pool(2)]),
    ("Conv_Sigmoid_MaxPoolStride1_Dense_Softmax", [1, 5, 5], "CategoricalCrossEntropy",
     [conv(2, 2, "Sigmoid"), max_pool(2, 1), dense(2, "Softmax")]),
    ("Conv_ELU_AvgPoolStride1_Dense_Linear", [1, 6, 5], "MeanSquaredError",
     [conv(2, 3, "ELU"), avg_pool(2, 1), dense(3, "Linear")]),
    ("Conv_ReLU_Conv_Tanh_MaxPool_Dense_Softmax", [1, 8, 8], "CategoricalCrossEntropy",
     [conv(3, 3, "ReLU"), conv(2, 3, "Tanh"), max_pool(2), dense(3, "Softmax")]),
    ("Conv_LeakyReLU_Stride2_Padding1_Conv_SELU_Padding1_AvgPool_Dense_Sigmoid", [2, 7, 7], "BinaryCrossEntropy",
     [conv(3, 3, "LeakyReLU", stride=2, padding=1, slope=0.05), conv(2, 2, "SELU", padding=1), avg_pool(2),
      dense(2, "Sigmoid")]),
    ("Conv_Softplus_Conv_Linear_Slope_Output_MSE", [1, 6, 7], "MeanSquaredError",
     [conv(2, 3, "Softplus"), conv(1, 2, "Linear", slope=0.5)]),
    ("MaxPool_First_Conv_Tanh_Dense_Linear", [2, 8, 8], "MeanSquaredError",
     [max_pool(2), conv(2, 3, "Tanh"), dense(2, "Linear")]),
    ("Conv_ReLU_Stride2_Padding2_MaxPool3Stride2_Dense_Softmax", [3, 5, 5], "CategoricalCrossEntropy",
     [conv(2, 3, "ReLU", stride=2, padding=2), max_pool(3, 2), dense(3, "Softmax")]),
    ("Conv_Kernel1_Sigmoid_AvgPool_Dense_Linear", [3, 4, 4], "SumSquaredError",
     [conv(2, 1, "Sigmoid"), avg_pool(2), dense(2, "Linear")]),
    ("Conv_KernelCoversInput_Tanh_Dense_Softmax", [2, 5, 5], "CategoricalCrossEntropy",
     [conv(4, 5, "Tanh"), dense(3, "Softmax")]),
    ("Conv_ELU_Alpha_MaxPool_Dense_ReLU_Dense_Sigmoid", [1, 6, 8], "BinaryCrossEntropy",
     [conv(2, 3, "ELU", alpha=1.3), max_pool(2), dense(4, "ReLU"), dense(2, "Sigmoid")]),
    ("Conv_PiecewiseLinear_NonSquare_AvgPool3_FloorsMap_Dense_Linear", [1, 9, 7], "MeanSquaredError",
     [conv(2, 2, "PiecewiseLinear"), avg_pool(3), dense(2, "Linear")]),
    ("Conv_PiecewiseLinear_Padding1_Dense_Softmax", [1, 5, 4], "CategoricalCrossEntropy",
     [conv(2, 3, "PiecewiseLinear", padding=1), dense(3, "Softmax")]),
    ("Conv_SELU_Padding2_AvgPool3_Output_MSE", [1, 4, 4], "MeanSquaredError",
     [conv(2, 3, "SELU", padding=2), avg_pool(3)]),
    ("Conv_LeakyReLU_DefaultSlope_Stride2_AvgPool_Dense_Softmax", [2, 9, 6], "CategoricalCrossEntropy",
     [conv(3, 3, "LeakyReLU", stride=2), avg_pool(2), dense(3, "Softmax")]),
    ("Conv_ReLU_Padding1_Stride3_Dense_Linear_Slope_SSE", [1, 8, 7], "SumSquaredError",
     [conv(2, 3, "ReLU", stride=3, padding=1), dense(2, "Linear", slope=-0.8)]),
]


def activate(z, layer):
    name = layer["activation"]
    if name == "Linear":
        return layer.get("slope", DEFAULT_SLOPE["Linear"]) * z
    if name == "Sigmoid":
        return torch.sigmoid(z)
    if name == "Tanh":
        return torch.tanh(z)
    if name == "ReLU":
        return torch.relu(z)
    if name == "LeakyReLU":
        return F.leaky_relu(z, layer.get("slope", DEFAULT_SLOPE["LeakyReLU"]))
    if name == "ELU":
        return F.elu(z, layer.get("alpha", DEFAULT_ALPHA))
    if name == "SELU":
        return torch.selu(z)
    if name == "Softplus":
        return F.softplus(z)
    if name == "PiecewiseLinear":
        return torch.clamp(z + 0.5, 0.0, 1.0)
    if name == "Softmax":
        return torch.softmax(z, dim=0)
    raise ValueError(f"unknown activation {name}")


def parameter_shapes(input_shape, layers):
    """The [weight, bias] shapes of every layer in order ([] for a pool), and the output shape of each layer."""
    shape, shapes, outputs = list(input_shape), [], []
    for layer in layers:
        kind = layer["kind"]
        if "args" in layer:
            shape = geometry_output(layer, shape, shapes)
        elif kind == "Conv2D":
            c, h, w = shape
            k, s, p = layer["kernel"], layer["stride"], layer["padding"]
            shapes.append([[layer["filters"], c, k, k], [layer["filters"]]])
            shape = [layer["filters"], (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1]
        elif kind in ("MaxPool2D", "AvgPool2D"):
            c, h, w = shape
            size, s = layer["size"], layer["stride"]
            shapes.append([])
            shape = [c, (h - size) // s + 1, (w - size) // s + 1]
        elif kind == "Dense":
            inputs = 1
            for extent in shape:
                inputs *= extent
            shapes.append([[layer["units"], inputs], [layer["units"]]])
            shape = [layer["units"]]
        else:
            raise ValueError(f"unknown layer {kind}")
        assert all(extent >= 1 for extent in shape), f"layer {layer} leaves an empty map"
        outputs.append(shape)
    return shapes, outputs


def conv_geometry(layer, shape):
    """(kernel, stride, dilation, padding per side [(before, after) for rows, columns]) of a Conv1D/Conv2D or pooling layer."""
    kind, args, named = layer["kind"], layer["args"], layer["named"]
    sequence = kind.endswith("1D")
    pooling = "Pool" in kind
    size = args[0:] if pooling else args[1:]
    if sequence:
        kernel = (1, size[0])
    else:
        kernel = (size[0], size[1] if len(size) > 1 else size[0])
    stride_default = kernel if pooling else (1, 1)
    s = named.get("Stride")
    stride = (1, s or stride_default[1]) if sequence else (s or stride_default[0], named.get("StrideWidth") or s or stride_default[1])
    d = named.get("Dilation", 1)
    dilation = (1, d) if sequence else (d, named.get("DilationWidth") or d)
    spatial = shape[1:] if not sequence else [1, shape[1]]
    pads = []
    for axis in range(2):
        if sequence and axis == 0:
            pads.append((0, 0))
        elif named.get("Same"):
            pads.append(same_padding(spatial[axis], kernel[axis], stride[axis], dilation[axis]))
        elif named.get("Causal"):
            pads.append((dilation[axis] * (kernel[axis] - 1), 0))
        else:
            p = named.get("Padding", 0)
            pads.append((p, p))
    return kernel, stride, dilation, pads, spatial


def geometry_output(layer, shape, shapes):
    """The parameter shapes of a layer declared with args (appended to shapes) and its output shape."""
    kind, named = layer["kind"], layer["named"]
    if kind == "PReLU":
        shapes.append([[shape[0] if named.get("PerChannel") else 1]])  # a vector's channels are its units
        return list(shape)
    if kind == "Dense":
        inputs = 1
        for extent in shape:
            inputs *= extent
        units = layer["args"][0]
        shapes.append([[units, inputs]] + ([[units]] if named.get("Bias", True) else []))
        return [units]
    if kind.startswith("Global"):
        shapes.append([])
        return [shape[0]]
    kernel, stride, dilation, pads, spatial = conv_geometry(layer, shape)
    out = [(spatial[a] + pads[a][0] + pads[a][1] - dilation[a] * (kernel[a] - 1) - 1) // stride[a] + 1 for a in range(2)]
    if "Pool" in kind:
        shapes.append([])
        channels = shape[0]
    else:
        channels, groups = layer["args"][0], named.get("Groups", 1)
        weight = [channels, shape[0] // groups] + ([kernel[1]] if kind == "Conv1D" else list(kernel))
        shapes.append([weight] + ([[channels]] if named.get("Bias", True) else []))
    return [channels, out[1]] if kind.endswith("1D") else [channels] + out


def geometry_forward(layer, a, tensors):
    """One layer declared with args, computed with PyTorch: explicit F.pad for "same" and causal padding (zeros for a
    convolution, −∞ for max pooling; an average divides by the pixels inside the map unless padding counts)."""
    kind, named = layer["kind"], layer["named"]
    if kind.startswith("Global"):
        flat = a.reshape(a.shape[0], -1)
        return flat.max(dim=1).values if kind == "GlobalMaxPool" else flat.mean(dim=1)
    kernel, stride, dilation, pads, _ = conv_geometry(layer, list(a.shape))
    image = (a.unsqueeze(1) if kind.endswith("1D") else a).unsqueeze(0)  # [1, C, H, W]; a sequence has H = 1
    explicit = (pads[1][0], pads[1][1], pads[0][0], pads[0][1])
    if "Pool" not in kind:
        weight = tensors[0] if kind == "Conv2D" else tensors[0].unsqueeze(2)
        bias = tensors[1] if len(tensors) > 1 else None
        z = F.conv2d(F.pad(image, explicit), weight, bias, stride=stride, dilation=dilation, groups=named.get("Groups", 1))
    elif kind.startswith("Max"):
        z = F.max_pool2d(F.pad(image, explicit, value=float("-inf")), kernel, stride)
    else:
        total = F.avg_pool2d(F.pad(image, explicit), kernel, stride) * (kernel[0] * kernel[1])
        counts = F.avg_pool2d(F.pad(torch.ones_like(image), explicit), kernel, stride) * (kernel[0] * kernel[1])
        counted = named.get("CountPadding", True) and not named.get("Same", False)
        z = total / (kernel[0] * kernel[1]) if counted else total / counts
    z = z.squeeze(0)
    return z.squeeze(1) if kind.endswith("1D") else z


def unflatten(parameters, shapes):
    tensors, offset = [], 0
    for layer_shapes in shapes:
        layer_tensors = []
        for shape in layer_shapes:
            count = 1
            for extent in shape:
                count *= extent
            layer_tensors.append(parameters[offset:offset + count].reshape(shape))
            offset += count
        tensors.append(layer_tensors)
    assert offset == parameters.numel()
    return tensors


def forward(parameters, x, input_shape, layers, shapes, watch=None):
    """The network's output and the last layer's pre-activation (the logits the cross-entropies are computed from).

    watch, when given, collects (activation or pool, tensor) pairs whose kinks the caller checks."""
    a = x.reshape(input_shape)
    z = a
    activation = "Linear"
    for layer, tensors in zip(layers, unflatten(parameters, shapes)):
        kind = layer["kind"]
        if "args" in layer:
            if kind == "Dense":
                z = tensors[0] @ a.reshape(-1) + (tensors[1] if len(tensors) > 1 else 0)
            elif kind == "PReLU":
                # nn.PReLU's channel axis is dimension 1 of a batch: a map's channels, a vector's units.
                z = F.prelu(a.unsqueeze(0), tensors[0]).squeeze(0)
                if watch is not None:
                    watch.append(("PReLU", a, []))
            else:
                z = geometry_forward(layer, a, tensors)
            if watch is not None and "MaxPool" in kind:
                watch.append(("MaxPool2D", geometry_windows(layer, a), FLAT_VALUES.get(activation, [])))
            if "activation" in layer:
                a = activate(z, layer)
                activation = layer["activation"]
                if watch is not None:
                    watch.append((layer["activation"], z, []))
            else:
                a = z
        elif kind == "Conv2D":
            weight, bias = tensors
            z = F.conv2d(a.unsqueeze(0), weight, bias, stride=layer["stride"], padding=layer["padding"]).squeeze(0)
            a = activate(z, layer)
            activation = layer["activation"]
            if watch is not None:
                watch.append((layer["activation"], z, []))
        elif kind == "MaxPool2D":
            if watch is not None:
                windows = F.unfold(a.unsqueeze(1), layer["size"], stride=layer["stride"])
                watch.append(("MaxPool2D", windows, FLAT_VALUES.get(activation, [])))
            z = a = F.max_pool2d(a.unsqueeze(0), layer["size"], layer["stride"]).squeeze(0)
        elif kind == "AvgPool2D":
            z = a = F.avg_pool2d(a.unsqueeze(0), layer["size"], layer["stride"]).squeeze(0)
        else:
            weight, bias = tensors
            z = weight @ a.reshape(-1) + bias
            a = activate(z, layer)
            if watch is not None:
                watch.append((layer["activation"], z, []))
    return a.reshape(-1), z.reshape(-1)


def geometry_windows(layer, a):
    """Every max-pooling window's values inside the map, as unfold's [C, window, windows] (padding is −∞), for the tie check."""
    if layer["kind"].startswith("Global"):
        return a.reshape(a.shape[0], -1, 1)
    kernel, stride, _, pads, _ = conv_geometry(layer, list(a.shape))
    image = (a.unsqueeze(1) if layer["kind"].endswith("1D") else a).unsqueeze(1)
    explicit = (pads[1][0], pads[1][1], pads[0][0], pads[0][1])
    return F.unfold(F.pad(image, explicit, value=-1e300), kernel, stride=stride)


def loss_of(name, output, logits, target, last_layer):
    if name == "MeanSquaredError":
        return 0.5 * ((output - target) ** 2).sum()
    if name == "SumSquaredError":
        return ((output - target) ** 2).sum()
    if name == "BinaryCrossEntropy":
        assert last_layer["activation"] == "Sigmoid", "BinaryCrossEntropy needs a Sigmoid output"
        return F.binary_cross_entropy_with_logits(logits, target, reduction="sum")
    if name == "CategoricalCrossEntropy":
        assert last_layer["activation"] == "Softmax", "CategoricalCrossEntropy needs a Softmax output"
        return -(target * torch.log_softmax(logits, dim=0)).sum()
    raise ValueError(f"unknown loss {name}")


def target_for(loss, count, generator):
    if loss == "CategoricalCrossEntropy":
        target = torch.zeros(count)
        target[torch.randint(count, (1,), generator=generator)] = 1.0
        return target
    if loss == "BinaryCrossEntropy":
        return torch.rand(count, generator=generator)
    return torch.randn(count, generator=generator)


def check_kinks(name, watched):
    """Central differences are only right away from a kink: no pre-activation at a kink, no tie for a window's maximum."""
    for what, values, flat_values in watched:
        if what == "MaxPool2D":
            # unfold gives [C, size*size, windows]: compare the two largest values of every window.
            windows = values.detach().permute(0, 2, 1).reshape(-1, values.shape[1])
            top2 = windows.topk(2, dim=1).values
            harmless = torch.zeros(top2.shape[0], dtype=torch.bool)
            for flat in flat_values:
                harmless |= top2[:, 0] == flat
            gaps = (top2[:, 0] - top2[:, 1])[~harmless]
            gap = gaps.min().item() if gaps.numel() else float("inf")
            assert gap > KINK_MARGIN, f"{name}: a max-pool window has a near tie ({gap:g})"
        else:
            for kink in KINKS.get(what, []):
                distance = (values.detach() - kink).abs().min().item()
                assert distance > KINK_MARGIN, f"{name}: a {what} pre-activation is {distance:g} from its kink {kink}"


def make_case(index, name, input_shape, loss, layers, seed_base=1000, zero_inputs=False):
    """zero_inputs: every third input value is exactly 0, the kink of a first layer's activation, where autograd's convention
    (not a central difference) defines ∂C/∂x; that first layer's kink is then not checked and only dC/dθ is compared with
    central differences."""
    generator = torch.Generator().manual_seed(seed_base + index)
    shapes, outputs = parameter_shapes(input_shape, layers)
    count = sum(torch.Size(shape).numel() for layer_shapes in shapes for shape in layer_shapes)
    parameters = (torch.rand(count, generator=generator) - 0.5).requires_grad_()
    x = torch.randn(torch.Size(input_shape).numel(), generator=generator)
    if zero_inputs:
        x[::3] = 0.0
    x.requires_grad_()
    output_count = torch.Size(outputs[-1]).numel()
    target = target_for(loss, output_count, generator)

    def cost(p, inputs):
        output, logits = forward(p, inputs, input_shape, layers, shapes)
        return loss_of(loss, output, logits, target, layers[-1])

    watched = []
    output, logits = forward(parameters, x, input_shape, layers, shapes, watched)
    check_kinks(name, watched[1:] if zero_inputs else watched)
    value = loss_of(loss, output, logits, target, layers[-1])
    gradient, input_gradient = torch.autograd.grad(value, [parameters, x])
    if zero_inputs:
        assert torch.autograd.gradcheck(lambda p: cost(p, x.detach()), (parameters,), eps=GRADCHECK_EPS, atol=1e-7, rtol=1e-6), name
    else:
        assert torch.autograd.gradcheck(cost, (parameters, x), eps=GRADCHECK_EPS, atol=1e-7, rtol=1e-6), name

    nonzero = int((gradient != 0).sum())
    print(f"{name}: input {input_shape} -> output {outputs[-1]}, {count} parameters ({nonzero} with a nonzero "
          f"gradient), {loss} = {value.item():.6f}, |dC/dθ| = {gradient.norm():.4f}, |dC/dx| = {input_gradient.norm():.4f}")
    return {
        "name": name,
        "input": input_shape,
        "loss": loss,
        "layers": layers,
        "parameters": parameters.tolist(),
        "x": x.tolist(),
        "target": target.tolist(),
        "output": output.tolist(),
        "loss_value": value.item(),
        "gradient": gradient.tolist(),
        "input_gradient": input_gradient.tolist(),
        **({"at_kink": True} if zero_inputs else {}),
    }


def format_case(case):
    """One key per line, each value compact: small enough to read and to diff."""
    fields = ",\n".join(f"    {json.dumps(key)}: {json.dumps(value)}" for key, value in case.items())
    return "  {\n" + fields + "\n  }"


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "tests", "NetGen.Generators.Tests", "Fixtures", "conv_gradients.json")
    unknown = {layer["kind"] for _, _, _, layers in CASES + GEOMETRY_CASES for layer in layers} - set(KIND_NAMES)
    assert not unknown, f"layer kinds {unknown} are not in tools/netgen_layers.py"
    cases = [make_case(i, *case) for i, case in enumerate(CASES + GEOMETRY_CASES)]
    names = [case["name"] for case in cases]
    assert len(set(names)) == len(names), "case names must be unique"
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as file:
        file.write(f'{{ "torch": {json.dumps(torch.__version__)}, "cases": [\n')
        file.write(",\n".join(format_case(case) for case in cases))
        file.write("\n] }\n")
    print(f"{len(cases)} cases, gradients checked against central differences; wrote {out}")


if __name__ == "__main__":
    main()
