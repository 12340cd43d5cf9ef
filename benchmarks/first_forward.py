#!/usr/bin/env python3
"""Time to the first Forward in a fresh process, for benchmarks/run.sh: runs each contender's one-Forward program seven
times per net and prints CSV lines contender,net,metric,nanoseconds (medians):
  first_process  wall clock from starting the process to its exit, after it has created the net and printed one Forward;
  first_call     NetGen only: creating the network and its first Forward, timed inside the process (the JIT's share).

Usage: first_forward.py NATIVE_BENCH FIRST_FORWARD_DLL FIRST_FORWARD_AOT BENCHMARKS_DLL ONNX_DIR TORCH_VERSION ORT_VERSION"""
import statistics
import subprocess
import sys
import time

native, jit_dll, aot_exe, benchmarks_dll, onnx_dir, torch_version, ort_version = sys.argv[1:8]
here = sys.path[0]
contenders = {
    "NetGen": lambda net: ["dotnet", jit_dll, net],
    "NetGen (Native AOT)": lambda net: [aot_exe, net],
    "Eigen fixed-size": lambda net: [native, "first", "eigen", net],
    "FANN 2.2": lambda net: [native, "first", "fann", net],
    f"PyTorch {torch_version} eager": lambda net: ["/usr/bin/python3", f"{here}/torch_bench.py", "first", net],
    f"ONNX Runtime {ort_version}": lambda net: ["dotnet", benchmarks_dll, "first-onnx", onnx_dir, net],
}

for net in ["S", "M", "L", "XL"]:
    for contender, command in contenders.items():
        walls, calls = [], []
        for _ in range(7):
            start = time.perf_counter_ns()
            lines = subprocess.run(command(net), capture_output=True, text=True, check=True).stdout.split("\n")
            walls.append(time.perf_counter_ns() - start)
            if contender.startswith("NetGen"):
                created, forward = map(int, lines[1].split())
                calls.append(created + forward)
        print(f"{contender},{net},first_process,{statistics.median(walls)}")
        if calls:
            print(f"{contender},{net},first_call,{statistics.median(calls)}")
