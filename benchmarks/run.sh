#!/usr/bin/env bash
# Runs every contender of issue 4 side by side, in one run, and writes docs/benchmarks.md.
# Installs what it needs: Debian's g++, libeigen3-dev, libfann-dev and python3-torch; NuGet restores BenchmarkDotNet.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v g++ >/dev/null || missing+=(g++)
[ -f /usr/include/eigen3/Eigen/Dense ] || missing+=(libeigen3-dev)
[ -f /usr/include/floatfann.h ] || missing+=(libfann-dev)
/usr/bin/python3 -c "import torch" 2>/dev/null || missing+=(python3-torch)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

out="$(mktemp -d)"
echo "C++ (Eigen fixed-size, FANN)..."
g++ -O3 -march=native -DNDEBUG -std=c++17 -w -I/usr/include/eigen3 benchmarks/native/bench.cpp -lfloatfann -o "$out/native"
"$out/native" > "$out/native.csv"
echo "PyTorch eager..."
/usr/bin/python3 benchmarks/torch_bench.py > "$out/torch.csv"
echo "NetGen (BenchmarkDotNet)..."
dotnet run -c Release --project benchmarks/NetGen.Benchmarks -- --filter '*ContenderBenchmarks*' --exporters fulljson --artifacts "$out/bdn" > "$out/bdn.log"
/usr/bin/python3 benchmarks/report.py "$out" "benchmarks/run.sh" > docs/benchmarks.md
echo "wrote docs/benchmarks.md"
