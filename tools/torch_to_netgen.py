#!/usr/bin/env python3
"""Export a PyTorch nn.Sequential to NetGen's state_dict JSON.

NetGen keys each layer's tensors as layers.N.weight and layers.N.bias, N counting the declared layers 0, 1, 2, ... in
order: Dense (nn.Linear, weight [out, in]), Conv2D (nn.Conv2d, weight [filters, channels, k, k]) and the pooling layers
(nn.MaxPool2d, nn.AvgPool2d, which have no tensors but take a number). Activations and nn.Flatten are not layers in
NetGen (they are part of the layer before, or implicit), so they take no number. Load the file with
NetGen.StateDict.FromJson(network, json) into a network declared with the same layers and activations.

From a saved state_dict alone the pooling layers cannot be seen, so the command line handles Linear-only models; for
a model with Conv2d or pooling layers call export(model, path) from Python.

Usage:
    python3 tools/torch_to_netgen.py model_state_dict.pt out.json     # a saved state_dict of an nn.Sequential
or from Python:
    from torch_to_netgen import export; export(model, "out.json")
"""
import json
import sys

import torch


def state_dict_to_netgen(state_dict):
    """Maps the 2-D '<index>.weight' tensors (nn.Linear) and their biases, in module order, to layers.0, layers.1, ..."""
    if any(value.dim() == 4 for value in state_dict.values()):
        raise ValueError("the state_dict has Conv2d weights; pooling layers, which NetGen numbers, cannot be seen in it: "
                         "call export(model, path) with the model instead")
    linear_prefixes = sorted(
        {key.rsplit(".", 1)[0] for key, value in state_dict.items() if key.endswith(".weight") and value.dim() == 2},
        key=lambda prefix: [int(part) if part.isdigit() else part for part in prefix.split(".")])
    result = {}
    for layer, prefix in enumerate(linear_prefixes):
        weight = state_dict[prefix + ".weight"]
        bias = state_dict.get(prefix + ".bias")
        if bias is None:
            raise ValueError(f"{prefix} has no bias; NetGen's Dense layers always have one (use nn.Linear(bias=True))")
        result[f"layers.{layer}.weight"] = weight.detach().double().tolist()
        result[f"layers.{layer}.bias"] = bias.detach().double().tolist()
    return result


def model_to_netgen(model):
    """Numbers the model's Linear, Conv2d and pooling modules as NetGen's declared layers, in order."""
    layer_kinds = (torch.nn.Linear, torch.nn.Conv2d, torch.nn.MaxPool2d, torch.nn.AvgPool2d)
    result = {}
    layers = [module for module in model.modules() if isinstance(module, layer_kinds)]
    for index, module in enumerate(layers):
        if isinstance(module, (torch.nn.Linear, torch.nn.Conv2d)):
            if module.bias is None:
                raise ValueError(f"layer {index} has no bias; NetGen's Dense and Conv2D layers always have one")
            result[f"layers.{index}.weight"] = module.weight.detach().double().tolist()
            result[f"layers.{index}.bias"] = module.bias.detach().double().tolist()
    return result


def export(model, path):
    with open(path, "w") as file:
        # repr-exact floats: Python's json writes the shortest text that reads back to the same double.
        json.dump(model_to_netgen(model), file, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[2], "w") as out:
        json.dump(state_dict_to_netgen(torch.load(sys.argv[1])), out, indent=1)
