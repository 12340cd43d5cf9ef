"""The PyTorch side of samples/Fashion and samples/Separable: Fashion-MNIST's IDX files as tensors, and the training
loop the twins share (by default Adam, batch 32, shuffled, cross-entropy on logits; the options the C# samples take)."""
import argparse
import gzip
import os
import struct
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from torch_to_netgen import export_state_dict  # noqa: E402


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


def train_and_report(build, learning_rate, optimizer=torch.optim.Adam, loss_function=None, batch_size=32, schedule=None,
                     architecture=None):
    """Trains the model build() makes (after seeding, so its initial weights are the same every run) as the C# sample trains its network and prints seconds_per_epoch=... test_accuracy=... last;
    the seconds count training only, not the evaluation. schedule(optimizer), when given, makes the learning-rate scheduler
    stepped after every epoch. Options: --threads N --data DIR --epochs N --train-limit N
    --test-limit N (--out is accepted and ignored), --save-start PATH: the initial weights as NetGen's state_dict JSON, laid onto the C#
    network's architecture line, for the C# sample's --start-from, so that both train from the same start."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--train-limit", type=int)
    parser.add_argument("--test-limit", type=int)
    parser.add_argument("--out")
    parser.add_argument("--save-start")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    train_x, train_y = load(args.data, "train", args.train_limit)
    test_x, test_y = load(args.data, "t10k", args.test_limit)
    model = build()
    if args.save_start:
        if architecture is None:
            sys.exit("--save-start: this twin has no NetGen architecture line to lay its weights onto.")
        export_state_dict(model.state_dict(), args.save_start, architecture)
    optimizer = optimizer(model.parameters(), lr=learning_rate)
    loss_function = loss_function or torch.nn.CrossEntropyLoss()
    scheduler = schedule(optimizer) if schedule else None
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
        if scheduler:
            scheduler.step()
        training_seconds += time.perf_counter() - start
        print(f"epoch {epoch}/{args.epochs}  loss {total / len(train_y):.4f}  ({time.perf_counter() - start:.2f} s)", flush=True)

    model.eval()
    with torch.no_grad():
        accuracy = (model(test_x).argmax(1) == test_y).double().mean().item()
    print(f"seconds_per_epoch={training_seconds / args.epochs:.3f} test_accuracy={accuracy:.4f}")
