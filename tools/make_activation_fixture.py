#!/usr/bin/env python3
"""Write each activation's value and derivative, and the log-probability and logit losses, from PyTorch float64 autograd.

Writes tests/NetGen.Generators.Tests/Fixtures/torch_activations.json (or the path given as the only argument):
- "activations": for every NetGen activation PyTorch defines element-wise, the points z (ordinary ones and every kink:
  0 and 6 of ReLU6, ±3 of HardSigmoid and HardSwish, 0 of the ReLU family), σ(z) and σ'(z) as autograd computes it, so
  the derivative at a kink is PyTorch's convention.
- "losses": logits z and targets y with, for NegativeLogLikelihood, ŷ = log_softmax(z) and C = −Σ y·ŷ (nll_loss), for
  CrossEntropyFromLogits C = cross_entropy(z, y) with probability targets, for BinaryCrossEntropyFromLogits
  C = binary_cross_entropy_with_logits(z, y), all summed over one sample, with the output NetGen's Forward returns and
  ∂C/∂z. Some logits are large, to check that the fused forms do not overflow.
The test (ActivationTorchTests) feeds z through [Dense(n, activation)] networks with identity weights.
Usage: /usr/bin/python3 tools/make_activation_fixture.py [out.json]   (Debian: python3-torch)
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

ACTIVATIONS = {
    "Sigmoid": torch.sigmoid, "Tanh": torch.tanh, "ReLU": F.relu, "LeakyReLU": F.leaky_relu, "ELU": F.elu, "SELU": F.selu,
    "Softplus": F.softplus, "SiLU": F.silu, "ReLU6": F.relu6, "HardSigmoid": F.hardsigmoid, "HardSwish": F.hardswish,
    "GELU": F.gelu, "Mish": F.mish, "Softsign": F.softsign,
}
ORDINARY = [-9.5, -4.1, -2.6, -1.3, -0.37, 0.21, 0.8, 1.7, 2.9, 4.4, 7.3, 31.0]
KINKS = [-3.0, 0.0, 3.0, 6.0]


def activations():
    cases = {}
    for name, function in ACTIVATIONS.items():
        z = torch.tensor(ORDINARY + KINKS, requires_grad=True)
        value = function(z)
        (derivative,) = torch.autograd.grad(value.sum(), z)
        cases[name] = {"z": z.tolist(), "value": value.tolist(), "derivative": derivative.tolist()}
    return cases


def losses():
    logits = [[0.3, -1.2, 2.1, 0.05], [40.0, -35.0, 0.0, 3.0], [-2.0, -2.5, -1.0, -7.0]]
    targets = [[0.0, 0.0, 1.0, 0.0], [0.2, 0.1, 0.6, 0.1], [0.0, 1.0, 0.0, 0.0]]
    cases = []
    for z_values, y_values in zip(logits, targets):
        y = torch.tensor(y_values)
        for loss in ("NegativeLogLikelihood", "CrossEntropyFromLogits", "BinaryCrossEntropyFromLogits"):
            z = torch.tensor(z_values, requires_grad=True)
            if loss == "NegativeLogLikelihood":
                output = F.log_softmax(z, dim=0)
                value = -(y * output).sum()
            elif loss == "CrossEntropyFromLogits":
                output = z
                value = F.cross_entropy(z.unsqueeze(0), y.unsqueeze(0), reduction="sum")
            else:
                output = z
                value = F.binary_cross_entropy_with_logits(z, y, reduction="sum")
            (gradient,) = torch.autograd.grad(value, z)
            cases.append({"loss": loss, "z": z_values, "y": y_values, "output": output.tolist(), "value": value.item(),
                          "gradient": gradient.tolist()})
    return cases


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "tests", "NetGen.Generators.Tests", "Fixtures", "torch_activations.json")
    path = sys.argv[1] if len(sys.argv) > 1 else default
    with open(path, "w") as file:
        json.dump({"torch": torch.__version__, "activations": activations(), "losses": losses()}, file, indent=1)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
