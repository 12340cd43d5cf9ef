#!/usr/bin/env python3
"""Train a small network in PyTorch and write what NetGen's interop test compares against.

Writes <out>/torch_mlp.json (the trained weights, via torch_to_netgen.export) and <out>/torch_mlp_outputs.json (inputs and
PyTorch's outputs for them). The NetGen twin is TorchMlpNet in tests/NetGen.Tests/Networks.cs:
    [Input(3)] [Dense(6, Tanh)] [Dense(4, ELU)] [Dense(2, Sigmoid)], double precision.
Usage: /usr/bin/python3 tools/make_torch_fixture.py <out-directory>
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_to_netgen import export  # noqa: E402

torch.manual_seed(2024)
torch.set_default_dtype(torch.float64)
model = torch.nn.Sequential(
    torch.nn.Linear(3, 6), torch.nn.Tanh(),
    torch.nn.Linear(6, 4), torch.nn.ELU(),
    torch.nn.Linear(4, 2), torch.nn.Sigmoid())

# Train on a smooth target so that the weights move well away from their initial values.
inputs = torch.rand(64, 3) * 4 - 2
targets = torch.stack([torch.sigmoid(inputs.sum(1)), torch.sigmoid(inputs[:, 0] * inputs[:, 1])], dim=1)
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
for _ in range(300):
    optimizer.zero_grad()
    loss = 0.5 * ((model(inputs) - targets) ** 2).sum(1).mean()
    loss.backward()
    optimizer.step()

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
export(model, os.path.join(out, "torch_mlp.json"))
probe = torch.rand(10, 3) * 4 - 2
with torch.no_grad():
    outputs = model(probe)
with open(os.path.join(out, "torch_mlp_outputs.json"), "w") as file:
    json.dump({"torch": torch.__version__, "inputs": probe.tolist(), "outputs": outputs.tolist()}, file, indent=1)
print(f"trained loss {loss.item():.6f}; wrote {out}")
