#!/usr/bin/env python3
"""Trains SeparableNet's PyTorch twin on the same Fashion-MNIST files as samples/Separable, the same way, and times it.

nn.ZeroPad2d((0, 1, 1, 2)) then Conv2d(1, 8, (5, 3), stride=2) is TensorFlow's "same" at stride 2 (NetGen's Same = true:
the smaller half of the padding before, the extra row or column after); then Conv2d(8, 8, 3, padding=1, groups=8),
Conv2d(8, 16, 1, bias=False), MaxPool2d(2), Conv2d(16, 16, 3, padding=1, groups=16), Conv2d(16, 32, 1), each with ReLU,
AdaptiveAvgPool2d(1), Flatten, Linear(32, 10); Adam (lr 0.003), batch 32, cross-entropy.
Usage: /usr/bin/python3 samples/Separable/separable_torch.py [--threads N] [--data DIR] [--epochs N] [--train-limit N]
       [--test-limit N]   (Debian: python3-torch, dataset-fashion-mnist). The C# sample runs it after its own training.
Prints seconds_per_epoch=... test_accuracy=... on its last line.
"""
import os
import sys

from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fashion"))
from fashion_mnist import train_and_report  # noqa: E402

train_and_report(lambda: nn.Sequential(
    nn.ZeroPad2d((0, 1, 1, 2)), nn.Conv2d(1, 8, (5, 3), stride=2), nn.ReLU(),
    nn.Conv2d(8, 8, 3, padding=1, groups=8), nn.ReLU(),
    nn.Conv2d(8, 16, 1, bias=False), nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(16, 16, 3, padding=1, groups=16), nn.ReLU(),
    nn.Conv2d(16, 32, 1), nn.ReLU(),
    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10)), learning_rate=0.003)
