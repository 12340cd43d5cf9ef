#!/usr/bin/env python3
"""Trains FashionNet's PyTorch twin on the same Fashion-MNIST files as samples/Fashion, the same way, and times it.

nn.Sequential(Conv2d(1,8,3), ReLU, MaxPool2d(2), Conv2d(8,16,3,padding=1), ReLU, AvgPool2d(2,2), Flatten,
Linear(576,64), ReLU, Linear(64,10)); pixels scaled to [0, 1]; Adam (lr 0.001), batch 32, shuffled, cross-entropy.
With --tutorial, TutorialNet's twin instead, in the style of PyTorch's MNIST example (pytorch/examples mnist/main.py,
narrowed to 8 and 16 filters and 64 hidden units, a BatchNorm after each convolution): Conv2d(1,8,3), BatchNorm2d(8), ReLU,
Conv2d(8,16,3), BatchNorm2d(16), ReLU, MaxPool2d(2), Dropout(0.25),
Flatten, Linear(2304,64), ReLU, Dropout(0.5), Linear(64,10), LogSoftmax; nll_loss; Adadelta (lr 1.0), batch 64.
With --sequence, SequenceNet's twin, PyTorch's sequence-MNIST example (pytorch/examples mnist_rnn/main.py): the rows as
28 steps into LSTM(28, 64, batch_first=True), the last step's h, BatchNorm1d(64), Dropout(0.25), Linear(64,32), ReLU,
Dropout(0.5), Linear(32,10), LogSoftmax; nll_loss; Adadelta (lr 0.1), batch 64, the rate × 0.7 after every epoch (StepLR).
Usage: /usr/bin/python3 samples/Fashion/compare_torch.py [--threads N] [--data DIR] [--epochs N] [--train-limit N]
       [--test-limit N] [--out DIR] [--tutorial | --sequence]   (Debian: python3-torch, dataset-fashion-mnist; --out is accepted and ignored)
Prints seconds_per_epoch=... test_accuracy=... on its last line; seconds count training only, not the evaluation.
"""
import argparse
import sys

import torch
from torch import nn

from fashion_mnist import train_and_report


class RowByRow(nn.Module):
    """SequenceNet's twin, mnist_rnn's Net with nn.Dropout for its Dropout2d on a vector (which drops single values)."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(input_size=28, hidden_size=64, batch_first=True)
        self.head = nn.Sequential(nn.BatchNorm1d(64), nn.Dropout(0.25), nn.Linear(64, 32), nn.ReLU(), nn.Dropout(0.5),
                                  nn.Linear(32, 10), nn.LogSoftmax(dim=1))

    def forward(self, images):
        output, _ = self.rnn(images.reshape(-1, 28, 28))
        return self.head(output[:, -1, :])


# --tutorial or --sequence picks TutorialNet's or SequenceNet's twin; the other options are the shared loop's.
chooser = argparse.ArgumentParser(add_help=False)
chooser.add_argument("--tutorial", action="store_true")
chooser.add_argument("--sequence", action="store_true")
choice, sys.argv[1:] = chooser.parse_known_args()

if choice.sequence:
    train_and_report(RowByRow, learning_rate=0.1, optimizer=torch.optim.Adadelta, loss_function=nn.NLLLoss(), batch_size=64,
                     schedule=lambda optimizer: torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.7))
elif choice.tutorial:
    train_and_report(lambda: nn.Sequential(
        nn.Conv2d(1, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 16, 3), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(2304, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10), nn.LogSoftmax(dim=1)),
        learning_rate=1.0, optimizer=torch.optim.Adadelta, loss_function=nn.NLLLoss(), batch_size=64,
        architecture="1×28×28 → Conv2D 8 3×3 Linear → BatchNorm Linear → Activate ReLU → Conv2D 16 3×3 Linear → BatchNorm Linear → "
                     "Activate ReLU → MaxPool2D 2 → Dropout 0.25 → Dense 64 Linear → Activate ReLU → Dropout 0.5 → "
                     "Dense 10 LogSoftmax; NegativeLogLikelihood; float")
else:
    train_and_report(lambda: nn.Sequential(
        nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AvgPool2d(2, 2),
        nn.Flatten(), nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10)), learning_rate=0.001)
