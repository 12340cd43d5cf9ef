#!/usr/bin/env bash
# One time step of GRU(8) -> Dense(1) and LSTM(40) -> Dense(1) (the shapes of two shipped amp models) in NetGen, ONNX
# Runtime and PyTorch eager, side by side in one run, one thread each: prints a table of ns per step and the ratios.
# Installs Debian's python3-torch and python3-onnx when missing; NuGet restores ONNX Runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
/usr/bin/python3 -c "import torch" 2>/dev/null || missing+=(python3-torch)
/usr/bin/python3 -c "import onnx" 2>/dev/null || missing+=(python3-onnx)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
dotnet run -c Release --project benchmarks/Recurrent
