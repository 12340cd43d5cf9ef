#!/usr/bin/env python3
"""Trains FashionNet's PyTorch twin on the same Fashion-MNIST files as samples/Fashion, the same way, and times it.

nn.Sequential(Conv2d(1,8,3), ReLU, MaxPool2d(2), Conv2d(8,16,3,padding=1), ReLU, AvgPool2d(2,2), Flatten,
Linear(576,64), ReLU, Linear(64,10)); pixels scaled to [0, 1]; Adam (lr 0.001), batch 32, shuffled, cross-entropy.
With --tutorial, TutorialNet's twin instead, in the style of PyTorch's MNIST example (pytorch/examples mnist/main.py,
narrowed to 8 and 16 filters and 64 hidden units): Conv2d(1,8,3), ReLU, Conv2d(8,16,3), ReLU, MaxPool2d(2), Dropout(0.25),
Flatten, Linear(2304,64), ReLU, Dropout(0.5), Linear(64,10), LogSoftmax; nll_loss; Adadelta (lr 1.0), batch 64.
Usage: /usr/bin/python3 samples/Fashion/compare_torch.py [--threads N] [--data DIR] [--epochs N] [--train-limit N]
       [--test-limit N] [--out DIR] [--tutorial]   (Debian: python3-torch, dataset-fashion-mnist; --out is accepted and ignored)
Prints seconds_per_epoch=... test_accuracy=... on its last line; seconds count training only, not the evaluation.
"""
import argparse
import gzip
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    """The IDX format of unsigned bytes: 00 00 08 rank, rank big-endian int32 dimensions, then the values."""
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as file:
        zero, kind, rank = struct.unpack(">HBB", file.read(4))
        if zero != 0 or kind != 0x08:
            sys.exit(f"{path} is not an IDX file of unsigned bytes.")
        shape = struct.unpack(f">{rank}I", file.read(4 * rank))
        values = np.frombuffer(file.read(), dtype=np.uint8)
    if values.size != np.prod(shape):
        sys.exit(f"{path} holds {values.size} values, not {' × '.join(map(str, shape))}.")
    return values.reshape(shape)


def load(directory, kind, limit):
    paths = []
    for name in (f"{kind}-images-idx3-ubyte", f"{kind}-labels-idx1-ubyte"):
        found = [path for path in (os.path.join(directory, name + ".gz"), os.path.join(directory, name)) if os.path.exists(path)]
        if not found:
            sys.exit(f"Fashion-MNIST's {name}.gz is not in {directory}: install Debian's dataset-fashion-mnist package "
                     f"or pass --data <directory>.")
        paths.append(found[0])
    images, labels = (read_idx(path)[:limit] for path in paths)
    return torch.from_numpy(images.astype(np.float32) / 255).unsqueeze(1), torch.from_numpy(labels.astype(np.int64))


parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
parser.add_argument("--epochs", type=int, default=5)
parser.add_argument("--train-limit", type=int)
parser.add_argument("--test-limit", type=int)
parser.add_argument("--out")
parser.add_argument("--tutorial", action="store_true")
args = parser.parse_args()

torch.set_num_threads(args.threads)
torch.manual_seed(1)
train_x, train_y = load(args.data, "train", args.train_limit)
test_x, test_y = load(args.data, "t10k", args.test_limit)
if args.tutorial:
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(2304, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10), nn.LogSoftmax(dim=1))
    optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0)
    loss_function = nn.NLLLoss()
    batch_size = 64
else:
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2, 2),
        nn.Flatten(), nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_function = nn.CrossEntropyLoss()
    batch_size = 32
print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} thread(s): {len(train_y)} images to train, {len(test_y)} to test.")

training_seconds = 0.0
for epoch in range(1, args.epochs + 1):
    start = time.perf_counter()
    model.train()
    order = torch.randperm(len(train_y))
    total = 0.0
    for first in range(0, len(order), batch_size):
        batch = order[first:first + batch_size]
        optimizer.zero_grad()
        loss = loss_function(model(train_x[batch]), train_y[batch])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(batch)
    training_seconds += time.perf_counter() - start
    print(f"epoch {epoch}/{args.epochs}  loss {total / len(train_y):.4f}  ({time.perf_counter() - start:.2f} s)", flush=True)

model.eval()
with torch.no_grad():
    accuracy = (model(test_x).argmax(1) == test_y).double().mean().item()
print(f"seconds_per_epoch={training_seconds / args.epochs:.3f} test_accuracy={accuracy:.4f}")
