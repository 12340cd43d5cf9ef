#!/usr/bin/env python3
"""Fits scikit-learn's MLPClassifier (one hidden layer of 64) on the split the Digits sample exported, and times it.

Usage: /usr/bin/python3 samples/Digits/compare_sklearn.py <split.json>   (Debian: python3-sklearn)
Prints fit_ms=... test_accuracy=... on its last line.
"""
import gzip
import json
import os
import sys
import time

import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

split = json.load(open(sys.argv[1]))
data = np.loadtxt(gzip.open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "Data", "digits.csv.gz")), delimiter=",")
pixels, labels = data[:, :64], data[:, 64].astype(int)
train, test = np.array(split["train"]), np.array(split["test"])

scaler = StandardScaler().fit(pixels[train])
x_train, x_test = scaler.transform(pixels[train]), scaler.transform(pixels[test])
model = MLPClassifier(hidden_layer_sizes=(64,), max_iter=500, random_state=0)
start = time.perf_counter()
model.fit(x_train, labels[train])
fit_ms = (time.perf_counter() - start) * 1000
accuracy = model.score(x_test, labels[test])
print(f"scikit-learn MLPClassifier(64): {model.n_iter_} iterations")
print(f"fit_ms={fit_ms:.1f} test_accuracy={accuracy:.4f}")
