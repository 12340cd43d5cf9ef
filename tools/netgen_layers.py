"""NetGen's layer kinds and the PyTorch modules each one computes exactly: the one table the Python tools read.

KINDS has one line per NetGen layer attribute, in the form  Kind("<attribute without 'Attribute'>", (<nn modules>),
<describe>, <weight rank>).  tests/NetGen.Generators.Tests/LayerTableTests.cs reads those lines and checks that they name
exactly the generator's layer attributes (src/NetGen.Generators/Layers/LayerKinds.cs): a kind added there fails that test
until it has its line here. tools/torch_to_netgen.py exports through this table and refuses every module it does not
list, by name; the fixture makers check their layer names against it.

A describe function takes the module and the label of the activation that follows it (None for none; only kinds with
takes_activation get one, after the others an activation becomes an [Activate] layer) and returns the
layer as NetGen's architecture line writes it (LayerSpec.Describe in the generator), or raises Unrepresentable for a
setting NetGen's kind does not have, saying what to do.
"""
import decimal
from dataclasses import dataclass
from typing import Callable, Optional

import torch


class Unrepresentable(ValueError):
    """A module, or one of its settings, that no NetGen layer computes; the message names it and says what to do."""


def number(value):
    """A number as the generator writes it in an architecture line (C#'s double.ToString("R")): 0.01, 1.5, 1E-05, 1E+15."""
    shortest = decimal.Decimal(repr(float(value)))   # Python's repr is the shortest text that reads back, as "R" is
    power = shortest.adjusted()                      # the power of ten of the first significant digit
    if -5 < power < 15:  # .NET writes fixed-point for powers from −4 to 14
        text = format(shortest, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    sign, digits, _ = shortest.as_tuple()
    significand = "".join(map(str, digits)).rstrip("0") or "0"
    fraction = "." + significand[1:] if len(significand) > 1 else ""
    return f"{'-' if sign else ''}{significand[0]}{fraction}E{'+' if power >= 0 else '-'}{abs(power):02d}"


def _square(module, name, value):
    """A kernel, stride or padding PyTorch gives as an int or a pair: NetGen's windows are square."""
    pair = value if isinstance(value, tuple) else (value, value)
    if pair[0] != pair[1]:
        raise Unrepresentable(f"{module} has {name} {pair}; NetGen's windows are square: use one {name} for both sides")
    return pair[0]


def _activation_or_linear(label):
    return label if label is not None else "Linear"


def _bias_text(module):
    """" no bias" for a module with bias=False, as WeightedLayer.BiasText writes it (NetGen's Bias = false)."""
    return "" if module.bias is not None else " no bias"


def _dense(module, activation):
    return f"Dense {module.out_features}{_bias_text(module)} {_activation_or_linear(activation)}"


def _pair_text(letter, pair):
    """A stride or dilation per axis as ConvolutionLayer.Describe writes it: "", " s2" or " s2×1"."""
    rows, columns = pair
    return (f" {letter}{columns}" if columns != 1 else "") if rows == columns else f" {letter}{rows}×{columns}"


def _conv2d(module, activation):
    if module.padding_mode != "zeros":
        raise Unrepresentable(f"{module} pads with '{module.padding_mode}'; NetGen's [Conv2D] pads with zeros: use padding_mode='zeros'")
    if isinstance(module.padding, str):
        raise Unrepresentable(f"{module} has padding='{module.padding}'; give the padding as a number, or declare Same = true in NetGen")
    padding = _square(module, "padding", module.padding)
    kernel_height, kernel_width = module.kernel_size
    geometry = _pair_text("s", module.stride) + _pair_text("d", module.dilation) + (f" p{padding}" if padding != 0 else "") + \
        (f" g{module.groups}" if module.groups != 1 else "") + _bias_text(module)
    return f"Conv2D {module.out_channels} {kernel_height}×{kernel_width}{geometry} {_activation_or_linear(activation)}"


def _pool(kind, module, activation):
    if _square(module, "padding", module.padding) != 0:
        raise Unrepresentable(f"{module} pads; NetGen's [{kind}] has no padding: use padding=0")
    if module.ceil_mode:
        raise Unrepresentable(f"{module} has ceil_mode=True; NetGen's [{kind}] floors as PyTorch's default: use ceil_mode=False")
    size = _square(module, "kernel_size", module.kernel_size)
    stride = _square(module, "stride", module.stride if module.stride is not None else size)
    return f"{kind} {size}" + ("" if stride == size else f" s{stride}")


def _max_pool2d(module, activation):
    if _square(module, "dilation", module.dilation) != 1:
        raise Unrepresentable(f"{module} is dilated; NetGen's [MaxPool2D] has no dilation: use dilation=1")
    if module.return_indices:
        raise Unrepresentable(f"{module} returns indices; NetGen's [MaxPool2D] returns the maxima only")
    return _pool("MaxPool2D", module, activation)


def _avg_pool2d(module, activation):
    if module.divisor_override is not None:
        raise Unrepresentable(f"{module} has divisor_override; NetGen's [AvgPool2D] divides by the window's size")
    return _pool("AvgPool2D", module, activation)


def _conv1d(module, activation):
    if module.padding_mode != "zeros":
        raise Unrepresentable(f"{module} pads with '{module.padding_mode}'; NetGen's [Conv1D] pads with zeros: use padding_mode='zeros'")
    if isinstance(module.padding, str):
        raise Unrepresentable(f"{module} has padding='{module.padding}'; give the padding as a number, or declare Same = true in NetGen")
    (kernel,), (stride,), (dilation,), (padding,) = module.kernel_size, module.stride, module.dilation, module.padding
    geometry = (f" s{stride}" if stride != 1 else "") + (f" d{dilation}" if dilation != 1 else "") + \
        (f" p{padding}" if padding != 0 else "") + (f" g{module.groups}" if module.groups != 1 else "") + _bias_text(module)
    return f"Conv1D {module.out_channels} k{kernel}{geometry} {_activation_or_linear(activation)}"


def _pool1d(kind, module, activation):
    if module.ceil_mode:
        raise Unrepresentable(f"{module} has ceil_mode=True; NetGen's [{kind}] floors as PyTorch's default: use ceil_mode=False")
    (size,) = module.kernel_size if isinstance(module.kernel_size, tuple) else (module.kernel_size,)
    stride = module.stride[0] if isinstance(module.stride, tuple) else (module.stride or size)
    padding = module.padding[0] if isinstance(module.padding, tuple) else module.padding
    uncounted = kind == "AvgPool1D" and padding > 0 and not module.count_include_pad
    return f"{kind} {size}" + ("" if stride == size else f" s{stride}") + (f" p{padding}" if padding else "") + (" uncounted" if uncounted else "")


def _max_pool1d(module, activation):
    if module.dilation != 1 or module.return_indices:
        raise Unrepresentable(f"{module} is dilated or returns indices; NetGen's [MaxPool1D] has neither")
    return _pool1d("MaxPool1D", module, activation)


def _global(kind):
    def describe(module, activation):
        if module.output_size not in (1, (1, 1), (1,)):
            raise Unrepresentable(f"{module} has output size {module.output_size}; NetGen's [{kind}] reduces each channel to one value: use 1")
        return kind
    return describe


def _dropout(module, activation):
    return f"Dropout {number(module.p)}"


def _batchnorm(module, activation):
    if module.momentum is None:
        raise Unrepresentable(f"{module} has momentum=None (a cumulative average of every batch); NetGen's [BatchNorm] keeps an "
                              "exponential one: set the module's momentum to a number before exporting (the running statistics stay "
                              "as they are; NetGen's Train then averages with that momentum)")
    if not module.track_running_stats:
        raise Unrepresentable(f"{module} has track_running_stats=False, so it normalises with each batch's statistics even in eval(); "
                              "NetGen's [BatchNorm] normalises one sample with running statistics: use track_running_stats=True and retrain")
    return ("BatchNorm" + (f" m={number(module.momentum)}" if module.momentum != 0.1 else "") +
            (f" ε={number(module.eps)}" if module.eps != 1e-5 else "") + ("" if module.affine else " no-affine") +
            f" {_activation_or_linear(activation)}")


def _batchnorm_below(module, below):
    """NG0035 and NG0036: a [BatchNorm] normalises a layer's output, neither the input nor another BatchNorm's."""
    if below is None:
        raise Unrepresentable(f"{module} is a BatchNorm on the network's input, which NetGen's [BatchNorm] refuses (NG0035): normalise the inputs "
                              "before they reach the network (NetGen's Standardizer), or put the BatchNorm after the first layer")
    if below.name == "BatchNorm":
        raise Unrepresentable(f"{module} is a BatchNorm right after another, which NetGen's [BatchNorm] refuses (NG0036): the second repeats the "
                              "first; remove one and retrain")


def _prelu(module, activation):
    # num_parameters > 1 must be the channel (or unit) count; the network's Load checks the tensor's length against it.
    return "PReLU" if module.num_parameters == 1 else "PReLU per channel"


def _recurrent(kind):
    def describe(module, activation):
        if module.bidirectional:
            raise Unrepresentable(f"{module} is bidirectional; NetGen's [{kind}] runs forward in time only: use bidirectional=False and retrain")
        if getattr(module, "proj_size", 0):
            raise Unrepresentable(f"{module} projects its output (proj_size={module.proj_size}); NetGen's [{kind}] has no projection: "
                                  "use proj_size=0 and retrain")
        if module.num_layers != 1:
            raise Unrepresentable(f"{module} has num_layers={module.num_layers}; NetGen's [{kind}] is one layer: declare "
                                  f"{module.num_layers} [{kind}] layers (ReturnSequences = true on all but the last) and export the "
                                  "state_dict with the network's --architecture line, which lays each stacked layer onto one of them")
        # nn.LSTM/GRU/RNN return (output, state): no nn.Sequential holds one, so there is no model to walk; their state_dict keys
        # are already NetGen's (weight_ih_l0, …) under layers.{i}.
        raise Unrepresentable(f"{module} is an [{kind}] in NetGen, but this tool exports nn.Sequential models, which cannot hold it: "
                              f"declare [{kind}] and load the module's state_dict (keys prefixed layers.{{i}}.) with StateDict.FromJson")
    return describe


def _activate(module, activation):
    return f"Activate {activation}"


def _anything_below(module, below):
    """Most kinds may follow any layer, or the input."""


@dataclass(frozen=True)
class Kind:
    name: str                                           # the attribute without "Attribute": [Dense] is "Dense"
    modules: tuple                                      # the PyTorch modules it computes exactly (matched by exact type)
    describe: Callable[[torch.nn.Module, Optional[str]], str]
    weight_rank: int                                    # dimensions of its weight tensor; 0 for a kind without parameters
    takes_activation: bool = False                      # an activation module after it is glued to it (else it is an [Activate])
    tensors: tuple = ("weight", "bias")                 # its parameters' state_dict names, in order, when it has parameters
    buffers: tuple = ()                                 # its buffers' state_dict names (register_buffer), after the parameters
    check_below: Callable = _anything_below             # raises Unrepresentable when the layer below (a Kind, None for the input) is not allowed

    @property
    def has_state(self):
        """Whether it has state_dict entries: parameters, buffers or both."""
        return bool(self.weight_rank or self.buffers)


KINDS = (
    Kind("Dense", (torch.nn.Linear,), _dense, 2, takes_activation=True),
    Kind("Conv1D", (torch.nn.Conv1d,), _conv1d, 3, takes_activation=True),
    Kind("Conv2D", (torch.nn.Conv2d,), _conv2d, 4, takes_activation=True),
    Kind("MaxPool1D", (torch.nn.MaxPool1d,), _max_pool1d, 0),
    Kind("AvgPool1D", (torch.nn.AvgPool1d,), lambda module, activation: _pool1d("AvgPool1D", module, activation), 0),
    Kind("MaxPool2D", (torch.nn.MaxPool2d,), _max_pool2d, 0),
    Kind("AvgPool2D", (torch.nn.AvgPool2d,), _avg_pool2d, 0),
    Kind("GlobalAvgPool", (torch.nn.AdaptiveAvgPool2d,), _global("GlobalAvgPool"), 0),
    Kind("GlobalMaxPool", (torch.nn.AdaptiveMaxPool2d,), _global("GlobalMaxPool"), 0),
    Kind("Dropout", (torch.nn.Dropout,), _dropout, 0),
    # One statistic per unit after a Dense layer (BatchNorm1d on a vector) or per channel after a map (1d or 2d). Without
    # affine it has no weight and bias, only the buffers.
    Kind("BatchNorm", (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d), _batchnorm, 1, takes_activation=True,
         buffers=("running_mean", "running_var", "num_batches_tracked"), check_below=_batchnorm_below),
    Kind("PReLU", (torch.nn.PReLU,), _prelu, 1, tensors=("weight",)),
    Kind("LSTM", (torch.nn.LSTM,), _recurrent("LSTM"), 2, tensors=("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")),
    Kind("GRU", (torch.nn.GRU,), _recurrent("GRU"), 2, tensors=("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")),
    Kind("RNN", (torch.nn.RNN,), _recurrent("RNN"), 2, tensors=("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")),
    # An activation module that does not follow a kind which takes one (after pooling, dropout or the input); activation
    # modules are recognised through ACTIVATIONS, so no module type is matched here.
    Kind("Activate", (), _activate, 0),
)

KIND_NAMES = tuple(kind.name for kind in KINDS)


def kind_of_module(module):
    """The NetGen kind that computes this module exactly, or None."""
    return next((kind for kind in KINDS if type(module) in kind.modules), None)


def kind_named(name):
    """The kind of an attribute name ("Conv2D"); raises KeyError for a name NetGen does not have."""
    for kind in KINDS:
        if kind.name == name:
            return kind
    raise KeyError(f"NetGen has no layer kind '{name}'; its kinds are {', '.join(KIND_NAMES)} (tools/netgen_layers.py)")


def _leaky_relu(module):
    return f"LeakyReLU(s={number(module.negative_slope)})"


def _elu(module):
    return f"ELU(α={number(module.alpha)})"


def _softplus(module):
    if module.beta != 1 or module.threshold < 20:
        raise Unrepresentable(f"{module} has beta={module.beta}, threshold={module.threshold}; NetGen's Softplus is ln(1 + e^z): "
                              "use nn.Softplus() with its defaults")
    return "Softplus"


def _gelu(module):
    if module.approximate != "none":
        raise Unrepresentable(f"{module} uses the tanh approximation; NetGen's GELU is the exact erf form: use nn.GELU()")
    return "GELU"


def _log_softmax(module):
    if module.dim not in (1, -1):
        raise Unrepresentable(f"{module} normalises dimension {module.dim}; NetGen's LogSoftmax normalises each sample's "
                              "outputs: use nn.LogSoftmax(dim=1) on a batch of vectors")
    return "LogSoftmax"


def _softmax(module):
    if module.dim not in (1, -1):
        raise Unrepresentable(f"{module} normalises dimension {module.dim}; NetGen's Softmax normalises each sample's "
                              "outputs: use nn.Softmax(dim=1) on a batch of vectors")
    return "Softmax"


# The activation modules NetGen computes exactly, and their label in the architecture line (ActivationSpec.Label).
ACTIVATIONS = {
    torch.nn.Sigmoid: lambda module: "Sigmoid",
    torch.nn.Tanh: lambda module: "Tanh",
    torch.nn.ReLU: lambda module: "ReLU",
    torch.nn.LeakyReLU: _leaky_relu,
    torch.nn.ELU: _elu,
    torch.nn.SELU: lambda module: "SELU",
    torch.nn.Softplus: _softplus,
    torch.nn.Softmax: _softmax,
    torch.nn.SiLU: lambda module: "SiLU",
    torch.nn.ReLU6: lambda module: "ReLU6",
    torch.nn.Hardsigmoid: lambda module: "HardSigmoid",
    torch.nn.Hardswish: lambda module: "HardSwish",
    torch.nn.GELU: _gelu,
    torch.nn.Mish: lambda module: "Mish",
    torch.nn.Softsign: lambda module: "Softsign",
    torch.nn.LogSoftmax: _log_softmax,
}



def passes_through(module):
    """Modules that compute nothing NetGen must represent: Identity, and a Flatten of each sample (NetGen's [Dense] reads a
    map flattened, C, H, W row-major as PyTorch's does)."""
    if type(module) is torch.nn.Identity:
        return True
    return type(module) is torch.nn.Flatten and module.start_dim == 1 and module.end_dim == -1
