"""Writes the model benchmarks/import-time.sh builds: PyTorch's MNIST multilayer perceptron (784 → 128 ReLU → 10,
101,770 parameters) exported with torch.onnx.export (opset 17), with one test_data_set so the build also runs its
reference check.

    /usr/bin/python3 benchmarks/import_time.py OUTPUT_FOLDER"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from onnx_test_data import tensor_proto  # noqa: E402

out = sys.argv[1]
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).eval()
torch.onnx.export(model, torch.zeros(1, 784), os.path.join(out, "mlp.onnx"), opset_version=17,
                  input_names=["input"], output_names=["output"], dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
data = os.path.join(out, "test_data_set_0")
os.makedirs(data, exist_ok=True)
x = torch.rand(1, 784)
with torch.no_grad():
    y = model(x)
for name, tensor in (("input_0.pb", x), ("output_0.pb", y)):
    with open(os.path.join(data, name), "wb") as f:
        f.write(tensor_proto(tensor))
print(sum(p.numel() for p in model.parameters()), "parameters")
