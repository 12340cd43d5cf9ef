#!/usr/bin/env python3
"""Writes docs/benchmarks.md from one run of benchmarks/run.sh: per metric, the median time per sample of each
contender and its ratio to NetGen (above 1: NetGen is faster), allocations, time to the first Forward, generator time,
the distance to the FMA limit, the targets of issue 4, batched forward and minibatch training on one thread and on all
cores with the targets of issue 14, FashionNet's Forward with the target of issue 11, the depthwise-separable and
dilated causal Forward of issue 19, the warm-up of a fresh process,
the machine and the versions. Sections measured by other commands are carried over from the current file.

Usage: report.py OUT_DIR COMMAND ORT_VERSION"""
import csv
import glob
import json
import os
import platform
import re
import subprocess
import sys

out, command, ort_version = sys.argv[1:4]
NETS = ["S", "M", "L", "XL"]
LAYERS = {"S": [2, 4, 1], "M": [16, 32, 32, 4], "L": [64, 128, 128, 10], "XL": [784, 256, 10]}
ORT = f"ONNX Runtime {ort_version}"

times = {}  # (contender, net, metric) -> ns per sample (warm-up counts and Digits' training time: see warmup.py; bytes: train-alloc)
for name in ("native.csv", "torch.csv", "first.csv", "native-batch.csv", "torch-batch.csv", "warmup.csv", "train-alloc.csv"):
    for contender, net, metric, ns in csv.reader(open(os.path.join(out, name))):
        times[(contender, net, metric)] = float(ns)

SAMPLES, BATCH = 1024, 32  # the batched benchmarks: every call processes all 1,024 samples


def per_sample(metric, median):
    """A batched benchmark's time per call is for all the samples; a one-sample Forward's is for one."""
    return median if metric == "forward" else median / SAMPLES


allocated, generator = {}, {}  # allocated: (net, metric) -> bytes per benchmark call
for report in glob.glob(os.path.join(out, "bdn", "results", "*-report-full.json")):
    for benchmark in json.load(open(report))["Benchmarks"]:
        net, metric = benchmark["Method"].split("_", 1)
        median, memory = benchmark["Statistics"]["Median"], benchmark["Memory"]["BytesAllocatedPerOperation"]
        if benchmark["Type"] == "ContenderBenchmarks":
            times[("NetGen", net, metric)] = median
            allocated[(net, metric)] = memory  # batch32: per sample (a Train call allocates only its report)
        elif benchmark["Type"] == "BatchBenchmarks":
            times[("NetGen", net, metric)] = per_sample(metric, median)
            allocated[(net, metric)] = memory
        elif benchmark["Type"] == "OnnxBenchmarks":
            times[(ORT, net, metric)] = median
        elif benchmark["Type"] == "OnnxBatchBenchmarks":
            times[(ORT, net, metric)] = per_sample(metric, median)
        else:
            generator[net] = (median, memory)


def run(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return "unknown"


def named(part):
    return next(c for c in {c for c, _, _ in times} if part in c)


def fmt(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:,.1f} ms"
    return f"{ns / 1000:,.2f} µs" if ns >= 10000 else f"{ns:,.1f} ns"


def cells(net, metric, contenders, unit=fmt):
    """The first contender's time, then each other's with its ratio to the first ("–" where it has none)."""
    base = times[(contenders[0], net, metric)]
    return [unit(base)] + [f"{unit(times[(c, net, metric)])} ({times[(c, net, metric)] / base:.2f}×)" if (c, net, metric) in times else "–"
                           for c in contenders[1:]]


def table(metric, contenders, unit=fmt):
    rows = ["| net | " + " | ".join(contenders) + " |", "|---" * (len(contenders) + 1) + "|"]
    for net in NETS:
        rows.append(f"| {net} | " + " | ".join(cells(net, metric, contenders, unit)) + " |")
    return rows + [""]


def met(ratio, factor=1.0):
    return f"{'met' if ratio >= factor else 'missed'} ({ratio:.2f}×)"


eigen, fann, torch, eigen_batched = named("Eigen fixed"), named("FANN"), named("PyTorch"), named("Eigen batched")
cpu = re.sub(r"\s+", " ", run(["sh", "-c", "lscpu | sed -n 's/^Model name: *//p'"]))
mhz = float(re.search(r"cpu MHz\s*:\s*([\d.]+)", open("/proc/cpuinfo").read()).group(1))
cores = os.cpu_count()
blas = run(["readlink", "-f", "/usr/lib/x86_64-linux-gnu/libblas.so.3"])
eigen_version = ".".join(re.findall(r"#define EIGEN_(?:WORLD|MAJOR|MINOR)_VERSION (\d+)", open("/usr/include/eigen3/Eigen/src/Core/util/Macros.h").read()))

smoke = os.environ.get("NETGEN_BENCH_QUICK", "0") not in ("", "0")
lines = ["# Benchmarks", ""] + (["**A smoke run (`NETGEN_BENCH_QUICK=1`): it checks that every contender runs and every table renders; "
                                 "its figures are not measurements. Do not commit it.**", ""] if smoke else []) + [
         f"Produced by one run of `{command}` on {run(['date', '-u', '+%Y-%m-%d'])}: every contender computes the same nets, in",
         f"float, on one thread unless a table says all cores ({cores} threads, the machine's count), consuming its outputs.",
         "Times are medians per sample; a ratio is the contender's time divided by NetGen's (above 1: NetGen is faster).", "",
         f"Machine: {cpu}, {cores} cores at {mhz:,.0f} MHz (nominal, from /proc/cpuinfo), {platform.system()} {platform.release()}.",
         f"Versions: .NET SDK {run(['dotnet', '--version'])}, BenchmarkDotNet 0.15.8; {run(['sh', '-c', 'g++ --version | head -1'])} "
         f"with -O3 -march=native (all cores: -fopenmp, GNU OpenMP); Eigen {eigen_version}; FANN 2.2; {torch} (its BLAS: {blas}); "
         f"{ORT} (NuGet, models exported by PyTorch with a dynamic batch axis, opset 13).", "",
         "| net | layers | output / loss |", "|---|---|---|",
         "| S | 2 → 4 Tanh → 1 | Sigmoid / binary cross-entropy |",
         "| M | 16 → 32 ReLU → 32 ReLU → 4 | Softmax / categorical cross-entropy |",
         "| L | 64 → 128 ReLU → 128 ReLU → 10 | Softmax / categorical cross-entropy |",
         "| XL | 784 → 256 ReLU → 10 | Softmax / categorical cross-entropy |",
         "| Fashion | 1×28×28 → Conv2D(8, 3) ReLU → MaxPool2D(2) → Conv2D(16, 3, padding 1) ReLU → AvgPool2D(2) → 64 ReLU → 10 |"
         " Softmax / categorical cross-entropy |", "",
         "FANN 2.2 has neither ReLU nor softmax: its M, L and XL nets use FANN_LINEAR_PIECE hidden layers and sigmoid outputs,",
         "and it trains with mean squared error. ONNX Runtime's .NET package only infers, so it has no training rows.", ""]

lines += ["## Forward of one sample", ""] + table("forward", ["NetGen", eigen, fann, torch, ORT])
lines += ["## One training step on one sample (forward, backward, SGD update)", ""] + table("train_step", ["NetGen", eigen, fann, torch])
lines += ["## Minibatch training, batch 32 (time per sample; samples/s = 10⁹ ÷ ns)", "",
          "NetGen: `Train` over 1,024 samples (one shuffled epoch, plain SGD, 32 batches, loss reported); Eigen: hand-written",
          "gradient sums over 32 samples, then one step; FANN: `fann_train_epoch` with FANN_TRAIN_BATCH on 32 samples; PyTorch:",
          "one step on a [32, n] tensor.", ""] + table("batch32", ["NetGen", eigen, fann, torch])

lines += ["## Bytes allocated per call (NetGen, BenchmarkDotNet's memory diagnoser)", "",
          "| net | Forward | Backward | TrainStep | Train, per sample |", "|---|---|---|---|---|"]
for net in NETS:
    lines.append(f"| {net} | " + " | ".join(f"{allocated[(net, m)]:,.0f} B" for m in ("forward", "backward", "train_step", "batch32")) + " |")
lines.append("")

first = ["NetGen", "NetGen (Native AOT)", eigen, fann, torch, ORT]
lines += ["## Time to the first Forward in a fresh process", "",
          "Wall clock from starting the process until it exits after creating the net and printing one Forward (median of 7),",
          "runtime start-up included (`benchmarks/first_forward.py`):", ""] + table("first_process", first)
lines += ["Inside the process, creating the network (drawing its initial weights) and its first Forward:", "",
          "| net | NetGen (JIT) | NetGen (Native AOT) |", "|---|---|---|"]
for net in NETS:
    lines.append(f"| {net} | {fmt(times[('NetGen', net, 'first_call')])} | {fmt(times[('NetGen (Native AOT)', net, 'first_call')])} |")
lines.append("")

lines += ["## Generator time per network", "",
          "One full (not incremental) run of the generator over a compilation holding one network (BenchmarkDotNet):", "",
          "| net | time | allocated |", "|---|---|---|"]
for net in NETS:
    median, memory = generator[net]
    lines.append(f"| {net} | {fmt(median)} | {memory / 1024:,.0f} KB |")
lines.append("")

lines += ["## Distance to the machine's FMA limit", "",
          f"Limit = multiply-adds ÷ (16 per cycle × {mhz / 1000:.2f} GHz): two 8-wide float FMA units. The nominal clock",
          "understates a boosting CPU, so the real distance is somewhat larger.", "",
          "| net | multiply-adds | limit | NetGen Forward | × limit |", "|---|---|---|---|---|"]
fma = {}
for net in NETS:
    sizes = LAYERS[net]
    macs = sum(a * b for a, b in zip(sizes, sizes[1:]))
    limit = macs / (16 * mhz / 1000)
    fma[net] = times[("NetGen", net, "forward")] / limit
    lines.append(f"| {net} | {macs:,} | {fmt(limit)} | {fmt(times[('NetGen', net, 'forward')])} | {fma[net]:.2f}× |")
lines.append("")

lines += ["## Targets of issue 4", "", "| target | net | forward | train step |", "|---|---|---|---|"]
for label, contender, factor, nets in [("faster than Eigen fixed-size", eigen, 1, ["S", "M", "L"]), ("within 1.5× of Eigen", eigen, 1 / 1.5, ["XL"]),
                                        ("≥ 5× faster than FANN", fann, 5, ["S", "M", "L"]), ("≥ 100× faster than PyTorch eager", torch, 100, ["S", "M", "L"])]:
    for net in nets:
        lines.append(f"| {label} | {net} | "
                     + " | ".join(met(times[(contender, net, m)] / times[("NetGen", net, m)], factor) for m in ("forward", "train_step")) + " |")
for net in ["M", "L"]:
    lines.append(f"| within 3× of the FMA limit | {net} | {'met' if fma[net] <= 3 else 'missed'} ({fma[net]:.2f}×) | – |")
zero = all(allocated[(net, m)] == 0 for net in NETS for m in ("forward", "backward", "train_step"))
lines += [f"| 0 bytes per Forward, Backward, TrainStep | all | {'met' if zero else 'missed'} | {'met' if zero else 'missed'} |", "",
          "A ratio within a few percent of its threshold is inside this shared machine's run-to-run variation: read it as a tie.", ""]

s_forward, s_step = times[("NetGen", "S", "forward")], times[("NetGen", "S", "train_step")]
torch_l, torch_step_l = times[(torch, "L", "forward")] / 100, times[(torch, "L", "train_step")] / 100
batch_ratios = [times[(eigen, net, "batch32")] / times[("NetGen", net, "batch32")] for net in NETS]
lines += ["## The gaps, and what was tried", "",
          f"- **Net S against Eigen and FANN** (Forward {fmt(s_forward)}, train step {fmt(s_step)}). Twelve multiply-adds, four tanh and",
          "  one sigmoid: the time is per-call overhead and the activations. Tried and kept: tanh as a rational function with",
          "  fused multiply-adds instead of the C runtime's tanhf (18 ns a call), which took Forward from 60 to about 24 ns. Eigen",
          "  inlines the whole net into its loop and computes the four tanh in one SIMD register; NetGen's S is called through",
          "  `INetwork<float>`, checks its span lengths and computes each neuron as its own readable statement. Not tried:",
          "  packing the neurons of an unrolled layer into one vector, which would trade away the unrolled code's readability.",
          f"- **Net L against Eigen** (Forward {times[(eigen, 'L', 'forward')] / times[('NetGen', 'L', 'forward')]:.2f}×, train step "
          f"{times[(eigen, 'L', 'train_step')] / times[('NetGen', 'L', 'train_step')]:.2f}×): a tie within this machine's variation or a few",
          "  percent behind. Both do about nine multiply-adds per cycle: the 128 × 128 weights (64 KB) do not fit a 32 KB L1 data",
          "  cache, so W a waits on L2 whatever the loop order. Tried and kept: the AVX kernels (L Forward 1.7 → about 1.2 µs).",
          f"- **Net L against PyTorch eager.** 100× PyTorch's L Forward would be {fmt(torch_l)}, "
          f"{torch_l / (25856 / (16 * mhz / 1000)):.2f}× the FMA limit above: faster than",
          "  this machine can do the multiply-adds at all, so no contender can meet it here. 100× its train step would be",
          f"  {fmt(torch_step_l)}, {torch_step_l / (3 * 25856 / (16 * mhz / 1000)):.2f}× the limit for a step's three passes over the weights (W a, Wᵀδ, δaᵀ).",
          f"- **Net M and the FMA limit ({fma['M']:.2f}×).** M's multiply-adds take about 40 ns at the limit; the rest is the softmax",
          "  (four e^x, vectorised), the ReLUs, the argument checks and zeroing the stackalloc'd spans. Tried and kept: eight rows",
          "  per AVX pass with one reduction tree (266 → 175 ns), whole-layer ReLU kernels and the vectorised softmax (→ about 125 ns).",
          "  Tried and dropped: applying the ReLU inside the matrix-vector kernel as it stores z (120–124 ns with and without).",
          f"- **Minibatch training** (not a target) runs at {min(batch_ratios):.2f}–{max(batch_ratios):.2f}× Eigen's speed: `Train` shuffles, reads a different",
          "  sample each time and keeps the loss, where Eigen's loop reuses two fixed batches; plain SGD steps are one vectorised",
          "  pass. Backward does not fuse the gradient's outer product with Wᵀδ as TrainStep fuses its step (different memory).",
          "- **The first Forward under the JIT** costs milliseconds (compiling the generated methods and the kernels); with",
          "  Native AOT it is microseconds. A game calls Forward once while loading, or publishes with Native AOT.", ""]

# Issue 14: batched forward and minibatch training, one thread and all cores.
BATCHED = [("forward32", "forward, 32 batches of 32"), ("forward1024", "forward, one batch of 1,024"),
           ("train32", "`Train` epoch, batches of 32")]
lines += ["## Batched forward and minibatch training (issue 14)", "",
          f"N = 1,024 samples, batches of 32, float, plain SGD; time per sample. One thread, then all cores ({cores} threads).",
          "NetGen: `ForwardBatch` (the overload without a thread count, or with it) and `Train` for one shuffled epoch",
          "(`TrainingOptions.Threads`). Eigen batched (`benchmarks/native/batch.cpp`): the batch is a dynamic `MatrixXf`",
          "with one column per sample, each layer one matrix-matrix product plus bias and activation; `Train` gathers the",
          "shuffled batch's columns, then forward, backward (δ, ∂W = δ·Aᵀ, ∂b = Σδ) and an SGD step on the mean gradient;",
          "all cores: built with -fopenmp, `Eigen::setNbThreads` (Eigen splits a product over threads only when it is big",
          "enough). PyTorch eager: `no_grad` forward of [32, n] tensors (one [1024, n] tensor), `Train`: `index_select` of a",
          "`randperm` batch, the net's loss (BCE with logits for S, cross-entropy otherwise), SGD; `torch.set_num_threads`.",
          "ONNX Runtime: a [32, n] input bound once per batch, `IntraOpNumThreads`; inference only.", ""]
batch_contenders = ["NetGen", eigen_batched, torch, ORT]
for threads, title in (("1", "One thread"), ("all", f"All cores ({cores} threads)")):
    lines += [f"### {title}", "", "| net | measure | " + " | ".join(batch_contenders) + " |", "|---|---" + "|---" * len(batch_contenders) + "|"]
    for net in NETS:
        for metric, label in BATCHED:
            lines.append(f"| {net} | {label} | " + " | ".join(cells(net, f"{metric}_{threads}", batch_contenders)) + " |")
    lines.append("")

lines += ["### Bytes allocated by NetGen", "",
          "`ForwardBatch`: BenchmarkDotNet's memory diagnoser, steady state, per call (32 samples, or one call of 1,024). `Train`:",
          "bytes per call of one epoch (its `TrainingReport` included), and per further batch: the difference between calls of",
          "9 epochs and of 1, divided by the 256 batches between them (`NetGen.Benchmarks train-alloc`, every thread counted;",
          "the report's per-epoch loss is part of it).", "",
          "| net | `ForwardBatch` of 32, 1 thread / all cores | `ForwardBatch` of 1,024, 1 thread / all cores | "
          "`Train` call, 1 thread / all cores | `Train`, per further batch, 1 thread / all cores |", "|---|---|---|---|---|"]
for net in NETS:
    forward32 = " / ".join(f"{allocated[(net, f'forward32_{t}')] / (SAMPLES // BATCH):,.1f} B" for t in ("1", "all"))
    forward1024 = " / ".join(f"{allocated[(net, f'forward1024_{t}')]:,.0f} B" for t in ("1", "all"))
    call = " / ".join(f"{times[('NetGen', net, f'train_bytes_call_{t}')]:,.0f} B" for t in ("1", "all"))
    batch = " / ".join(f"{times[('NetGen', net, f'train_bytes_batch_{t}')]:,.2f} B" for t in ("1", "all"))
    lines.append(f"| {net} | {forward32} | {forward1024} | {call} | {batch} |")
lines.append("")

lines += ["### Targets of issue 14", "", "| target | net | forward, batches of 32 | `Train` epoch |", "|---|---|---|---|"]
for net in NETS:
    lines.append(f"| faster than Eigen batched, one thread | {net} | "
                 + " | ".join(met(times[(eigen_batched, net, f"{m}_1")] / times[("NetGen", net, f"{m}_1")]) for m in ("forward32", "train32")) + " |")
for contender in (torch, ORT):
    for net in NETS:
        train = (met(times[(contender, net, "train32_all")] / times[("NetGen", net, "train32_all")])
                 if (contender, net, "train32_all") in times else "– (inference only)")
        lines.append(f"| ahead of {contender}, all cores | {net} | "
                     f"{met(times[(contender, net, 'forward32_all')] / times[('NetGen', net, 'forward32_all')])} | {train} |")
zero_forward = all(allocated[(net, f"{m}_{t}")] == 0 for net in NETS for m in ("forward32", "forward1024") for t in ("1", "all"))
worst_train = max(times[("NetGen", net, f"train_bytes_batch_{t}")] for net in NETS for t in ("1", "all"))
lines += [f"| 0 bytes per batch in steady state | all | {'met' if zero_forward else 'missed (see the bytes above)'} | "
          f"{'met' if worst_train == 0 else f'missed ({worst_train:.2f} B at most)'} |", "",
          "A ratio within a few percent of its threshold is inside this shared machine's run-to-run variation: read it as a tie.", ""]


# Issue 11: FashionNet's Forward against PyTorch and ONNX Runtime, and its distance to the FMA limit.
def fashion_macs():
    """Multiply-adds of one FashionNet sample: each conv output value takes C·k² of them, each Dense output its fan-in."""
    conv1 = 8 * 26 * 26 * (1 * 3 * 3)    # 1×28×28 → 8×26×26
    conv2 = 16 * 13 * 13 * (8 * 3 * 3)   # 8×13×13 (padding 1) → 16×13×13
    return conv1 + conv2 + 16 * 6 * 6 * 64 + 64 * 10  # then 576 → 64 → 10


fashion_contenders = ["NetGen", torch, ORT]
macs = fashion_macs()
limit = macs / (16 * mhz / 1000)
lines += ["## FashionNet forward (issue 11)", "",
          "The Fashion-MNIST network above, float, random inputs: one sample's `Forward` on one thread (PyTorch `no_grad` on a",
          "[1, 1, 28, 28] tensor, ONNX Runtime on one intra-op thread), and 1,024 samples in batches of 32 (`ForwardBatch`,",
          "[32, 1, 28, 28] tensors and inputs) per sample.", "",
          "| measure | " + " | ".join(fashion_contenders) + " |", "|---" + "|---" * len(fashion_contenders) + "|"]
for metric, label in (("forward", "`Forward`, one sample, 1 thread"), ("forward32_1", "batches of 32, 1 thread"),
                      ("forward32_all", f"batches of 32, all cores ({cores} threads)")):
    lines.append(f"| {label} | " + " | ".join(cells("Fashion", metric, fashion_contenders)) + " |")
fashion_forward = times[("NetGen", "Fashion", "forward")]
fashion_batched = times[("NetGen", "Fashion", "forward32_1")]
lines += ["", f"Limit = {macs:,} multiply-adds per sample (convolutions {8 * 26 * 26 * 9 + 16 * 13 * 13 * 72:,}, Dense {576 * 64 + 64 * 10:,}) "
          f"÷ (16 per cycle × {mhz / 1000:.2f} GHz) = {fmt(limit)}, as in \"Distance to the machine's FMA limit\".", "",
          "| target | result |", "|---|---|",
          f"| `Forward` ≥ 10× faster than PyTorch eager | {met(times[(torch, 'Fashion', 'forward')] / fashion_forward, 10)} |",
          f"| `Forward` faster than ONNX Runtime | {met(times[(ORT, 'Fashion', 'forward')] / fashion_forward)} |",
          f"| distance to the FMA limit, `Forward` | {fashion_forward / limit:.2f}× |",
          f"| distance to the FMA limit, `ForwardBatch` of 32, 1 thread | {fashion_batched / limit:.2f}× |",
          f"| bytes per `Forward` | {allocated[('Fashion', 'forward')]:,.0f} B |",
          f"| bytes per `ForwardBatch` of 32 (1 thread, all cores) | {allocated[('Fashion', 'forward32_1')] / (SAMPLES // BATCH):,.1f} B, "
          f"{allocated[('Fashion', 'forward32_all')] / (SAMPLES // BATCH):,.1f} B |", ""]

# Issue 19: a depthwise-separable block and a dilated causal Conv1D stack, one sample's Forward, and the FMA limit.
SEPARABLE_MACS = {"depthwise 3×3": 16 * 24 * 24 * 9, "pointwise 1×1": 32 * 24 * 24 * 16}  # each output value: C/G·k² multiply-adds
CAUSAL_MACS = {"Conv1D 8 → 16": 16 * 128 * 8 * 3, "3 × Conv1D 16 → 16 (d 2, 4, 8)": 3 * 16 * 128 * 16 * 3}
lines += ["## Depthwise-separable and dilated causal convolutions (issue 19)", "",
          "One sample's `Forward` on one thread, float, random inputs (PyTorch eager `no_grad`, ONNX Runtime on one intra-op",
          "thread, both exported by `torch_bench.py`): **Separable** is 16×24×24 → `Conv2D(16, 3, ReLU, Groups = 16, Same = true)`",
          "→ `Conv2D(32, 1, ReLU)` (MobileNet's depthwise 3×3 then pointwise 1×1); **Causal** is 8×128 → four",
          "`Conv1D(16, 3, ReLU, Causal = true)` with dilations 1, 2, 4, 8 (a WaveNet-style stack). The limit is the multiply-adds",
          "÷ (16 per cycle × the clock), as in \"Distance to the machine's FMA limit\".", "",
          "| net | multiply-adds | " + " | ".join(fashion_contenders) + " | PyTorch ÷ NetGen | ORT ÷ NetGen | NetGen ÷ FMA limit |",
          "|---|---|" + "---|" * len(fashion_contenders) + "---|---|---|"]
for net, parts in (("Separable", SEPARABLE_MACS), ("Causal", CAUSAL_MACS)):
    count = sum(parts.values())
    netgen = times[("NetGen", net, "forward")]
    lines.append(f"| {net} ({', '.join(f'{name} {value:,}' for name, value in parts.items())}) | {count:,} | "
                 + " | ".join(cells(net, "forward", fashion_contenders)) + f" | {times[(torch, net, 'forward')] / netgen:.2f}× | "
                 f"{times[(ORT, net, 'forward')] / netgen:.2f}× | {netgen / (count / (16 * mhz / 1000)):.2f}× |")
lines += ["", "| target | Separable | Causal |", "|---|---|---|",
          "| `Forward` ≥ 10× faster than PyTorch eager | " + " | ".join(met(times[(torch, n, 'forward')] / times[('NetGen', n, 'forward')], 10) for n in ("Separable", "Causal")) + " |",
          "| `Forward` at least as fast as ONNX Runtime | " + " | ".join(met(times[(ORT, n, 'forward')] / times[('NetGen', n, 'forward')]) for n in ("Separable", "Causal")) + " |",
          "| bytes per `Forward` | " + " | ".join(f"{allocated[(n, 'forward')]:,.0f} B" for n in ("Separable", "Causal")) + " |", ""]

# Issue 14: the first 100 ms of a fresh process against its steady state.
SETTINGS = [("default", "tiered compilation + dynamic PGO (default)"), ("tc0", "`DOTNET_TieredCompilation=0`"),
            ("pgo0", "`DOTNET_TieredPGO=0`")]
lines += ["## Warm-up: the first 100 ms against the steady state", "",
          "`benchmarks/Warmup` in a fresh process calls net M's `Train` (1,024 samples, batches of 32, one epoch of SGD per",
          "call) over and over: the first call (JIT compilation included); all calls that finished within 100 ms of the first",
          "call's start (and how many); those without the first; the median call between 1.5 and 2 s (steady state). Digits:",
          "the training time `samples/Digits` prints (12 epochs of Adam on 1,347 images, evaluation excluded), with the",
          "setting given in the environment (which overrides the sample's own `TieredCompilation=false`). Each figure is the",
          "median of 5 fresh processes (`benchmarks/warmup.py`); `DOTNET_TieredCompilation=0` compiles every method optimised",
          "at its first call, without dynamic PGO: what `AggressiveOptimization` on every hot method amounts to.", "",
          "| setting | M: first call, per sample | M: first 100 ms, per sample (calls) | … without the first call | "
          "M: steady state | first 100 ms ÷ steady | Digits training |", "|---|---|---|---|---|---|---|"]
for key, label in SETTINGS:
    first100, steady = times[("NetGen", "M", f"warmup_first100_{key}")], times[("NetGen", "M", f"warmup_steady_{key}")]
    rest = times[("NetGen", "M", f"warmup_rest100_{key}")]
    lines.append(f"| {label} | {fmt(times[('NetGen', 'M', f'warmup_first_{key}')])} | {fmt(first100)} "
                 f"({times[('NetGen', 'M', f'warmup_calls100_{key}')]:g}) | {fmt(rest) if rest == rest else '–'} | {fmt(steady)} | "
                 f"{first100 / steady:.1f}× | {fmt(times[('NetGen', 'Digits', f'digits_train_{key}')])} |")
lines.append("")

# Sections another command measures (each names its command) are carried over from the current file.
current = open("docs/benchmarks.md").read()
for heading in ("Convolution kernels", "Fashion-MNIST"):
    kept = re.search(rf"^## {heading}\n.*?(?=^## |\Z)", current, re.S | re.M)
    if kept:
        lines += [kept.group(0).rstrip("\n"), ""]
print("\n".join(lines))
