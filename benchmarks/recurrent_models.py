"""The PyTorch and ONNX side of benchmarks/recurrent.sh. For each model named on the command line, reads NetGen's
state_dict (<folder>/<name>.json: layers.0 the GRU or LSTM, layers.1 the Linear), and
- writes <folder>/<name>.onnx: one step of the same model with its state as inputs and outputs (x [1,1,1], h [1,1,H]
  and for an LSTM c [1,1,H] in; y [1,1], h_out and c_out out), the gates reordered to ONNX's (GRU z, r, h with
  linear_before_reset = 1, which is PyTorch's GRU; LSTM i, o, f, c), checked by onnx.checker;
- steps the model in PyTorch eager (torch.no_grad, one thread) over <folder>/input.f32, writes its outputs to
  <folder>/<name>.torch.f32 and prints "<name> torch_ns_per_step=...".
Usage: python3 recurrent_models.py <folder> gru lstm   (the names are the kinds)
"""
import json
import sys
import time

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn


def load(folder, name):
    with open(f"{folder}/{name}.json") as file:
        return {key: np.array(value, dtype=np.float32) for key, value in json.load(file).items() if key != "architecture"}


def onnx_step_model(kind, state, path):
    """One step, the state in and out; PyTorch's gate blocks reordered to ONNX's."""
    hidden = state["layers.0.weight_hh_l0"].shape[1]
    blocks = lambda tensor: np.split(tensor, 4 if kind == "lstm" else 3, axis=0)
    # PyTorch LSTM i, f, g, o -> ONNX i, o, f, c; PyTorch GRU r, z, n -> ONNX z, r, h.
    order = [0, 3, 1, 2] if kind == "lstm" else [1, 0, 2]
    reorder = lambda tensor: np.concatenate([blocks(tensor)[k] for k in order], axis=0)
    w = reorder(state["layers.0.weight_ih_l0"])[None]
    r = reorder(state["layers.0.weight_hh_l0"])[None]
    b = np.concatenate([reorder(state["layers.0.bias_ih_l0"]), reorder(state["layers.0.bias_hh_l0"])])[None]
    initializers = [numpy_helper.from_array(w, "W"), numpy_helper.from_array(r, "R"), numpy_helper.from_array(b, "B"),
                    numpy_helper.from_array(state["layers.1.weight"], "dense_weight"),
                    numpy_helper.from_array(state["layers.1.bias"], "dense_bias"),
                    numpy_helper.from_array(np.array([1, hidden], dtype=np.int64), "row_shape")]
    states = ["h", "c"] if kind == "lstm" else ["h"]
    cell_inputs = ["x", "W", "R", "B", ""] + states
    cell_outputs = ["sequence"] + [f"{s}_out" for s in states]
    attributes = {"hidden_size": hidden}
    if kind == "gru":
        attributes["linear_before_reset"] = 1
    nodes = [helper.make_node(kind.upper(), cell_inputs, cell_outputs, **attributes),
             helper.make_node("Reshape", ["h_out", "row_shape"], ["h_row"]),
             helper.make_node("Gemm", ["h_row", "dense_weight", "dense_bias"], ["y"], transB=1)]
    value = lambda name, shape: helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)
    graph = helper.make_graph(nodes, kind, [value("x", [1, 1, 1])] + [value(s, [1, 1, hidden]) for s in states],
                              [value("y", [1, 1])] + [value(f"{s}_out", [1, 1, hidden]) for s in states], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    onnx.save(model, path)


def torch_steps(kind, state, audio):
    hidden = state["layers.0.weight_hh_l0"].shape[1]
    cell = (nn.LSTM if kind == "lstm" else nn.GRU)(1, hidden, batch_first=True)
    head = nn.Linear(hidden, 1)
    model = nn.ModuleDict({"0": cell, "1": head})
    model.load_state_dict({key.replace("layers.", ""): torch.from_numpy(value) for key, value in state.items()})
    zero = lambda: (torch.zeros(1, 1, hidden), torch.zeros(1, 1, hidden)) if kind == "lstm" else torch.zeros(1, 1, hidden)
    outputs = np.empty_like(audio)
    samples = torch.from_numpy(audio)
    with torch.no_grad():
        state_ = zero()
        for n in range(min(2000, len(audio))):  # warm up
            _, state_ = cell(samples[n].view(1, 1, 1), state_)
        state_ = zero()
        start = time.perf_counter()
        for n in range(len(audio)):
            sequence, state_ = cell(samples[n].view(1, 1, 1), state_)
            outputs[n] = head(sequence[0, 0]).item()
        seconds = time.perf_counter() - start
    return outputs, seconds / len(audio)


def main(folder, names):
    torch.set_num_threads(1)
    audio = np.fromfile(f"{folder}/input.f32", dtype=np.float32)
    for name in names:
        state = load(folder, name)
        onnx_step_model(name, state, f"{folder}/{name}.onnx")
        outputs, seconds = torch_steps(name, state, audio)
        outputs.tofile(f"{folder}/{name}.torch.f32")
        print(f"{name} torch_ns_per_step={seconds * 1e9:.1f} torch={torch.__version__}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
