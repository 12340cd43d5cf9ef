#!/usr/bin/env python3
"""Step torch.optim's rules over a fixed gradient sequence and write the parameter trajectories NetGen must reproduce.

Writes <out>/torch_optimizers.json: for each case, the optimizer, the TrainingOptions it is set with (NetGen's names;
a setting not listed is left unset, so both sides use their default), the initial parameters, 50 gradients and the
parameters after each step. tests/NetGen.Tests/OptimizerTrajectoryTests.cs replays them with ParameterOptimizer.
Usage: /usr/bin/python3 tools/make_optimizer_fixture.py <out-directory>
"""
import json
import os
import sys

import torch

STEPS = 50
SIZE = 7

# (NetGen optimizer, torch.optim class, NetGen settings). Each setting maps to one torch argument below.
CASES = [
    ("RMSprop", torch.optim.RMSprop, {}),
    ("RMSprop", torch.optim.RMSprop, {"LearningRate": 0.03, "Alpha": 0.9, "Epsilon": 1e-6, "WeightDecay": 0.05}),
    ("RMSprop", torch.optim.RMSprop, {"Momentum": 0.8, "Centered": True, "WeightDecay": 0.01}),
    ("RMSprop", torch.optim.RMSprop, {"Centered": True}),
    ("Adagrad", torch.optim.Adagrad, {}),
    ("Adagrad", torch.optim.Adagrad, {"LearningRate": 0.2, "LearningRateDecay": 0.05, "InitialAccumulatorValue": 0.3,
                                      "Epsilon": 1e-8, "WeightDecay": 0.02}),
    ("Adadelta", torch.optim.Adadelta, {}),
    ("Adadelta", torch.optim.Adadelta, {"LearningRate": 0.5, "Rho": 0.8, "Epsilon": 1e-4, "WeightDecay": 0.1}),
    ("Adamax", torch.optim.Adamax, {}),
    ("Adamax", torch.optim.Adamax, {"LearningRate": 0.05, "Beta1": 0.8, "Beta2": 0.99, "Epsilon": 1e-5,
                                    "WeightDecay": 0.03}),
    ("Rprop", torch.optim.Rprop, {}),
    ("Rprop", torch.optim.Rprop, {"LearningRate": 0.1, "EtaMinus": 0.3, "EtaPlus": 1.5, "StepSizeMin": 0.02,
                                  "StepSizeMax": 0.4}),
]


def torch_arguments(settings):
    """NetGen's TrainingOptions names → torch.optim's keyword arguments."""
    names = {"LearningRate": "lr", "Alpha": "alpha", "Epsilon": "eps", "WeightDecay": "weight_decay",
             "Momentum": "momentum", "Centered": "centered", "LearningRateDecay": "lr_decay",
             "InitialAccumulatorValue": "initial_accumulator_value", "Rho": "rho"}
    arguments = {names[key]: value for key, value in settings.items() if key in names}
    if "Beta1" in settings or "Beta2" in settings:
        arguments["betas"] = (settings.get("Beta1", 0.9), settings.get("Beta2", 0.999))
    if "EtaMinus" in settings or "EtaPlus" in settings:
        arguments["etas"] = (settings.get("EtaMinus", 0.5), settings.get("EtaPlus", 1.2))
    if "StepSizeMin" in settings or "StepSizeMax" in settings:
        arguments["step_sizes"] = (settings.get("StepSizeMin", 1e-6), settings.get("StepSizeMax", 50))
    return arguments


def gradients(generator):
    """50 gradients: random, with a component that keeps its sign, one that is sometimes exactly 0 and one that alternates."""
    sequence = torch.randn(STEPS, SIZE, generator=generator, dtype=torch.float64)
    sequence[:, 0] = sequence[:, 0].abs() + 0.1
    sequence[::3, 1] = 0.0
    sequence[:, 2] = torch.tensor([(-1.0) ** t for t in range(STEPS)], dtype=torch.float64) * (1 + sequence[:, 2].abs())
    return sequence


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    generator = torch.Generator().manual_seed(20)
    cases = []
    for name, kind, settings in CASES:
        initial = torch.randn(SIZE, generator=generator, dtype=torch.float64)
        sequence = gradients(generator)
        parameter = torch.nn.Parameter(initial.clone())
        optimizer = kind([parameter], foreach=False, **torch_arguments(settings))
        trajectory = []
        for step in range(STEPS):
            parameter.grad = sequence[step].clone()
            optimizer.step()
            trajectory.append(parameter.detach().clone().tolist())
        cases.append({"optimizer": name, "options": settings, "initial": initial.tolist(),
                      "gradients": sequence.tolist(), "trajectory": trajectory})
    path = os.path.join(out, "torch_optimizers.json")
    with open(path, "w") as file:
        json.dump({"torch": torch.__version__, "cases": cases}, file, indent=1)
    print(f"wrote {len(cases)} cases of {STEPS} steps to {path}")


if __name__ == "__main__":
    main()
