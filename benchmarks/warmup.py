#!/usr/bin/env python3
"""Warm-up (issue 14) for benchmarks/run.sh: fresh processes under three JIT settings, median of 5 processes each
(2 with NETGEN_BENCH_QUICK=1):
  default  tiered compilation with dynamic PGO, the runtime's defaults (set explicitly: samples/Digits turns tiering off
           in its project file, and the environment overrides that)
  tc0      DOTNET_TieredCompilation=0: every method compiled optimised at its first call, no PGO (what
           AggressiveOptimization on every hot method amounts to)
  pgo0     DOTNET_TieredPGO=0: tiered compilation without dynamic PGO
Prints CSV lines contender,net,metric,value:
  NetGen,M,warmup_{first,first100,rest100,steady}_SETTING  ns per sample of benchmarks/Warmup (its Program.cs says which
                                                           calls each one times); NetGen,M,warmup_calls100_SETTING a count
  NetGen,Digits,digits_train_SETTING                       samples/Digits' own training time (its training_ms), in ns

Usage: warmup.py WARMUP_DLL DIGITS_DLL"""
import os
import statistics
import subprocess
import sys
import tempfile

warmup_dll, digits_dll = sys.argv[1:3]
processes = 2 if os.environ.get("NETGEN_BENCH_QUICK", "0") not in ("", "0") else 5
SETTINGS = {
    "default": {"DOTNET_TieredCompilation": "1", "DOTNET_TieredPGO": "1"},
    "tc0": {"DOTNET_TieredCompilation": "0"},
    "pgo0": {"DOTNET_TieredCompilation": "1", "DOTNET_TieredPGO": "0"},
}
# Nothing inherited may change the JIT behind a setting's back.
base = {k: v for k, v in os.environ.items()
        if not any(k.upper().startswith(p) for p in ("DOTNET_TIERED", "DOTNET_TC_", "DOTNET_READYTORUN", "DOTNET_OSR",
                                                        "COMPLUS_TIERED", "COMPLUS_TC_", "COMPLUS_READYTORUN"))}
chart = os.path.join(tempfile.mkdtemp(), "digits-loss.svg")


def median_of(command, env, parse):
    values = [parse(subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout)
              for _ in range(processes)]
    # A NaN (no second call within the first 100 ms) is left out of its median; a column of NaNs stays NaN.
    return [statistics.median([v for v in column if v == v] or [float("nan")]) for column in zip(*values)]


def digits_ms(stdout):
    line = next(line for line in stdout.splitlines() if line.startswith("training_ms="))
    return [float(line.split()[0].split("=")[1])]


for setting, variables in SETTINGS.items():
    env = {**base, **variables}
    first, first100, calls, rest100, steady = median_of(["dotnet", warmup_dll], env, lambda out: [float(v) for v in out.split()])
    for metric, value in (("first", first), ("first100", first100), ("calls100", calls), ("rest100", rest100), ("steady", steady)):
        print(f"NetGen,M,warmup_{metric}_{setting},{value:.1f}")
    (digits,) = median_of(["dotnet", digits_dll, "--chart", chart], env, digits_ms)
    print(f"NetGen,Digits,digits_train_{setting},{digits * 1e6:.0f}")
