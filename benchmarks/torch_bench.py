#!/usr/bin/env python3
"""PyTorch eager contender for benchmarks/run.sh (Debian python3-torch, float32, one thread).

  torch_bench.py             Forward and one SGD step on one sample, and one SGD step on a batch of 32 (per sample);
                             prints CSV lines: contender,net,metric,nanoseconds per sample (median of 15 batches).
  torch_bench.py first NET   builds one net, runs one Forward, prints it (time to the first Forward of a fresh process).
  torch_bench.py onnx DIR    exports the four nets, softmax or sigmoid included, to DIR/NET.onnx for ONNX Runtime.
"""
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(1)


def median_ns(step):
    n = 1
    while True:
        start = time.perf_counter()
        for i in range(n):
            step(i)
        if time.perf_counter() - start > 0.02:
            break
        n *= 2
    samples = []
    for _ in range(15):
        start = time.perf_counter()
        for i in range(n):
            step(i)
        samples.append((time.perf_counter() - start) * 1e9 / n)
    return sorted(samples)[len(samples) // 2]


def relu_net(sizes):
    layers = []
    for fan_in, units in zip(sizes[:-2], sizes[1:-1]):
        layers += [torch.nn.Linear(fan_in, units), torch.nn.ReLU()]
    return torch.nn.Sequential(*layers, torch.nn.Linear(sizes[-2], sizes[-1]))  # softmax is inside the loss


def make_net(name):
    """(model producing logits, input size, loss kind)."""
    if name == "S":
        return torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1)), 2, "binary"
    sizes = {"M": [16, 32, 32, 4], "L": [64, 128, 128, 10], "XL": [784, 256, 10]}[name]
    return relu_net(sizes), sizes[0], "categorical"


def with_output(model, kind):
    return torch.nn.Sequential(model, torch.nn.Sigmoid() if kind == "binary" else torch.nn.Softmax(dim=1))


NETS = ["S", "M", "L", "XL"]

if len(sys.argv) == 3 and sys.argv[1] == "first":
    model, inputs, kind = make_net(sys.argv[2])
    with torch.no_grad():
        print(float(with_output(model, kind)(torch.full((1, inputs), 0.5))[0, 0]))
    sys.exit(0)

if len(sys.argv) == 3 and sys.argv[1] == "onnx":
    for name in NETS:
        model, inputs, kind = make_net(name)
        torch.onnx.export(with_output(model, kind).eval(), torch.randn(1, inputs), f"{sys.argv[2]}/{name}.onnx",
                          input_names=["x"], output_names=["y"], opset_version=13)
    sys.exit(0)

sink = 0.0
for name in NETS:
    model, inputs, kind = make_net(name)
    xs = [torch.randn(1, inputs) for _ in range(64)]
    batches = [torch.cat(xs[:32]), torch.cat(xs[32:])]
    if kind == "binary":
        loss_fn, ys = torch.nn.BCEWithLogitsLoss(), [torch.tensor([[float(i % 2)]]) for i in range(64)]
        forward = lambda i: torch.sigmoid(model(xs[i & 63]))
    else:
        loss_fn, ys = torch.nn.CrossEntropyLoss(), [torch.tensor([i % model[-1].out_features]) for i in range(64)]
        forward = lambda i: torch.softmax(model(xs[i & 63]), dim=1)
    batch_ys = [torch.cat(ys[:32]), torch.cat(ys[32:])]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)

    def infer(i):
        global sink
        with torch.no_grad():
            sink += float(forward(i)[0, 0])

    def step(x, y):
        global sink
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        sink += float(loss)

    print(f"PyTorch {torch.__version__} eager,{name},forward,{median_ns(infer):.2f}")
    print(f"PyTorch {torch.__version__} eager,{name},train_step,{median_ns(lambda i: step(xs[i & 63], ys[i & 63])):.2f}")
    print(f"PyTorch {torch.__version__} eager,{name},batch32,{median_ns(lambda i: step(batches[i & 1], batch_ys[i & 1])) / 32:.2f}")
