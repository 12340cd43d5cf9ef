#!/usr/bin/env python3
"""Train two small networks in PyTorch and write what NetGen's interop tests compare against.

Writes, through torch_to_netgen.export (so the files carry the architecture line NetGen checks):
  <out>/torch_mlp.json and torch_mlp_outputs.json: the twin of TorchMlpNet in tests/NetGen.Tests/Networks.cs,
      [Input(3)] [Dense(6, Tanh)] [Dense(4, ELU)] [Dense(2, Sigmoid)], MeanSquaredError, double precision;
  <out>/torch_conv.json and torch_conv_outputs.json: the twin of TorchConvNet there, [Input(2, 7, 7)]
      [Conv2D(3, 3, ReLU, Padding = 1)] [MaxPool2D(2)] [Conv2D(4, 2, LeakyReLU, Slope = 0.2, Stride = 2)] [AvgPool2D(1)]
      [Dense(3, Softmax)], CategoricalCrossEntropy, double precision, trained on logits with nn.CrossEntropyLoss and
      exported with the Softmax appended (the route docs/import.md describes);
  <out>/torch_batchnorm_net.json and torch_batchnorm_net_outputs.json: the twin of TorchBatchNormNet there, [Input(2, 6, 6)]
      [Conv2D(3, 3)] [BatchNorm(ReLU)] [MaxPool2D(2)] [Dense(5)] [BatchNorm(Tanh, Momentum = 0.2, Epsilon = 0.001,
      Affine = false)] [Dense(2)], MeanSquaredError, double precision, trained in train() mode so that its running statistics
      move, exported and probed in eval() mode.
Each *_outputs.json holds probe inputs and PyTorch's outputs for them.
Usage: /usr/bin/python3 tools/make_torch_fixture.py <out-directory>
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_to_netgen import export  # noqa: E402

nn = torch.nn


def train(model, inputs, loss_of, steps):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_of(model(inputs))
        loss.backward()
        optimizer.step()
    return loss.item()


def write_outputs(model, probe, path):
    with torch.no_grad():
        outputs = model(probe)
    with open(path, "w") as file:
        json.dump({"torch": torch.__version__, "inputs": probe.flatten(1).tolist(), "outputs": outputs.tolist()}, file, indent=1)


out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
torch.manual_seed(2024)
torch.set_default_dtype(torch.float64)

# A multilayer perceptron on a smooth target, so that the weights move well away from their initial values.
mlp = nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 4), nn.ELU(), nn.Linear(4, 2), nn.Sigmoid())
inputs = torch.rand(64, 3) * 4 - 2
targets = torch.stack([torch.sigmoid(inputs.sum(1)), torch.sigmoid(inputs[:, 0] * inputs[:, 1])], dim=1)
mlp_loss = train(mlp, inputs, lambda y: 0.5 * ((y - targets) ** 2).sum(1).mean(), 300)
export(mlp, os.path.join(out, "torch_mlp.json"), loss="MeanSquaredError", precision="double")
write_outputs(mlp, torch.rand(10, 3) * 4 - 2, os.path.join(out, "torch_mlp_outputs.json"))

# A small convolutional classifier trained on logits, as PyTorch models usually are.
conv = nn.Sequential(
    nn.Conv2d(2, 3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Sequential(nn.Conv2d(3, 4, 2, stride=2), nn.LeakyReLU(0.2)), nn.AvgPool2d(1),
    nn.Flatten(), nn.Linear(4, 3))
images = torch.rand(48, 2, 7, 7)
# The class is the brightest of three regions, so that the network has something to learn.
labels = torch.stack([images[:, 0, :3].mean((1, 2)), images[:, 1, 3:].mean((1, 2)), images[:, :, :, 4:].mean((1, 2, 3))], 1).argmax(1)
conv_loss = train(conv, images, lambda logits: nn.functional.cross_entropy(logits, labels), 200)
with_softmax = nn.Sequential(conv, nn.Softmax(dim=1))
export(with_softmax, os.path.join(out, "torch_conv.json"), loss="CategoricalCrossEntropy", input_shape=(2, 7, 7), precision="double")
write_outputs(with_softmax, torch.rand(10, 2, 7, 7), os.path.join(out, "torch_conv_outputs.json"))

# Batch normalisation after a convolution and after a Linear layer: the running statistics travel with the weights.
batchnorm = nn.Sequential(
    nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
    nn.Linear(12, 5), nn.BatchNorm1d(5, momentum=0.2, eps=1e-3, affine=False), nn.Tanh(), nn.Linear(5, 2))
maps = torch.rand(64, 2, 6, 6) * 2 + 1   # off-centre inputs, so that the running mean moves well away from 0
map_targets = torch.stack([maps[:, 0].mean((1, 2)) - maps[:, 1].mean((1, 2)), maps[:, :, :3].std((1, 2, 3))], 1)
batchnorm_loss = train(batchnorm, maps, lambda y: 0.5 * ((y - map_targets) ** 2).sum(1).mean(), 100)
batchnorm.eval()
export(batchnorm, os.path.join(out, "torch_batchnorm_net.json"), loss="MeanSquaredError", input_shape=(2, 6, 6), precision="double")
write_outputs(batchnorm, torch.rand(10, 2, 6, 6) * 2 + 1, os.path.join(out, "torch_batchnorm_net_outputs.json"))

print(f"trained losses {mlp_loss:.6f} (MLP), {conv_loss:.6f} (conv), {batchnorm_loss:.6f} (BatchNorm); wrote {out}")
