#!/usr/bin/env python3
"""Write reference gradients for [PReLU] networks (nn.PReLU) from PyTorch float64 autograd.

Writes tests/NetGen.Generators.Tests/Fixtures/prelu_gradients.json (or the path given as the only argument), in the format
of tools/make_conv_fixture.py (whose forward pass and checks it uses; ConvolutionTests reads both files): one slope and one
per channel or unit, after Dense (unrolled and looped), Conv2D, Conv1D, on the input, as the output layer; and cases whose
input has exact zeros under a first [PReLU] ("at_kink": true), where ∂C/∂x is PyTorch's convention, α·δ at x = 0 (a central
difference cannot check it there, so those cases compare only dC/dθ with central differences).
Usage: /usr/bin/python3 tools/make_prelu_fixture.py [out.json]   (Debian: python3-torch)
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_conv_fixture import format_case, layer, make_case  # noqa: E402
from netgen_layers import KIND_NAMES  # noqa: E402

# (name, input [size], [C, H, W] or [C, L], loss, layers)
CASES = [
    ("PReLU_PerUnit_after_Dense_Unrolled", [5], "MeanSquaredError",
     [layer("Dense", [4], "Linear"), layer("PReLU", [], PerChannel=True), layer("Dense", [2], "Linear")]),
    ("PReLU_One_after_Dense_Output", [3], "SumSquaredError", [layer("Dense", [3], "Linear"), layer("PReLU", [])]),
    ("PReLU_PerUnit_after_Dense_Looped", [6], "MeanSquaredError",
     [layer("Dense", [40], "Linear"), layer("PReLU", [], PerChannel=True), layer("Dense", [3], "Softmax")]),
    ("PReLU_PerChannel_after_Conv2D_MaxPool", [2, 6, 6], "CategoricalCrossEntropy",
     [layer("Conv2D", [3, 3], "Linear"), layer("PReLU", [], PerChannel=True), layer("MaxPool2D", [2]), layer("Dense", [3], "Softmax")]),
    ("PReLU_One_after_Conv2D_SmallMap", [1, 5, 5], "MeanSquaredError",
     [layer("Conv2D", [2, 2], "Linear"), layer("PReLU", []), layer("Dense", [2], "Linear")]),
    ("PReLU_PerChannel_after_Conv1D", [2, 9], "MeanSquaredError",
     [layer("Conv1D", [3, 3], "Linear"), layer("PReLU", [], PerChannel=True), layer("Conv1D", [2, 2], "Tanh")]),
    ("PReLU_PerChannel_Image_Output", [2, 4, 5], "MeanSquaredError",
     [layer("Conv2D", [3, 2], "Linear", Padding=1), layer("PReLU", [], PerChannel=True)]),
]

# Every third input value exactly 0, under a first [PReLU]: PyTorch's kink convention.
KINK_CASES = [
    ("PReLU_PerChannel_First_AtKink_Looped", [2, 3, 4], "MeanSquaredError",
     [layer("PReLU", [], PerChannel=True), layer("Conv2D", [2, 2], "Tanh"), layer("Dense", [2], "Linear")]),
    ("PReLU_One_First_AtKink_Unrolled", [6], "MeanSquaredError", [layer("PReLU", []), layer("Dense", [2], "Linear")]),
    ("PReLU_PerUnit_First_AtKink_Unrolled", [6], "MeanSquaredError", [layer("PReLU", [], PerChannel=True), layer("Dense", [2], "Tanh")]),
]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "NetGen.Generators.Tests", "Fixtures", "prelu_gradients.json")
    unknown = {entry["kind"] for _, _, _, layers in CASES + KINK_CASES for entry in layers} - set(KIND_NAMES)
    assert not unknown, f"layer kinds {unknown} are not in tools/netgen_layers.py"
    cases = [make_case(i, *case, seed_base=3000) for i, case in enumerate(CASES)]
    cases += [make_case(i, *case, seed_base=4000, zero_inputs=True) for i, case in enumerate(KINK_CASES)]
    for case in cases[len(CASES):]:
        assert any(v == 0.0 for v in case["x"]), case["name"]
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as file:
        file.write(f'{{ "torch": {json.dumps(torch.__version__)}, "cases": [\n')
        file.write(",\n".join(format_case(case) for case in cases))
        file.write("\n] }\n")
    print(f"{len(cases)} cases, gradients checked against central differences; wrote {out}")


if __name__ == "__main__":
    main()
