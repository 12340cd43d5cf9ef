"""Makes the ONNX fixtures of tests/NetGen.Generators.Tests/Fixtures/onnx: small PyTorch models exported with
torch.onnx.export, and each model's output on a fixed input (JSON), which the import tests compare against; for the MLP
also ONNX's test-data layout (test_data_set_0/input_0.pb, output_0.pb) beside it."""
import json, os, torch
from onnx_test_data import tensor_proto

torch.manual_seed(22)
out = os.path.join(os.path.dirname(__file__), "..", "tests", "NetGen.Generators.Tests", "Fixtures", "onnx")
os.makedirs(out, exist_ok=True)


def export(name, model, shape, opset):
    model.eval()
    x = torch.randn(3, *shape)
    torch.onnx.export(model, torch.randn(1, *shape), os.path.join(out, name + ".onnx"), opset_version=opset,
                      input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
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
