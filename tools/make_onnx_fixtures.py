"""Makes the ONNX fixtures of tests/NetGen.Generators.Tests/Fixtures/onnx: small PyTorch models exported with
torch.onnx.export, and each model's output on a fixed input (JSON), which the import tests compare against; for the MLP
also ONNX's test-data layout (test_data_set_0/input_0.pb, output_0.pb) beside it; under refused/, models (exported, or
exports edited with onnx) that NetGen must refuse at a node."""
import json, os, shutil, torch, onnx
import numpy as np
import onnx.numpy_helper
from onnx_test_data import tensor_proto

torch.manual_seed(22)
out = os.path.join(os.path.dirname(__file__), "..", "tests", "NetGen.Generators.Tests", "Fixtures", "onnx")
os.makedirs(out, exist_ok=True)


def export(name, model, shape, opset, reference=True):
    """Exports the model; with reference, also its output on a fixed input (refused models need none)."""
    model.eval()
    x = torch.randn(3, *shape)
    torch.onnx.export(model, torch.randn(1, *shape), os.path.join(out, name + ".onnx"), opset_version=opset,
                      input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
    if not reference:
        return
    with torch.no_grad():
        y = model(x)
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump({"input": x.reshape(3, -1).tolist(), "output": y.reshape(3, -1).tolist()}, f)


class Residual(torch.nn.Module):
    """x + Linear(x): a skip connection, which a chain of layers cannot express."""
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)

    def forward(self, x):
        return x + self.linear(x)


nn = torch.nn
export("mlp", nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3), nn.Softmax(dim=1)), (4,), 13)
export("mlp_opset7", nn.Sequential(nn.Linear(4, 5), nn.LeakyReLU(0.1), nn.Linear(5, 2)), (4,), 7)
export("cnn", nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                            nn.Conv2d(4, 6, 3, stride=2), nn.ELU(), nn.Flatten(), nn.Linear(6, 2)), (1, 8, 8), 11)
# Depthwise-separable, MobileNet-style: bias-less strided conv, ReLU6 (Clip), a depthwise conv, HardSwish (HardSigmoid · x
# at opset 13), a pointwise conv with SiLU (Sigmoid · x), an uncounted padded average pool, global pooling, Dropout, LogSoftmax.
export("mobile", nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False), nn.ReLU6(),
                               nn.Conv2d(8, 8, 3, padding=1, groups=8), nn.Hardswish(),
                               nn.Conv2d(8, 16, 1), nn.SiLU(),
                               nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False),
                               nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(16, 4), nn.LogSoftmax(dim=1)),
       (3, 9, 9), 13)
export("sequence", nn.Sequential(nn.Conv1d(2, 4, 3, dilation=2, padding=2), nn.Tanh(), nn.MaxPool1d(2),
                                 nn.Flatten(), nn.Linear(20, 3)), (2, 10), 11)
export("residual", Residual(), (4,), 13)


def normed():
    """BatchNorm after pooling and after a bias-less Linear (a MatMul alone), PReLU per channel and with one slope; the
    running statistics from a few training batches, γ, β and the slopes drawn at random, so that nothing is at its init."""
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.BatchNorm2d(4, eps=1e-3, momentum=0.2), nn.PReLU(4),
                          nn.Flatten(), nn.Linear(64, 8, bias=False), nn.BatchNorm1d(8), nn.PReLU(), nn.Linear(8, 3))
    model.train()
    with torch.no_grad():
        for _ in range(5):
            model(torch.randn(16, 1, 8, 8) * 2 + 0.5)
        for module in model:
            if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.5, 0.5)
            if isinstance(module, nn.PReLU):
                module.weight.uniform_(0.05, 0.5)
    return model


# A BatchNorm directly after a Conv is folded into the Conv by PyTorch's eval-mode export, so these put it elsewhere.
export("normed", normed(), (1, 8, 8), 13)
export("normed_opset9", normed(), (1, 8, 8), 9)


# ONNX's test-data layout for the MLP: a reference input and the output PyTorch computed for it.
with open(os.path.join(out, "mlp.json")) as f:
    reference = json.load(f)
os.makedirs(os.path.join(out, "test_data_set_0"), exist_ok=True)
with open(os.path.join(out, "test_data_set_0", "input_0.pb"), "wb") as f:
    f.write(tensor_proto(torch.tensor(reference["input"])))
with open(os.path.join(out, "test_data_set_0", "output_0.pb"), "wb") as f:
    f.write(tensor_proto(torch.tensor(reference["output"])))

# A BatchNorm that has never been trained: its γ and β equal its running variance and mean, so the exporter keeps one
# tensor of each pair and passes it on through an Identity node.
export("untrained_norm", nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 2)), (4,), 13)


# GELU and Mish, which torch.onnx.export writes as several nodes below opset 18 (GELU: Div by √2, Erf, Add 1, Mul x, Mul ½;
# Mish: Softplus, Tanh, Mul x), at the opsets users export with.
for opset in (11, 13, 17):
    export(f"gelu_mish_opset{opset}", nn.Sequential(nn.Linear(4, 6), nn.GELU(), nn.Linear(6, 5), nn.Mish(), nn.Linear(5, 2)), (4,), opset)

# A global pool keeps its map's axes ([batch, C, 1, 1]) until the Flatten: a softmax over dim=1 normalises the C channels
# (NetGen's Softmax), over dim=-1 the last axis, of size 1 (all ones), which NetGen refuses.
os.makedirs(os.path.join(out, "refused"), exist_ok=True)
pooled = nn.Sequential(nn.Conv2d(2, 3, 3), nn.AdaptiveAvgPool2d(1), nn.Softmax(dim=1), nn.Flatten())
export("pooled_softmax", pooled, (2, 5, 5), 13)
export("refused/pooled_softmax_last", nn.Sequential(nn.Conv2d(2, 3, 3), nn.AdaptiveAvgPool2d(1), nn.Softmax(dim=-1), nn.Flatten()), (2, 5, 5), 13,
       reference=False)


def softmax_opset11(name, axis):
    """pooled_softmax at opset 11, where Softmax normalises every axis from `axis` on: axis 1 is over the C channels again
    (the axes after them have size 1), axis 2 over the size-1 axes alone. PyTorch cannot write it (below opset 13 it moves
    the softmax's dim last with Transposes), so the opset-13 export is edited; Conv, GlobalAveragePool and Flatten are the
    same in both opsets."""
    model = onnx.load(os.path.join(out, "pooled_softmax.onnx"))
    model.opset_import[0].version = 11
    softmax = next(n for n in model.graph.node if n.op_type == "Softmax")
    softmax.attribute[0].i = axis
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, name + ".onnx"))


softmax_opset11("pooled_softmax_opset11", 1)
shutil.copy(os.path.join(out, "pooled_softmax.json"), os.path.join(out, "pooled_softmax_opset11.json"))
softmax_opset11("refused/pooled_softmax_opset11_axis2", 2)


# nn.PReLU(C) after the global pool: PyTorch writes its slope [C, 1, 1], which broadcasts over the channels of
# [batch, C, 1, 1]; a slope of [C] would broadcast over the last axis (of size 1) instead, and is refused.
pooled_prelu = nn.Sequential(nn.Conv2d(2, 3, 3), nn.AdaptiveAvgPool2d(1), nn.PReLU(3), nn.Flatten())
with torch.no_grad():
    pooled_prelu[2].weight.uniform_(-0.5, 0.5)
export("pooled_prelu", pooled_prelu, (2, 5, 5), 13)
model = onnx.load(os.path.join(out, "pooled_prelu.onnx"))
slope = next(t for t in model.graph.initializer if list(t.dims) == [3, 1, 1])
del slope.dims[1:]
onnx.save(model, os.path.join(out, "refused", "pooled_prelu_slope.onnx"))


def gelu_half_first():
    """gelu_mish_opset13 with GELU's ½ taken first, (x·½)·(1 + erf(x/√2)), as other exporters order it (PyTorch takes it
    last); multiplying by ½ is exact, so the outputs are the same."""
    model = onnx.load(os.path.join(out, "gelu_mish_opset13.onnx"))
    nodes = list(model.graph.node)
    add = next(n for n in nodes if n.op_type == "Add" and any(p.op_type == "Erf" and p.output[0] in n.input for p in nodes))
    by_x = next(n for n in nodes if n.op_type == "Mul" and add.output[0] in n.input)
    by_half = next(n for n in nodes if n.op_type == "Mul" and by_x.output[0] in n.input)
    half = next(i for i in by_half.input if i != by_x.output[0])
    by_x.input[list(by_x.input).index(add.output[0])] = half
    by_half.input[list(by_half.input).index(half)] = add.output[0]
    constant = next(n for n in nodes if half in n.output)  # ½ is read earlier now: its Constant node goes first
    model.graph.node.remove(constant)
    model.graph.node.insert(0, constant)
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "gelu_half_first.onnx"))
    shutil.copy(os.path.join(out, "gelu_mish_opset13.json"), os.path.join(out, "gelu_half_first.json"))


gelu_half_first()


def gelu_other_constant():
    """gelu_mish_opset13 dividing by 1.4142 instead of √2 rounded to a float: not GELU exactly, refused at the Div."""
    model = onnx.load(os.path.join(out, "gelu_mish_opset13.onnx"))
    divide = next(n for n in model.graph.node if n.op_type == "Div")
    constant = next(n for n in model.graph.node if n.op_type == "Constant" and n.output[0] == divide.input[1])
    constant.attribute[0].t.CopyFrom(onnx.numpy_helper.from_array(np.array(1.4142, dtype="float32")))
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "refused", "gelu_other_constant.onnx"))


gelu_other_constant()
