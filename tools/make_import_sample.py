"""Trains the model of samples/Import in PyTorch and exports it as ONNX with its test data: a GRU that tells a sine, a
square and a sawtooth wave apart from 16 noisy samples of it (synthetic data, the recipe of samples/Import/Waves.cs),
GRU(8) on the steps, a Linear on the last step, Softmax. Writes samples/Import/model/waves.onnx and
samples/Import/model/test_data_set_0/{input_0,output_0}.pb. Run with Debian's python3-torch:
/usr/bin/python3 tools/make_import_sample.py"""
import math, os, torch
from onnx_test_data import tensor_proto

STEPS, CLASSES = 16, ("sine", "square", "sawtooth")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "Import", "model")
torch.manual_seed(7)


def waves(count):
    """count waves of random kind, frequency (0.04 to 0.15 cycles per step), phase and amplitude (0.5 to 1), plus noise."""
    kind = torch.randint(0, len(CLASSES), (count,))
    frequency = 0.04 + 0.11 * torch.rand(count, 1)
    phase = torch.rand(count, 1)
    amplitude = 0.5 + 0.5 * torch.rand(count, 1)
    cycle = (frequency * torch.arange(STEPS) + phase) % 1.0
    shapes = torch.stack([torch.sin(2 * math.pi * cycle), torch.where(cycle < 0.5, 1.0, -1.0), 2 * cycle - 1], dim=1)
    x = amplitude * shapes[torch.arange(count), kind] + 0.05 * torch.randn(count, STEPS)
    return x.unsqueeze(-1), kind


class WaveNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = torch.nn.GRU(1, 8, batch_first=True)
        self.head = torch.nn.Linear(8, len(CLASSES))

    def forward(self, x):
        y, _ = self.gru(x)
        return torch.softmax(self.head(y[:, -1]), dim=1)


model = WaveNet()
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
for step in range(600):
    x, kind = waves(64)
    loss = torch.nn.functional.nll_loss(torch.log(model(x) + 1e-12), kind)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
model.eval()
x, kind = waves(500)
with torch.no_grad():
    accuracy = (model(x).argmax(1) == kind).float().mean().item()
print(f"PyTorch: loss {loss.item():.4f}, accuracy on 500 new waves {accuracy:.3f}")

os.makedirs(os.path.join(out, "test_data_set_0"), exist_ok=True)
torch.onnx.export(model, torch.zeros(1, STEPS, 1), os.path.join(out, "waves.onnx"), opset_version=17,
                  input_names=["wave"], output_names=["probabilities"], dynamic_axes={"wave": {0: "batch"}, "probabilities": {0: "batch"}})
x, _ = waves(8)
with torch.no_grad():
    y = model(x)
with open(os.path.join(out, "test_data_set_0", "input_0.pb"), "wb") as f:
    f.write(tensor_proto(x))
with open(os.path.join(out, "test_data_set_0", "output_0.pb"), "wb") as f:
    f.write(tensor_proto(y))
