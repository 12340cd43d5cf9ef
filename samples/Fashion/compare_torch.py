#!/usr/bin/env python3
"""Trains FashionNet's PyTorch twin on the same Fashion-MNIST files as samples/Fashion, the same way, and times it.

nn.Sequential(Conv2d(1,8,3), ReLU, MaxPool2d(2), Conv2d(8,16,3,padding=1), ReLU, AvgPool2d(2,2), Flatten,
Linear(576,64), ReLU, Linear(64,10)); pixels scaled to [0, 1]; Adam (lr 0.001), batch 32, shuffled, cross-entropy.
Usage: /usr/bin/python3 samples/Fashion/compare_torch.py [--threads N] [--data DIR] [--epochs N] [--train-limit N]
       [--test-limit N] [--out DIR]   (Debian: python3-torch, dataset-fashion-mnist; --out is accepted and ignored)
Prints seconds_per_epoch=... test_accuracy=... on its last line; seconds count training only, not the evaluation.
"""
from torch import nn

from fashion_mnist import train_and_report


train_and_report(lambda: nn.Sequential(
    nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2, 2),
    nn.Flatten(), nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10)), learning_rate=0.001)
