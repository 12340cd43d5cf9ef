#!/usr/bin/env python3
"""Write reference gradients for recurrent networks ([LSTM], [GRU], [RNN]) from PyTorch float64 autograd.

Writes tests/NetGen.Generators.Tests/Fixtures/recurrent_gradients.json (or the path given as the only argument), in the
format of tools/make_conv_fixture.py (ConvolutionTests reads every such file) plus "steps": the input is L steps of F
features, [Input(F, Steps = L)], stored step-major as PyTorch's batch_first. The map cases (MAP_CASES) have no "steps":
their input is a 1-D map [Input(C, L)] (C × L, PyTorch's NCL for one sample) through Conv1D and pooling layers, which a
recurrent layer reads as L steps of C features: PyTorch's Conv1d → permute(0, 2, 1) → LSTM(batch_first). The recurrent layers are computed by the
kernels nn.LSTM, nn.GRU and nn.RNN call (torch._VF.lstm, gru, rnn_tanh, rnn_relu) with weight views of the one parameter
vector, in NetGen's layout: each layer's tensors in PyTorch's state_dict order (weight_ih_l0, weight_hh_l0, bias_ih_l0,
bias_hh_l0), a Dense's weight then bias; a Dense on steps acts on every step with the same weights. Cases: LSTM, GRU,
RNN with tanh and ReLU, stacked, without bias, many-to-one and sequence to sequence, Dense layers before, between and
after. Every case's gradients are checked against central differences before writing.
Usage: /usr/bin/python3 tools/make_recurrent_fixture.py [out.json]   (Debian: python3-torch)
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_conv_fixture import activate, format_case, geometry_forward, geometry_output, layer, loss_of, target_for  # noqa: E402
from netgen_layers import KIND_NAMES  # noqa: E402

torch.set_default_dtype(torch.float64)

GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}
KINK_MARGIN = 1e-5

# (name, steps L, features F, loss, layers)
CASES = [
    ("LSTM_ManyToOne_Dense", 5, 3, "MeanSquaredError", [layer("LSTM", [4]), layer("Dense", [2], "Linear")]),
    ("LSTM_Sequences_Output", 4, 2, "MeanSquaredError", [layer("LSTM", [3], ReturnSequences=True)]),
    ("GRU_ManyToOne_Dense_Softmax", 6, 3, "CategoricalCrossEntropy", [layer("GRU", [5]), layer("Dense", [3], "Softmax")]),
    ("GRU_Sequences_Dense_on_every_step", 4, 2, "MeanSquaredError",
     [layer("GRU", [4], ReturnSequences=True), layer("Dense", [2], "Tanh")]),
    ("RNN_Tanh_ManyToOne_Dense_Sigmoid", 5, 3, "BinaryCrossEntropy", [layer("RNN", [4], "Tanh"), layer("Dense", [1], "Sigmoid")]),
    ("RNN_ReLU_Sequences_Dense", 4, 2, "MeanSquaredError",
     [layer("RNN", [3], "ReLU", ReturnSequences=True), layer("Dense", [2], "Linear")]),
    ("Dense_on_steps_then_LSTM_Dense", 5, 4, "MeanSquaredError",
     [layer("Dense", [6], "Tanh"), layer("LSTM", [5]), layer("Dense", [2], "Linear")]),
    ("Stacked_LSTM_GRU_Dense", 5, 3, "SumSquaredError",
     [layer("LSTM", [4], ReturnSequences=True), layer("GRU", [3]), layer("Dense", [2], "Linear")]),
    ("Stacked_NoBias_LSTM_GRU", 4, 3, "MeanSquaredError",
     [layer("LSTM", [4], Bias=False, ReturnSequences=True), layer("GRU", [3], Bias=False), layer("Dense", [2], "Linear")]),
    ("RNN_ReLU_NoBias_Stacked_RNN_Tanh", 5, 2, "MeanSquaredError",
     [layer("RNN", [4], "ReLU", Bias=False, ReturnSequences=True), layer("RNN", [3], "Tanh"), layer("Dense", [1], "Linear")]),
    ("LSTM_Dense_between_RNN", 4, 3, "MeanSquaredError",
     [layer("LSTM", [4], ReturnSequences=True), layer("Dense", [3], "Tanh"), layer("Activate", [], "Sigmoid"), layer("RNN", [3]),
      layer("Dense", [2], "Linear")]),
    ("LSTM40_one_feature_Dense1_amp_shape", 6, 1, "MeanSquaredError", [layer("LSTM", [40]), layer("Dense", [1], "Linear")]),
    ("GRU8_one_feature_Sequences_Dense1", 7, 1, "MeanSquaredError",
     [layer("GRU", [8], ReturnSequences=True), layer("Dense", [1], "Linear")]),
    ("Dense_looped_on_steps_GRU_Dense_looped", 3, 9, "MeanSquaredError",
     [layer("Dense", [12], "ReLU"), layer("GRU", [6]), layer("Dense", [10], "Tanh"), layer("Dense", [2], "Linear")]),
]

# (name, [C, L], loss, layers): a 1-D map through convolutions and pooling, then recurrent layers over its L positions.
MAP_CASES = [
    ("Conv1D_then_LSTM_ManyToOne_Dense", [2, 9], "MeanSquaredError",
     [layer("Conv1D", [3, 3], "Tanh"), layer("LSTM", [4]), layer("Dense", [2], "Linear")]),
    ("Conv1D_Causal_MaxPool1D_then_GRU_Sequences_Dense", [3, 12], "MeanSquaredError",
     [layer("Conv1D", [4, 3], "Tanh", Causal=True, Dilation=2), layer("MaxPool1D", [2]), layer("GRU", [3], ReturnSequences=True),
      layer("Dense", [2], "Linear")]),
    ("LSTM_straight_on_the_map_then_RNN", [2, 5], "MeanSquaredError",
     [layer("LSTM", [3], ReturnSequences=True), layer("RNN", [4]), layer("Dense", [1], "Linear")]),
]


def shapes_of(shape, layers):
    """The parameter shapes of every layer and the shape each layer gives: ("steps", L, F), ("map", C, L) or ("vector", n)."""
    shapes, outputs = [], []
    for entry in layers:
        kind, named = entry["kind"], entry["named"]
        bias = named.get("Bias", True)
        if shape[0] == "map" and kind not in GATES:
            shape = ("map", *geometry_output(entry, list(shape[1:]), shapes))
            assert len(shape) == 3, f"{kind} must keep the 1-D map"
        elif kind in GATES:
            assert shape[0] in ("steps", "map"), f"{kind} needs steps"
            if shape[0] == "map":  # L positions of C channels: the steps are the positions
                shape = ("steps", shape[2], shape[1])
            units, rows = entry["args"][0], GATES[kind] * entry["args"][0]
            shapes.append([[rows, shape[2]], [rows, units]] + ([[rows], [rows]] if bias else []))
            shape = ("steps", shape[1], units) if named.get("ReturnSequences") else ("vector", units)
        elif kind == "Dense":
            units = entry["args"][0]
            inputs = shape[2] if shape[0] == "steps" else shape[1]
            shapes.append([[units, inputs]] + ([[units]] if bias else []))
            shape = ("steps", shape[1], units) if shape[0] == "steps" else ("vector", units)
        elif kind == "Activate":
            shapes.append([])
        else:
            raise ValueError(f"no recurrent case uses {kind}")
        outputs.append(shape)
    return shapes, outputs


def unflatten(parameters, shapes):
    tensors, offset = [], 0
    for layer_shapes in shapes:
        layer_tensors = []
        for shape in layer_shapes:
            count = torch.Size(shape).numel()
            layer_tensors.append(parameters[offset:offset + count].reshape(shape))
            offset += count
        tensors.append(layer_tensors)
    assert offset == parameters.numel()
    return tensors


def recurrent(kind, entry, a, tensors):
    """nn.LSTM / nn.GRU / nn.RNN(batch_first=True) on one sample [L, F] from a zero state: every step's h, [L, H]."""
    units, bias = entry["args"][0], entry["named"].get("Bias", True)
    x = a.unsqueeze(0)
    h0 = torch.zeros(1, 1, units)
    if kind == "LSTM":
        output, _, _ = torch._VF.lstm(x, (h0, h0), tensors, bias, 1, 0.0, False, False, True)
    elif kind == "GRU":
        output, _ = torch._VF.gru(x, h0, tensors, bias, 1, 0.0, False, False, True)
    else:
        cell = torch._VF.rnn_relu if entry.get("activation") == "ReLU" else torch._VF.rnn_tanh
        output, _ = cell(x, h0, tensors, bias, 1, 0.0, False, False, True)
    return output.squeeze(0)


def forward(parameters, x, shape, layers, shapes, watch=None):
    """The network's output (flattened) and the last layer's pre-activation (the logits the cross-entropies read)."""
    a = x.reshape(shape[1], shape[2])  # [L, F] steps or a [C, L] map
    on_map = shape[0] == "map"
    z = a
    for entry, tensors in zip(layers, unflatten(parameters, shapes)):
        kind = entry["kind"]
        if on_map and kind not in GATES:
            z = geometry_forward(entry, a, tensors)
            a = activate(z, entry) if "activation" in entry else z
            if watch is not None and entry.get("activation") == "ReLU":
                watch.append(z)
        elif kind in GATES:
            if on_map:  # [C, L] → [L, C]: PyTorch's permute(0, 2, 1) of [N, C, L] for one sample
                a, on_map = a.T, False
            hidden = recurrent(kind, entry, a, tensors)
            if watch is not None and kind == "RNN" and entry.get("activation") == "ReLU":
                watch.append(hidden)
            z = a = hidden if entry["named"].get("ReturnSequences") else hidden[-1]
        elif kind == "Dense":
            z = a @ tensors[0].T + (tensors[1] if len(tensors) > 1 else 0)
            a = activate(z, entry)
            if watch is not None and entry["activation"] == "ReLU":
                watch.append(z)
        else:
            z = a
            a = activate(z, entry)
    return a.reshape(-1), z.reshape(-1)


def make_case(index, name, shape, loss, layers):
    """One case; shape is ("steps", L, F) or ("map", C, L)."""
    generator = torch.Generator().manual_seed(5000 + index)
    shapes, outputs = shapes_of(shape, layers)
    count = sum(torch.Size(tensor).numel() for layer_shapes in shapes for tensor in layer_shapes)
    parameters = ((torch.rand(count, generator=generator) - 0.5) * 1.2).requires_grad_()
    x = torch.randn(shape[1] * shape[2], generator=generator).requires_grad_()
    output_count = outputs[-1][1] * outputs[-1][2] if outputs[-1][0] == "steps" else outputs[-1][1]
    target = target_for(loss, output_count, generator)
    last = layers[-1] if "activation" in layers[-1] and layers[-1]["kind"] not in GATES else {"activation": "Linear"}

    def cost(p, inputs):
        output, logits = forward(p, inputs, shape, layers, shapes)
        return loss_of(loss, output, logits, target, last)

    watched = []
    output, logits = forward(parameters, x, shape, layers, shapes, watched)
    for values in watched:  # ReLU pre-activations (an RNN's ReLU: its output) must stay off the kink for central differences
        nonzero = values.detach()[values.detach() != 0]
        assert nonzero.numel() == 0 or nonzero.abs().min().item() > KINK_MARGIN, f"{name}: a ReLU pre-activation sits at its kink"
    value = loss_of(loss, output, logits, target, last)
    gradient, input_gradient = torch.autograd.grad(value, [parameters, x])
    assert torch.autograd.gradcheck(cost, (parameters, x), eps=1e-6, atol=1e-7, rtol=1e-6), name
    described = f"{shape[1]} steps × {shape[2]}" if shape[0] == "steps" else f"a map {shape[1]} × {shape[2]}"
    print(f"{name}: {described} -> {outputs[-1]}, {count} parameters, {loss} = {value.item():.6f}, "
          f"|dC/dθ| = {gradient.norm():.4f}, |dC/dx| = {input_gradient.norm():.4f}")
    return {
        "name": name,
        **({"input": [shape[2]], "steps": shape[1]} if shape[0] == "steps" else {"input": [shape[1], shape[2]]}),
        "loss": loss,
        "layers": layers,
        "parameters": parameters.tolist(),
        "x": x.tolist(),
        "target": target.tolist(),
        "output": output.tolist(),
        "loss_value": value.item(),
        "gradient": gradient.tolist(),
        "input_gradient": input_gradient.tolist(),
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "NetGen.Generators.Tests", "Fixtures", "recurrent_gradients.json")
    every = [(name, ("steps", steps, features), loss, layers) for name, steps, features, loss, layers in CASES]
    every += [(name, ("map", *input_shape), loss, layers) for name, input_shape, loss, layers in MAP_CASES]
    unknown = {entry["kind"] for _, _, _, layers in every for entry in layers} - set(KIND_NAMES)
    assert not unknown, f"layer kinds {unknown} are not in tools/netgen_layers.py"
    cases = [make_case(i, *case) for i, case in enumerate(every)]
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as file:
        file.write(f'{{ "torch": {json.dumps(torch.__version__)}, "cases": [\n')
        file.write(",\n".join(format_case(case) for case in cases))
        file.write("\n] }\n")
    print(f"{len(cases)} cases, gradients checked against central differences; wrote {out}")


if __name__ == "__main__":
    main()
