#!/usr/bin/env python3
"""Trains FashionNet's PyTorch twin on the same Fashion-MNIST files as samples/Fashion, the same way, and times it.

nn.Sequential(Conv2d(1,8,3), ReLU, MaxPool2d(2), Conv2d(8,16,3,padding=1), ReLU, AvgPool2d(2,2), Flatten,
Linear(576,64), ReLU, Linear(64,10)); pixels scaled to [0, 1]; Adam (lr 0.001), batch 32, shuffled, cross-entropy.
With --tutorial, TutorialNet's twin instead, in the style of PyTorch's MNIST example (pytorch/examples mnist/main.py,
narrowed to 8 and 16 filters and 64 hidden units, a BatchNorm after each convolution): Conv2d(1,8,3), BatchNorm2d(8), ReLU,
Conv2d(8,16,3), BatchNorm2d(16), ReLU, MaxPool2d(2), Dropout(0.25),
Flatten, Linear(2304,64), ReLU, Dropout(0.5), Linear(64,10), LogSoftmax; nll_loss; Adadelta (lr 1.0), batch 64.
Usage: /usr/bin/python3 samples/Fashion/compare_torch.py [--threads N] [--data DIR] [--epochs N] [--train-limit N]
       [--test-limit N] [--out DIR] [--tutorial]   (Debian: python3-torch, dataset-fashion-mnist; --out is accepted and ignored)
Prints seconds_per_epoch=... test_accuracy=... on its last line; seconds count training only, not the evaluation.
"""
import argparse
import sys

import torch
from torch import nn

from fashion_mnist import train_and_report


# --tutorial picks TutorialNet's twin; the other options are the shared loop's.
chooser = argparse.ArgumentParser(add_help=False)
chooser.add_argument("--tutorial", action="store_true")
choice, sys.argv[1:] = chooser.parse_known_args()

if choice.tutorial:
    train_and_report(lambda: nn.Sequential(
        nn.Conv2d(1, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 16, 3), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(2304, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10), nn.LogSoftmax(dim=1)),
        learning_rate=1.0, optimizer=torch.optim.Adadelta, loss_function=nn.NLLLoss(), batch_size=64)
else:
    train_and_report(lambda: nn.Sequential(
        nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2, 2),
        nn.Flatten(), nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10)), learning_rate=0.001)
