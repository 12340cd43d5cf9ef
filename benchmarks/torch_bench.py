#!/usr/bin/env python3
"""PyTorch eager contender for benchmarks/run.sh: Forward and one SGD step on one sample, float32, one thread.
Prints CSV lines: contender,net,metric,nanoseconds per sample (median of 15 batches). Debian python3-torch."""
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


nets = {
    "S": (torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1)), 2, "binary"),
    "M": (relu_net([16, 32, 32, 4]), 16, "categorical"),
    "L": (relu_net([64, 128, 128, 10]), 64, "categorical"),
    "XL": (relu_net([784, 256, 10]), 784, "categorical"),
}
sink = 0.0
for name, (model, inputs, kind) in nets.items():
    xs = [torch.randn(1, inputs) for _ in range(64)]
    if kind == "binary":
        loss_fn, ys = torch.nn.BCEWithLogitsLoss(), [torch.tensor([[float(i % 2)]]) for i in range(64)]
        forward = lambda i: torch.sigmoid(model(xs[i & 63]))
    else:
        loss_fn, ys = torch.nn.CrossEntropyLoss(), [torch.tensor([i % model[-1].out_features]) for i in range(64)]
        forward = lambda i: torch.softmax(model(xs[i & 63]), dim=1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)

    def infer(i):
        global sink
        with torch.no_grad():
            sink += float(forward(i)[0, 0])

    def train(i):
        global sink
        optimizer.zero_grad()
        loss = loss_fn(model(xs[i & 63]), ys[i & 63])
        loss.backward()
        optimizer.step()
        sink += float(loss)

    print(f"PyTorch {torch.__version__} eager,{name},forward,{median_ns(infer):.2f}")
    print(f"PyTorch {torch.__version__} eager,{name},train_step,{median_ns(train):.2f}")
