#!/usr/bin/env python3
"""Export a PyTorch nn.Sequential of Linear and activation layers to NetGen's state_dict JSON.

NetGen keys each Dense layer as layers.N.weight ([out, in], exactly nn.Linear's layout) and layers.N.bias, numbering the
Linear layers 0, 1, 2, ... in order (nn.Sequential numbers every module, activations included). Load the file with
NetGen.StateDict.FromJson(network, json) into a network declared with the same layers and activations.

Usage:
    python3 tools/torch_to_netgen.py model_state_dict.pt out.json     # a saved state_dict of an nn.Sequential
or from Python:
    from torch_to_netgen import export; export(model, "out.json")
"""
import json
import sys

import torch


def state_dict_to_netgen(state_dict):
    """Maps the 2-D '<index>.weight' tensors and their biases, in module order, to layers.0, layers.1, ..."""
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


def export(model, path):
    with open(path, "w") as file:
        # repr-exact floats: Python's json writes the shortest text that reads back to the same double.
        json.dump(state_dict_to_netgen(model.state_dict()), file, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[2], "w") as out:
        json.dump(state_dict_to_netgen(torch.load(sys.argv[1])), out, indent=1)
