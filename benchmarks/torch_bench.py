#!/usr/bin/env python3
"""PyTorch eager contender for benchmarks/run.sh (Debian python3-torch, float32, one thread unless a metric says _all).

  torch_bench.py             Forward and one SGD step on one sample, and one SGD step on a batch of 32 (per sample);
                             prints CSV lines: contender,net,metric,nanoseconds per sample (median of 15 batches).
  torch_bench.py batch       issue 14 and 11: nets S, M, L, XL and Fashion over N = 1,024 samples, per sample, with
                             torch.set_num_threads(1) (metrics ending _1) and all cores (_all, os.cpu_count() threads):
                               forward32_T    no_grad forward of the samples as 32 [32, n] tensors
                               forward1024_T  the same as one [1024, n] tensor (S, M, L, XL)
                               train32_T      one epoch: shuffled (fixed seed) batches of 32, SGD on the net's loss (S, M, L, XL)
                             and the one-sample forward (no_grad, one thread) of Fashion ([1, 1, 28, 28]) and of issue
                             19's depthwise-separable block ([1, 16, 24, 24]) and dilated causal Conv1D stack ([1, 8, 128]).
  torch_bench.py first NET   builds one net, runs one Forward, prints it (time to the first Forward of a fresh process).
  torch_bench.py onnx DIR    exports the four nets, Fashion, Separable and Causal, softmax or sigmoid included, to DIR/NET.onnx for ONNX
                             Runtime, with a dynamic batch axis.
NETGEN_BENCH_QUICK=1 (a smoke run of run.sh) takes 3 batches of about 2 ms instead of 15 of about 20 ms.
"""
import os
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(1)


QUICK = os.environ.get("NETGEN_BENCH_QUICK", "0") not in ("", "0")


def median_ns(step):
    n = 1
    while True:
        start = time.perf_counter()
        for i in range(n):
            step(i)
        if time.perf_counter() - start > (0.002 if QUICK else 0.02):
            break
        n *= 2
    samples = []
    for _ in range(3 if QUICK else 15):
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
    """(model producing logits, the shape of one sample, loss kind)."""
    if name == "Fashion":  # issue 11's FashionNet, as samples/Fashion/compare_torch.py builds it
        return torch.nn.Sequential(
            torch.nn.Conv2d(1, 8, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Conv2d(8, 16, 3, padding=1),
            torch.nn.ReLU(), torch.nn.AvgPool2d(2, 2), torch.nn.Flatten(), torch.nn.Linear(576, 64), torch.nn.ReLU(),
            torch.nn.Linear(64, 10)), [1, 28, 28], "categorical"
    if name == "Separable":  # issue 19: a depthwise 3×3 "same" convolution, then a pointwise 1×1 one (NetSeparable)
        return torch.nn.Sequential(
            torch.nn.Conv2d(16, 16, 3, padding=1, groups=16), torch.nn.ReLU(), torch.nn.Conv2d(16, 32, 1), torch.nn.ReLU()), \
            [16, 24, 24], "regression"
    if name == "Causal":  # issue 19: causal Conv1D with dilations 1, 2, 4, 8 (NetCausal): 2·d zeros before, none after
        layers, channels = [], 8
        for dilation in (1, 2, 4, 8):
            layers += [torch.nn.ConstantPad1d((2 * dilation, 0), 0.0), torch.nn.Conv1d(channels, 16, 3, dilation=dilation), torch.nn.ReLU()]
            channels = 16
        return torch.nn.Sequential(*layers), [8, 128], "regression"
    if name == "S":
        return torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1)), [2], "binary"
    sizes = {"M": [16, 32, 32, 4], "L": [64, 128, 128, 10], "XL": [784, 256, 10]}[name]
    return relu_net(sizes), [sizes[0]], "categorical"


def with_output(model, kind):
    if kind == "regression":  # a map's output flattened to [batch, values], as NetGen's output vector and OnnxNet bind it
        return torch.nn.Sequential(model, torch.nn.Flatten())
    return torch.nn.Sequential(model, torch.nn.Sigmoid() if kind == "binary" else torch.nn.Softmax(dim=1))


NETS = ["S", "M", "L", "XL"]
# The nets whose one-sample forward the batch mode times (issues 11 and 19).
ONE_SAMPLE = ["Fashion", "Separable", "Causal"]

if len(sys.argv) == 3 and sys.argv[1] == "first":
    model, shape, kind = make_net(sys.argv[2])
    with torch.no_grad():
        print(float(with_output(model, kind)(torch.full((1, *shape), 0.5))[0, 0]))
    sys.exit(0)

if len(sys.argv) == 3 and sys.argv[1] == "onnx":
    for name in NETS + ONE_SAMPLE:
        model, shape, kind = make_net(name)
        torch.onnx.export(with_output(model, kind).eval(), torch.randn(1, *shape), f"{sys.argv[2]}/{name}.onnx",
                          input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
                          opset_version=13)
    sys.exit(0)

SAMPLES, BATCH = 1024, 32


def batched(name, threads):
    """Prints the batched rows of one net at torch.set_num_threads(threads); `threads` names them (1 or all)."""
    model, shape, kind = make_net(name)
    net = with_output(model, kind).eval()
    generator = torch.Generator().manual_seed(1)
    xs = torch.randn(SAMPLES, *shape, generator=generator)
    chunks = xs.split(BATCH)
    contender = f"PyTorch {torch.__version__} eager"

    def forward32(_):
        global sink
        with torch.no_grad():
            for chunk in chunks:
                sink += float(net(chunk)[0, 0])

    def forward1024(_):
        global sink
        with torch.no_grad():
            sink += float(net(xs)[0, 0])

    print(f"{contender},{name},forward32_{threads},{median_ns(forward32) / SAMPLES:.2f}")
    if name == "Fashion":
        return
    print(f"{contender},{name},forward1024_{threads},{median_ns(forward1024) / SAMPLES:.2f}")
    if kind == "binary":
        loss_fn, ys = torch.nn.BCEWithLogitsLoss(), (torch.arange(SAMPLES) % 2).float().unsqueeze(1)
    else:
        loss_fn, ys = torch.nn.CrossEntropyLoss(), torch.arange(SAMPLES) % model[-1].out_features
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)

    def epoch(_):
        global sink
        order = torch.randperm(SAMPLES, generator=generator)
        for start in range(0, SAMPLES, BATCH):
            batch = order[start:start + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(xs.index_select(0, batch)), ys.index_select(0, batch))
            loss.backward()
            optimizer.step()
            sink += float(loss)

    print(f"{contender},{name},train32_{threads},{median_ns(epoch) / SAMPLES:.2f}")


if len(sys.argv) == 2 and sys.argv[1] == "batch":
    sink = 0.0
    cores = os.cpu_count()
    print(f"PyTorch, all cores: torch.set_num_threads({cores})", file=sys.stderr)
    for threads, label in ((1, "1"), (cores, "all")):
        torch.set_num_threads(threads)
        for name in NETS + ["Fashion"]:
            batched(name, label)
    torch.set_num_threads(1)
    for name in ONE_SAMPLE:
        model, shape, kind = make_net(name)
        net = with_output(model, kind).eval()
        samples = torch.randn(64, 1, *shape, generator=torch.Generator().manual_seed(1))

        def one_forward(i):
            global sink
            with torch.no_grad():
                sink += float(net(samples[i & 63]).reshape(-1)[0])

        print(f"PyTorch {torch.__version__} eager,{name},forward,{median_ns(one_forward):.2f}")
    sys.exit(0)

sink = 0.0
for name in NETS:
    model, shape, kind = make_net(name)
    xs = [torch.randn(1, *shape) for _ in range(64)]
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
