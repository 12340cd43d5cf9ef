#!/usr/bin/env python3
"""Export a PyTorch model to NetGen's state_dict JSON, exactly or not at all.

The JSON holds each layer's tensors as layers.N.weight and layers.N.bias (a BatchNorm's buffers too: layers.N.running_mean,
running_var and num_batches_tracked), N counting NetGen's declared layers 0, 1, 2, ...
in the order forward() runs them (pooling layers take a number; activations, nn.Flatten and nn.Identity do not), and the
"architecture" line of the NetGen network it fits, which StateDict.FromJson and the build-time check compare with the
network's own. The layer kinds and the modules they compute are in tools/netgen_layers.py; a module that no NetGen
layer computes exactly, or a setting NetGen does not have (a reflect-padded convolution, ceil_mode pooling),
is an error that names the module and says what to do. Nothing is skipped.

Three inputs:
  a live module        export(model, "out.json", loss="CategoricalCrossEntropy", input_shape=(1, 28, 28))
  a whole-model file   torch.save(model, "model.pt"), then the command line with --loss (and --input for images)
  a state_dict file    torch.save(model.state_dict(), "sd.pt"), then the command line with --architecture, the line
                       the NetGen network reports (network.Architecture): a state_dict holds no activations or pooling

The model must be an nn.Sequential (nested ones are flattened): its order is the order forward() runs. Any other
module's forward() may run its submodules in any order, so it is refused rather than numbered by registration.
nn.LSTM, nn.GRU and nn.RNN return a pair, so no nn.Sequential runs them: their state_dict goes the --architecture route,
a stacked one (num_layers=N) onto N declared layers; bidirectional modules and an LSTM's proj_size are refused.

NetGen's loss is part of the network, PyTorch's is not: a model trained on logits with nn.CrossEntropyLoss or
nn.BCEWithLogitsLoss ends in a Linear layer, and NetGen's CategoricalCrossEntropy and BinaryCrossEntropy networks end
in Softmax and Sigmoid. Append nn.Softmax(dim=1) or nn.Sigmoid() to such a model before exporting it (the weights stay
the same; the outputs become the probabilities the loss computed inside), or export it with MeanSquaredError.

Usage:
    python3 tools/torch_to_netgen.py model.pt out.json --loss LOSS [--input C,H,W | --input N] [--precision double]
    python3 tools/torch_to_netgen.py state_dict.pt out.json --architecture "2 → Dense 4 Tanh → Dense 1 Sigmoid; BinaryCrossEntropy; float"
"""
import argparse
import json
import os
import re
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from netgen_layers import ACTIVATIONS, KIND_NAMES, KINDS, Unrepresentable, kind_named, kind_of_module, passes_through  # noqa: E402

LOSSES = ("MeanSquaredError", "SumSquaredError", "BinaryCrossEntropy", "CategoricalCrossEntropy", "NegativeLogLikelihood",
          "CrossEntropyFromLogits", "BinaryCrossEntropyFromLogits")
PRECISIONS = ("float", "double")
# The output activation NetGen's cross-entropy losses are fused with (NetworkRules: NG0005).
LOSS_OUTPUT = {"BinaryCrossEntropy": ("Sigmoid", "nn.Sigmoid()"), "CategoricalCrossEntropy": ("Softmax", "nn.Softmax(dim=1)"),
               "NegativeLogLikelihood": ("LogSoftmax", "nn.LogSoftmax(dim=1)")}


class ExportError(ValueError):
    """The model cannot be exported exactly; the message says which module and what to do."""


def sequential_modules(model, path="model"):
    """The model's leaf modules in the order its forward() runs them, each with its path (model[2], model[0][1])."""
    if not isinstance(model, torch.nn.Sequential) or type(model).forward is not torch.nn.Sequential.forward:
        raise ExportError(
            f"{path} is a {type(model).__name__}, not an nn.Sequential: the order its forward() runs its modules in cannot be "
            "read from it (the order they were registered in may differ). Put its layers into an nn.Sequential in forward "
            "order, e.g. nn.Sequential(model.conv, model.relu, model.pool, nn.Flatten(), model.fc), and export that.")
    for name, module in model.named_children():
        child = f"{path}[{name}]"
        if isinstance(module, torch.nn.Sequential):
            yield from sequential_modules(module, child)
        else:
            yield child, module


def model_layers(model):
    """NetGen's layers for the model: (kind, module, description) in order, each layer with the activation that follows it."""
    layers, pending = [], None   # pending: the last module, still waiting for a possible activation

    def close(activation=None):
        nonlocal pending
        if pending is not None:
            path, kind, module = pending
            try:
                kind.check_below(module, layers[-1][0] if layers else None)
                layers.append((kind, module, kind.describe(module, activation)))
            except Unrepresentable as error:
                raise ExportError(f"{path}: {error}") from None
            pending = None

    for path, module in sequential_modules(model):
        if passes_through(module):
            continue
        activation = ACTIVATIONS.get(type(module))
        if activation is not None:
            try:
                label = activation(module)
            except Unrepresentable as error:
                raise ExportError(f"{path}: {error}") from None
            if pending is not None and pending[1].takes_activation:
                close(label)
            else:
                # After pooling, dropout or the input the activation is a layer of its own: [Activate].
                close()
                layers.append((kind_named("Activate"), module, f"Activate {label}"))
            continue
        kind = kind_of_module(module)
        if kind is None:
            raise ExportError(f"{path} ({module}) has no NetGen layer kind: NetGen's kinds are {', '.join(KIND_NAMES)} "
                              "(tools/netgen_layers.py) with the activations "
                              f"{', '.join(sorted(cls.__name__ for cls in ACTIVATIONS))}, and nn.Flatten(); "
                              "remove the module, replace it with one of these and retrain, or add the kind to NetGen")
        close()
        pending = (path, kind, module)
    close()
    if not layers:
        raise ExportError("the model has no layer NetGen can declare (Linear, Conv2d or pooling)")
    return layers


def input_text(layers, input_shape):
    """The input shape as NetGen writes it: "2" for a vector, "3×100" for a sequence, "1×28×28" for an image."""
    if input_shape is None:
        first_kind, first_module, _ = layers[0]
        if first_kind.name != "Dense":
            raise ExportError(f"the first layer is a {first_kind.name}: give the input's shape, input_shape=(channels, length) or "
                              "(channels, height, width) (--input C,L or C,H,W), as its [Input] declares it")
        return str(first_module.in_features)
    shape = tuple(int(size) for size in input_shape)
    if len(shape) not in (1, 2, 3):
        raise ExportError(f"input_shape {shape} is neither (size,), (channels, length) nor (channels, height, width)")
    return "×".join(str(size) for size in shape)


def check_loss(loss, precision, layers):
    if loss not in LOSSES:
        raise ExportError(f"loss '{loss}' is not a NetGen loss; choose one of {', '.join(LOSSES)}")
    if precision not in PRECISIONS:
        raise ExportError(f"precision '{precision}' is neither 'float' nor 'double'")
    if loss in LOSS_OUTPUT:
        activation, module = LOSS_OUTPUT[loss]
        description = layers[-1][2]
        if not description.endswith(" " + activation):
            raise ExportError(
                f"{loss} needs a {activation} output layer, but the model's last layer is '{description}'. A model trained on "
                f"logits (nn.CrossEntropyLoss, nn.BCEWithLogitsLoss) computes the {activation} inside its loss: append "
                f"{module} to the model (the weights stay the same) and declare the output layer with Activation.{activation}")


def state_of(kind, module):
    """The module's state_dict entries NetGen's layer has, under their PyTorch names: its parameters (a missing one, as the
    bias of bias=False or the weight and bias of a BatchNorm without affine, has no key), then its buffers."""
    parameters = [(name, getattr(module, name, None)) for name in kind.tensors]
    return [(name, tensor) for name, tensor in parameters if tensor is not None] + [(name, getattr(module, name)) for name in kind.buffers]


def model_to_netgen(model, loss, input_shape=None, precision="float"):
    """The JSON document for a live nn.Sequential: its architecture line and every layer's tensors under NetGen's keys."""
    layers = model_layers(model)
    check_loss(loss, precision, layers)
    architecture = f"{input_text(layers, input_shape)} → {' → '.join(description for _, _, description in layers)}; {loss}; {precision}"
    document = {"architecture": architecture}
    for index, (kind, module, _) in enumerate(layers):
        for name, tensor in state_of(kind, module):
            document[f"layers.{index}.{name}"] = tensor.detach().double().tolist()
    return document


RECURRENT_TENSOR = re.compile(r"(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\d+)(_reverse)?")


def recurrent_layer_of(key, prefix, name):
    """A recurrent module's tensor name as NetGen's one-layer [LSTM]/[GRU]/[RNN] names it, and which of the module's stacked
    layers it belongs to: weight_ih_l1 is layer 1's weight_ih_l0. Any other name is its own, in layer 0. Refuses by name the
    tensors no NetGen layer has: a bidirectional module's _reverse ones and an LSTM's projection (proj_size)."""
    match = RECURRENT_TENSOR.fullmatch(name)
    if match is None:
        return name, 0
    tensor, layer, reverse = match.groups()
    if reverse:
        raise ExportError(f"the state_dict's '{key}' belongs to a bidirectional recurrent module '{prefix}'; NetGen's [LSTM], [GRU] "
                          "and [RNN] run forward in time only: use bidirectional=False and retrain")
    if tensor == "weight_hr":
        raise ExportError(f"the state_dict's '{key}' is the projection of an LSTM with proj_size > 0 ('{prefix}'); NetGen's [LSTM] "
                          "has no projection: use proj_size=0 and retrain")
    return f"{tensor}_l0", int(layer)


def state_dict_to_netgen(state_dict, architecture):
    """The JSON document for a state_dict of an nn.Sequential, laid onto the layers the architecture line declares."""
    layer_texts = architecture.split("; ")[0].split(" → ")[1:]
    if not layer_texts or architecture.count("; ") != 2:
        raise ExportError(f"'{architecture}' is not a NetGen architecture line; copy network.Architecture, e.g. "
                          "\"2 → Dense 4 Tanh → Dense 1 Sigmoid; BinaryCrossEntropy; float\"")
    try:
        kinds = [kind_named(text.split(" ")[0]) for text in layer_texts]
    except KeyError as error:
        raise ExportError(error.args[0]) from None

    known = sorted({name for kind in KINDS for name in kind.tensors + kind.buffers})
    modules = {}
    for key, tensor in state_dict.items():
        prefix, _, name = key.rpartition(".")
        name, stacked = recurrent_layer_of(key, prefix, name)
        if stacked:
            prefix = f"{prefix}.{stacked}"   # layer k of a stacked recurrent module: the k-th declared layer after its first
        if name not in known:
            raise ExportError(f"the state_dict's '{key}' is none of the tensors NetGen's layers have ({', '.join(known)}): its module "
                              "has no NetGen layer kind; export the model itself to see which module it is")
        if not all(part.isdigit() for part in prefix.split(".")):
            raise ExportError(f"the state_dict's '{key}' belongs to a module named '{prefix}', so the order forward() runs its "
                              "modules in cannot be known from the state_dict; save the state_dict of an nn.Sequential of the "
                              "layers in forward order, or export the model itself")
        modules.setdefault(prefix, {})[name] = tensor
    ordered = sorted(modules.items(), key=lambda item: [int(part) for part in item[0].split(".")])

    stateful = [index for index, kind in enumerate(kinds) if kind.has_state]
    if len(ordered) != len(stateful):
        raise ExportError(f"the state_dict has {len(ordered)} modules with tensors ({', '.join(prefix for prefix, _ in ordered)}), "
                          f"the architecture {len(stateful)} layers with parameters or buffers; they must be the same layers in the same order")
    document = {"architecture": architecture}
    for index, (prefix, tensors) in zip(stateful, ordered):
        kind = kinds[index]
        # A layer declared with Bias = false reads " no bias" in the line and has no bias tensors (bias, or bias_ih_l0 and
        # bias_hh_l0), as nn.Linear(bias=False) and nn.LSTM(bias=False); a BatchNorm declared with Affine = false reads
        # " no-affine" and has its buffers alone, as affine=False. The padding finds a word at the line's end too.
        text = f" {layer_texts[index]} "
        expected = [name for name in kind.tensors if " no-affine " not in text and not (name.startswith("bias") and " no bias " in text)] + list(kind.buffers)
        if sorted(tensors) != sorted(expected):
            raise ExportError(f"the state_dict's module '{prefix}' has {' and '.join(sorted(tensors))}; layer {index} of the "
                              f"architecture, '{layer_texts[index]}', has {' and '.join(expected)}")
        if "weight" in tensors and tensors["weight"].dim() != kind.weight_rank:
            raise ExportError(f"the state_dict's '{prefix}.weight' has {tensors['weight'].dim()} dimensions, but layer {index} of "
                              f"the architecture is a [{kind.name}], whose weight has {kind.weight_rank}")
        for name in expected:
            document[f"layers.{index}.{name}"] = tensors[name].detach().double().tolist()
    return document


def load_model_file(path):
    """A torch.save file: a whole model, or a state_dict."""
    try:
        return torch.load(path, map_location="cpu")
    except (AttributeError, ModuleNotFoundError) as error:
        raise ExportError(f"{path} holds a whole model (torch.save(model)) whose class cannot be found here ({error}): call "
                          "export(model, ...) from Python where the class is defined, or save model.state_dict() and pass "
                          "--architecture") from None


def write(document, path):
    with open(path, "w", encoding="utf-8") as file:
        # repr-exact floats: Python's json writes the shortest text that reads back to the same double.
        json.dump(document, file, indent=1, ensure_ascii=False)


def export(model, path, loss, input_shape=None, precision="float"):
    """Writes the NetGen JSON for a live nn.Sequential (or a whole model loaded with torch.load)."""
    write(model_to_netgen(model, loss, input_shape, precision), path)


def export_state_dict(state_dict, path, architecture):
    """Writes the NetGen JSON for a state_dict, laid onto the layers of NetGen's architecture line."""
    write(state_dict_to_netgen(state_dict, architecture), path)


def main(arguments):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model", help="a torch.save file: a whole nn.Sequential, or a state_dict")
    parser.add_argument("out", help="the JSON file to write")
    parser.add_argument("--loss", choices=LOSSES, help="the NetGen network's loss (a whole model)")
    parser.add_argument("--input", help="the input shape, C,H,W or N (a whole model that starts with an image layer)")
    parser.add_argument("--precision", choices=PRECISIONS, default="float", help="the NetGen network's precision (a whole model)")
    parser.add_argument("--architecture", help="the NetGen network's Architecture line (a state_dict)")
    options = parser.parse_args(arguments)

    loaded = load_model_file(options.model)
    if isinstance(loaded, torch.nn.Module):
        if options.loss is None:
            raise ExportError("give the NetGen network's loss with --loss (a PyTorch model does not hold its loss)")
        shape = None if options.input is None else [int(size) for size in options.input.split(",")]
        export(loaded, options.out, options.loss, shape, options.precision)
    elif isinstance(loaded, dict) and all(isinstance(value, torch.Tensor) for value in loaded.values()):
        if options.architecture is None:
            raise ExportError(f"{options.model} holds a state_dict, which has no activations or pooling layers: give the NetGen "
                              "network's architecture line with --architecture (network.Architecture)")
        export_state_dict(loaded, options.out, options.architecture)
    else:
        raise ExportError(f"{options.model} holds a {type(loaded).__name__}, neither a model nor a state_dict")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except ExportError as error:
        sys.exit(f"torch_to_netgen: {error}")
