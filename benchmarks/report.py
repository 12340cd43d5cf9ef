#!/usr/bin/env python3
"""Writes docs/benchmarks.md from one run of benchmarks/run.sh: per metric, the median time per sample of each
contender and its ratio to NetGen (above 1: NetGen is faster), the targets of issue 4, the machine and the versions."""
import csv
import glob
import json
import os
import platform
import re
import subprocess
import sys

out, command = sys.argv[1], sys.argv[2]
NETS = ["S", "M", "L", "XL"]
METRICS = {"forward": "Forward of one sample", "train_step": "One training step on one sample (forward, backward, SGD update)"}

times = {}  # (contender, net, metric) -> ns
for name in ("native.csv", "torch.csv"):
    for contender, net, metric, ns in csv.reader(open(os.path.join(out, name))):
        times[(contender, net, metric)] = float(ns)

allocated = {}
report = glob.glob(os.path.join(out, "bdn", "results", "*ContenderBenchmarks-report-full.json"))[0]
for benchmark in json.load(open(report))["Benchmarks"]:
    net, metric = benchmark["Method"].split("_", 1)
    times[("NetGen", net, metric)] = benchmark["Statistics"]["Median"]
    allocated[(net, metric)] = benchmark["Memory"]["BytesAllocatedPerOperation"]

contenders = ["NetGen"] + sorted({c for c, _, _ in times if c != "NetGen"}, key=lambda c: ("Eigen" not in c, "FANN" not in c, c))


def run(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return "unknown"


cpu = re.sub(r"\s+", " ", run(["sh", "-c", "lscpu | sed -n 's/^Model name: *//p'"]))
eigen = ".".join(re.findall(r"#define EIGEN_(?:WORLD|MAJOR|MINOR)_VERSION (\d+)", open("/usr/include/eigen3/Eigen/src/Core/util/Macros.h").read()))

lines = ["# Benchmarks", "",
         f"Produced by one run of `{command}` on {run(['date', '-u', '+%Y-%m-%d'])}: every contender computes the same nets, in",
         "float, on one thread, one sample at a time, consuming its outputs. Times are medians per sample; a ratio is the",
         "contender's time divided by NetGen's (above 1: NetGen is faster).", "",
         f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}.",
         f"Versions: .NET SDK {run(['dotnet', '--version'])}, BenchmarkDotNet 0.15.8; {run(['sh', '-c', 'g++ --version | head -1'])} "
         f"with -O3 -march=native; Eigen {eigen}; FANN 2.2; PyTorch {run(['/usr/bin/python3', '-c', 'import torch; print(torch.__version__)'])}.", "",
         "| net | layers | output / loss |", "|---|---|---|",
         "| S | 2 → 4 Tanh → 1 | Sigmoid / binary cross-entropy |",
         "| M | 16 → 32 ReLU → 32 ReLU → 4 | Softmax / categorical cross-entropy |",
         "| L | 64 → 128 ReLU → 128 ReLU → 10 | Softmax / categorical cross-entropy |",
         "| XL | 784 → 256 ReLU → 10 | Softmax / categorical cross-entropy |", "",
         "FANN 2.2 has neither ReLU nor softmax: its M, L and XL nets use FANN_LINEAR_PIECE hidden layers and sigmoid outputs,",
         "and its training step is its own incremental (one-sample) backpropagation with mean squared error.", ""]


def fmt(ns):
    return f"{ns / 1000:,.2f} µs" if ns >= 10000 else f"{ns:,.1f} ns"


for metric, title in METRICS.items():
    lines += [f"## {title}", "", "| net | " + " | ".join(contenders) + " |", "|---" * (len(contenders) + 1) + "|"]
    for net in NETS:
        base = times[("NetGen", net, metric)]
        cells = [fmt(base)] + [f"{fmt(times[(c, net, metric)])} ({times[(c, net, metric)] / base:.2f}×)" for c in contenders[1:]]
        lines.append(f"| {net} | " + " | ".join(cells) + " |")
    lines.append("")

lines += ["## Bytes allocated per call (NetGen, BenchmarkDotNet's memory diagnoser)", "", "| net | Forward | TrainStep |", "|---|---|---|"]
for net in NETS:
    lines.append(f"| {net} | {allocated[(net, 'forward')]} B | {allocated[(net, 'train_step')]} B |")
lines.append("")

eigen_name = next(c for c in contenders if "Eigen" in c)
fann_name = next(c for c in contenders if "FANN" in c)
torch_name = next(c for c in contenders if "PyTorch" in c)
lines += ["## Targets of issue 4", "", "| target | net | forward | train step |", "|---|---|---|---|"]
for label, contender, factor, nets in [("faster than Eigen fixed-size", eigen_name, 1, ["S", "M", "L"]), ("within 1.5× of Eigen", eigen_name, 1 / 1.5, ["XL"]),
                                        ("≥ 5× faster than FANN", fann_name, 5, ["S", "M", "L"]), ("≥ 100× faster than PyTorch eager", torch_name, 100, ["S", "M", "L"])]:
    for net in nets:
        cells = []
        for metric in METRICS:
            ratio = times[(contender, net, metric)] / times[("NetGen", net, metric)]
            cells.append(f"{'met' if ratio >= factor else 'missed'} ({ratio:.2f}×)")
        lines.append(f"| {label} | {net} | " + " | ".join(cells) + " |")
lines += ["", "Not measured yet: ONNX Runtime, minibatch training throughput (batch 32), time to the first Forward in a fresh",
          "process, generator time per network, and the distance to the machine's FMA limit.", ""]
print("\n".join(lines))
