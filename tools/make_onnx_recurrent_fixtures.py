"""Makes the recurrent ONNX fixtures of tests/NetGen.Generators.Tests/Fixtures/onnx (issue #22): small PyTorch models with
nn.LSTM, nn.GRU and nn.RNN(batch_first=True) exported by torch.onnx.export (opsets 11 to 17), each with
  name.onnx, name.json   the model's output on three fixed inputs and its state_dict in NetGen's order (the import's
                         parameters must equal it exactly: PyTorch's layout, ONNX's gate order undone),
  name_data/input_0.pb, output_0.pb   ONNX's test-data layout (the tests place them as test_data_set_0 beside the model);
and, under refused/, copies edited with onnx.helper into what NetGen must refuse by name (another direction, clip, ...).
Run with Debian's python3-torch: /usr/bin/python3 tools/make_onnx_recurrent_fixtures.py"""
import json, os, torch, onnx
import numpy as np
from onnx import helper, numpy_helper
from onnx_test_data import tensor_proto

torch.manual_seed(2122)
nn = torch.nn
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "NetGen.Generators.Tests", "Fixtures", "onnx")
STEPS, FEATURES = 6, 3


class Recurrent(nn.Module):
    """Recurrent modules one after the other (each nn.X(batch_first=True), one layer), then a head: on the last step
    (y[:, -1]), the last step kept (y[:, -1:]), the final state (h_n[-1]) or every step (y); or the last step of the
    head's output on every step (head(y)[:, -1], which NetGen refuses)."""

    def __init__(self, layers, head, take, before=None):
        super().__init__()
        self.layers, self.head, self.take = nn.ModuleList(layers), head, take
        self.before = before or nn.Identity()

    def forward(self, x):
        x = self.before(x)
        for layer in self.layers:
            x, state = layer(x)
        if self.take == "last":
            x = x[:, -1]
        elif self.take == "kept":
            x = x[:, -1:]
        elif self.take == "final":
            x = (state[0] if isinstance(state, tuple) else state)[-1]
        elif self.take == "after":
            return self.head(x)[:, -1]
        return self.head(x)


def netgen_state(model):
    """Every tensor in NetGen's order: the Linear layers before (on every step), each recurrent layer's weight_ih, weight_hh,
    bias_ih, bias_hh, then the head's Linear layers, each weight then bias."""
    def linears(module):
        return [v for m in module.modules() if isinstance(m, nn.Linear) for v in m.weight.detach().reshape(-1).tolist() + m.bias.detach().reshape(-1).tolist()]
    values = linears(model.before)
    for layer in model.layers:
        for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
            if getattr(layer, name, None) is not None:
                values += getattr(layer, name).detach().reshape(-1).tolist()
    return values + linears(model.head)


def export(name, model, opset, dynamic_steps=False, reference=True):
    """Exports the model; with reference, also its outputs, state_dict and test data (refused models need none)."""
    model.eval()
    x = torch.randn(3, STEPS, FEATURES)
    axes = {"x": {0: "batch", 1: "steps"}, "y": {0: "batch"}} if dynamic_steps else {"x": {0: "batch"}, "y": {0: "batch"}}
    path = os.path.join(out, name + ".onnx")
    torch.onnx.export(model, torch.randn(1, STEPS, FEATURES), path, opset_version=opset, input_names=["x"], output_names=["y"], dynamic_axes=axes)
    if not reference:
        return
    with torch.no_grad():
        y = model(x)
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump({"input": x.reshape(3, -1).tolist(), "output": y.reshape(3, -1).tolist(), "parameters": netgen_state(model)}, f)
    os.makedirs(os.path.join(out, name + "_data"), exist_ok=True)
    with open(os.path.join(out, name + "_data", "input_0.pb"), "wb") as f:
        f.write(tensor_proto(x))
    with open(os.path.join(out, name + "_data", "output_0.pb"), "wb") as f:
        f.write(tensor_proto(y))


def randomise(model):
    """Biases away from their init too, so that a swapped gate or a missing bias cannot agree by chance."""
    with torch.no_grad():
        for p in model.parameters():
            p.uniform_(-0.8, 0.8)
    return model


export("lstm", randomise(Recurrent([nn.LSTM(FEATURES, 5, batch_first=True)], nn.Linear(5, 2), "last")), 13)
export("gru", randomise(Recurrent([nn.GRU(FEATURES, 4, batch_first=True)], nn.Linear(4, 2), "last")), 11)
export("rnn_tanh", randomise(Recurrent([nn.RNN(FEATURES, 4, batch_first=True)], nn.Linear(4, 2), "final")), 14)
export("rnn_relu", randomise(Recurrent([nn.RNN(FEATURES, 4, nonlinearity="relu", batch_first=True)], nn.Linear(4, 2), "all")), 17)
export("lstm_stacked", randomise(Recurrent([nn.LSTM(FEATURES, 5, batch_first=True), nn.LSTM(5, 4, batch_first=True, bias=False)],
                                           nn.Linear(4, 3), "kept")), 17)
export("dense_lstm", randomise(Recurrent([nn.LSTM(4, 5, batch_first=True)], nn.Sequential(nn.Linear(5, 3), nn.Softmax(dim=1)), "last",
                                         before=nn.Sequential(nn.Linear(FEATURES, 4), nn.Tanh()))), 15)
export("gru_sequences", randomise(Recurrent([nn.GRU(FEATURES, 4, batch_first=True)], nn.Linear(4, 2), "all")), 12)


def layout_one():
    """lstm.onnx with ONNX's layout = 1 (batch first, opset 14): the input Transposes go, Y's directions axis is 2."""
    model = onnx.load(os.path.join(out, "lstm.onnx"))
    graph = model.graph
    nodes = list(graph.node)
    into = next(n for n in nodes if n.op_type == "Transpose" and n.input[0] == "x")
    lstm = next(n for n in nodes if n.op_type == "LSTM")
    back = next(n for n in nodes if n.op_type == "Transpose" and n is not into)
    squeeze = next(n for n in nodes if n.op_type == "Squeeze")
    lstm.input[0] = "x"
    lstm.attribute.append(helper.make_attribute("layout", 1))
    # The zero state is [batch, directions, H] now: its shape is built as [1, batch, H]; a Concat in the order below fixes it.
    concat = next(n for n in nodes if n.op_type == "Concat")
    concat.input[0], concat.input[1] = concat.input[1], concat.input[0]
    two = numpy_helper.from_array(np.array([2], dtype="int64"), "squeeze_axis_2")
    graph.initializer.append(two)
    squeeze.input[1] = "squeeze_axis_2"
    for n in nodes:
        for i, name in enumerate(n.input):
            if name == back.output[0]:
                n.input[i] = squeeze.output[0]
    graph.node.remove(into)
    graph.node.remove(back)
    model.opset_import[0].version = 14
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "lstm_layout1.onnx"))


layout_one()

# What NetGen refuses by name: each a copy of an export with one thing changed.
refused = os.path.join(out, "refused")
os.makedirs(refused, exist_ok=True)


def edit(source, name, change):
    model = onnx.load(os.path.join(out, source + ".onnx"))
    node = next(n for n in model.graph.node if n.op_type in ("LSTM", "GRU", "RNN"))
    change(model, node)
    onnx.save(model, os.path.join(refused, name + ".onnx"))


def attribute(name, value):
    def change(model, node):
        for a in list(node.attribute):
            if a.name == name:
                node.attribute.remove(a)
        node.attribute.append(helper.make_attribute(name, value))
    return change


def constant_input(slot, name, array):
    def change(model, node):
        model.graph.initializer.append(numpy_helper.from_array(array, name))
        while len(node.input) <= slot:
            node.input.append("")
        node.input[slot] = name
    return change


def doubled_weights(model, node):
    """num_directions = 2 in W, R and B (a bidirectional layer's tensors) with direction left forward."""
    for slot in (1, 2, 3):
        tensor = next(t for t in model.graph.initializer if t.name == node.input[slot])
        array = numpy_helper.to_array(tensor)
        tensor.CopyFrom(numpy_helper.from_array(np.concatenate([array, array]), tensor.name))


edit("lstm", "reverse", attribute("direction", "reverse"))
edit("lstm", "bidirectional", attribute("direction", "bidirectional"))
edit("lstm", "two_directions", doubled_weights)
edit("lstm", "sequence_lens", constant_input(4, "lens", np.full([1], STEPS, dtype="int32")))
edit("lstm", "initial_h", constant_input(5, "h0", np.ones([1, 1, 5], dtype="float32")))
edit("lstm", "initial_c", constant_input(6, "c0", np.ones([1, 1, 5], dtype="float32")))
edit("lstm", "clip", attribute("clip", 3.0))
edit("lstm", "input_forget", attribute("input_forget", 1))
edit("lstm", "activations", attribute("activations", ["Sigmoid", "Tanh", "Relu"]))
edit("lstm", "activation_alpha", attribute("activation_alpha", [0.5]))
edit("lstm", "hidden_size", attribute("hidden_size", 7))
edit("gru", "linear_before_reset", attribute("linear_before_reset", 0))
edit("rnn_tanh", "rnn_sigmoid", attribute("activations", ["Sigmoid"]))
edit("lstm", "peepholes", constant_input(7, "peepholes", np.ones([1, 15], dtype="float32")))


def cell_state_read(model, node):
    """The Squeeze of Y reads Y_c instead: the final cell state is used."""
    next(n for n in model.graph.node if n.op_type == "Squeeze").input[0] = node.output[2]


def both_read(model, node):
    """An Identity reads Y_h as well as the chain reading Y."""
    model.graph.node.append(helper.make_node("Identity", [node.output[1]], ["final_state_copy"], name="final_state_copy"))


edit("lstm", "cell_state", cell_state_read)
edit("lstm", "both_outputs", both_read)
export("refused/last_after_head", randomise(Recurrent([nn.LSTM(FEATURES, 5, batch_first=True)], nn.Linear(5, 2), "after")), 13, reference=False)
export("refused/symbolic_steps", Recurrent([nn.GRU(FEATURES, 4, batch_first=True)], nn.Linear(4, 2), "last"), 13, dynamic_steps=True, reference=False)


class Around(nn.Module):
    """Layers before and after an LSTM that NetGen cannot place on steps: a BatchNorm1d of [batch, steps, features] (whose
    channels are the steps), or a Flatten of every step's h into one Linear."""

    def __init__(self, before, after):
        super().__init__()
        self.before, self.lstm, self.after = before, nn.LSTM(4, 5, batch_first=True), after

    def forward(self, x):
        y, _ = self.lstm(self.before(x))
        return self.after(y)


# Randomised: an untrained BatchNorm's γ and β equal its running variance and mean, which the exporter then shares through
# Identity nodes.
export("refused/steps_batchnorm", randomise(Around(nn.Sequential(nn.Linear(FEATURES, 4), nn.BatchNorm1d(STEPS)), nn.Sequential(nn.Flatten(), nn.Linear(STEPS * 5, 2)))),
       13, reference=False)
export("refused/flattened_steps", Around(nn.Linear(FEATURES, 4), nn.Sequential(nn.Flatten(), nn.Linear(STEPS * 5, 2))), 13, reference=False)


# y[:, -1:] keeps a steps axis of size 1 ([batch, 1, H]), and a Linear on it too ([batch, 1, U]): a softmax over dim=-1
# normalises the units (NetGen's Softmax); over dim=1, the kept axis of size 1 (all ones), which NetGen refuses.
export("kept_softmax", randomise(Recurrent([nn.LSTM(FEATURES, 5, batch_first=True)], nn.Sequential(nn.Linear(5, 3), nn.Softmax(dim=-1)), "kept")), 13)
export("refused/kept_softmax_steps", randomise(Recurrent([nn.LSTM(FEATURES, 5, batch_first=True)], nn.Sequential(nn.Linear(5, 3), nn.Softmax(dim=1)), "kept")),
       13, reference=False)


def squeeze_without_axes(model, node):
    """The Squeeze of Y without its axes input (opset 13): it removes every axis of size 1."""
    squeeze = next(n for n in model.graph.node if n.op_type == "Squeeze")
    del squeeze.input[1]


edit("lstm", "squeeze_without_axes", squeeze_without_axes)


class ConvThenRecurrent(nn.Module):
    """A Conv1d over [batch, channels, length], its output's axes swapped to [batch, length, filters] for an LSTM: the
    3-D input is not steps here."""

    def __init__(self):
        super().__init__()
        self.conv, self.lstm, self.head = nn.Conv1d(STEPS, 4, 2), nn.LSTM(4, 5, batch_first=True), nn.Linear(5, 2)

    def forward(self, x):
        y, _ = self.lstm(self.conv(x).permute(0, 2, 1))
        return self.head(y[:, -1])


export("refused/conv_lstm", ConvThenRecurrent(), 13, reference=False)
