#!/usr/bin/env python3
"""Write reference values for [BatchNorm] from PyTorch float64 autograd: tests/NetGen.Tests/Fixtures/torch_batchnorm.json.

Each case is the twin of a network in tests/NetGen.Tests/BatchNormTests.cs (a vector, images, and steps feeding an LSTM), with random parameters and running statistics
(a state_dict with NetGen's keys, which StateDict.FromJson reads), a batch of 20 inputs (two of NetGen's tiles) and targets,
and what NetGen must reproduce:
  eval:  nn.Module.eval() — the outputs of every input, and for sample 0 the loss, dC/dθ and dC/dx (Forward, Backward);
  train: nn.Module.train() — one forward over the whole batch: the summed loss, the summed dC/dθ (BackwardBatch) and the
         buffers afterwards (running_mean, running_var, num_batches_tracked of each BatchNorm, in NetGen's order).
Losses are NetGen's per sample (docs/math.md): mean squared error ½Σ(ŷ − y)², categorical cross-entropy on the softmax.
Usage: /usr/bin/python3 tools/make_batchnorm_fixture.py   (Debian: python3-torch)
"""
import json
import os

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
torch.manual_seed(7)
BATCH = 20


class Act(nn.Module):
    def __init__(self, name):
        super().__init__()
        self.f = {"ReLU": torch.relu, "Tanh": torch.tanh, "Linear": lambda z: z}[name]

    def forward(self, z):
        return self.f(z)


def dense_batchnorm():
    """DenseBatchNormNet: [Input(5)] [Dense(6)] [BatchNorm(ReLU)] [Dense(2)], mean squared error."""
    layers = [("layers.0", nn.Linear(5, 6)), ("layers.1", nn.BatchNorm1d(6)), (None, Act("ReLU")), ("layers.2", nn.Linear(6, 2))]
    return "DenseBatchNormNet", layers, (5,), 2, "MeanSquaredError"


def conv_batchnorm():
    """ConvBatchNormNet: [Input(2, 6, 6)] [Conv2D(3, 3)] [BatchNorm] [Activate(ReLU)] [Conv2D(4, 3, Padding = 1)]
    [BatchNorm(Tanh, Momentum = 0.3, Affine = false)] [MaxPool2D(2)] [Dense(3, Softmax)], categorical cross-entropy."""
    layers = [("layers.0", nn.Conv2d(2, 3, 3)), ("layers.1", nn.BatchNorm2d(3)), (None, Act("ReLU")),
              ("layers.3", nn.Conv2d(3, 4, 3, padding=1)), ("layers.4", nn.BatchNorm2d(4, momentum=0.3, affine=False)), (None, Act("Tanh")),
              (None, nn.MaxPool2d(2)), (None, nn.Flatten()), ("layers.6", nn.Linear(16, 3))]
    return "ConvBatchNormNet", layers, (2, 6, 6), 3, "CategoricalCrossEntropy"


class Transposed(nn.Module):
    """A module on (N, F, L) applied to steps (N, L, F): nn.BatchNorm1d normalising each feature over the batch and the steps."""
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x.transpose(1, 2)).transpose(1, 2)


class LastStep(nn.Module):
    """A batch_first recurrent module's last h: NetGen's many-to-one [LSTM]."""
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x)[0][:, -1, :]


def steps_batchnorm():
    """StepsBatchNormNet: [Input(3, Steps = 5)] [Dense(4)] [BatchNorm(Tanh)] [LSTM(3)] [Dense(2)], mean squared error: the Dense
    on every step, nn.BatchNorm1d on (N, F, L), one statistic per feature over the batch and the steps."""
    norm, lstm = nn.BatchNorm1d(4), nn.LSTM(4, 3, batch_first=True)
    layers = [("layers.0", nn.Linear(3, 4)), ("layers.1", norm, Transposed(norm)), (None, Act("Tanh")), ("layers.2", lstm, LastStep(lstm)),
              ("layers.3", nn.Linear(3, 2))]
    return "StepsBatchNormNet", layers, (5, 3), 2, "MeanSquaredError"


def loss_of(name, outputs, targets):
    if name == "MeanSquaredError":
        return 0.5 * ((outputs - targets) ** 2).sum()
    return -(targets * torch.log_softmax(outputs, dim=1)).sum()


def case(make):
    name, layers, input_shape, outputs, loss = make()
    model = nn.Sequential(*[entry[-1] for entry in layers])  # (key, module[, how the model applies it])
    layers = [(entry[0], entry[1]) for entry in layers]
    with torch.no_grad():
        for key, module in layers:
            if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2.0)
                module.num_batches_tracked.fill_(3)
                if module.affine:
                    module.weight.uniform_(0.5, 1.5)
                    module.bias.uniform_(-0.5, 0.5)
    named = [(key, module) for key, module in layers if key is not None]
    parameters = [p for _, module in named for p in module.parameters()]
    state = {f"{key}.{n}": t.detach().clone() for key, module in named for n, t in module.state_dict().items()}

    inputs = torch.rand(BATCH, *input_shape) * 2 - 1
    if loss == "CategoricalCrossEntropy":
        targets = torch.nn.functional.one_hot(torch.randint(0, outputs, (BATCH,)), outputs).double()
    else:
        targets = torch.rand(BATCH, outputs) * 2 - 1

    model.eval()
    with torch.no_grad():
        eval_outputs = model(inputs)
        if loss == "CategoricalCrossEntropy":
            eval_outputs = torch.softmax(eval_outputs, dim=1)
    x0 = inputs[:1].clone().requires_grad_(True)
    sample_loss = loss_of(loss, model(x0), targets[:1])
    sample_gradient = torch.autograd.grad(sample_loss, parameters + [x0])

    model.train()
    batch_loss = loss_of(loss, model(inputs), targets)
    batch_gradient = torch.autograd.grad(batch_loss, parameters)
    buffers = [t for _, module in named for n, t in module.state_dict().items() if n in ("running_mean", "running_var", "num_batches_tracked")]

    flat = lambda tensors: torch.cat([t.detach().reshape(-1).double() for t in tensors]).tolist()
    return {
        "name": name,
        "state": {k: (v.tolist() if v.dim() > 0 else v.item()) for k, v in state.items()},
        "inputs": inputs.reshape(-1).tolist(),
        "targets": targets.reshape(-1).tolist(),
        "eval_outputs": eval_outputs.reshape(-1).tolist(),
        "eval_loss": sample_loss.item(),
        "eval_gradient": flat(sample_gradient[:-1]),
        "eval_input_gradient": flat(sample_gradient[-1:]),
        "train_loss": batch_loss.item(),
        "train_gradient": flat(batch_gradient),
        "buffers_after": flat(buffers),
    }


out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "NetGen.Tests", "Fixtures", "torch_batchnorm.json")
with open(out, "w") as file:
    json.dump({"torch": torch.__version__, "cases": [case(dense_batchnorm), case(conv_batchnorm), case(steps_batchnorm)]}, file, indent=1)
print("wrote", os.path.normpath(out))
