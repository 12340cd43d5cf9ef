#!/usr/bin/env bash
# Runs every contender of issues 4, 14 and 11 side by side, in one run, and writes docs/benchmarks.md.
# Installs what it needs: Debian's g++, Eigen, FANN, PyTorch and ONNX (python3-onnx checks the exported models), clang
# and zlib for Native AOT; NuGet restores BenchmarkDotNet and ONNX Runtime.
# NETGEN_BENCH_QUICK=1 benchmarks/run.sh is a smoke run: every contender runs briefly, so that everything builds, runs
# and renders; its figures are not measurements.
set -euo pipefail
cd "$(dirname "$0")/.."
export NETGEN_BENCH_QUICK="${NETGEN_BENCH_QUICK:-0}"
echo "all cores: $(nproc) threads"

missing=()
command -v g++ >/dev/null || missing+=(g++)
command -v clang >/dev/null || command -v clang-14 >/dev/null || missing+=(clang)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ -f /usr/include/eigen3/Eigen/Dense ] || missing+=(libeigen3-dev)
[ -f /usr/include/floatfann.h ] || missing+=(libfann-dev)
/usr/bin/python3 -c "import torch" 2>/dev/null || missing+=(python3-torch)
/usr/bin/python3 -c "import onnx" 2>/dev/null || missing+=(python3-onnx)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
linker=()
command -v clang >/dev/null || linker=(-p:CppCompilerAndLinker=clang-14)

out="$(mktemp -d)"
echo "C++ (Eigen fixed-size, FANN)..."
g++ -O3 -march=native -DNDEBUG -std=c++17 -w -I/usr/include/eigen3 benchmarks/native/bench.cpp -lfloatfann -o "$out/native"
"$out/native" > "$out/native.csv"

echo "C++ (Eigen batched, one thread and OpenMP)..."
g++ -O3 -march=native -DNDEBUG -std=c++17 -w -I/usr/include/eigen3 benchmarks/native/batch.cpp -o "$out/batch"
g++ -O3 -march=native -DNDEBUG -std=c++17 -w -fopenmp -DNETGEN_ALL_CORES -I/usr/include/eigen3 benchmarks/native/batch.cpp -o "$out/batch-all"
"$out/batch" check
{ "$out/batch"; "$out/batch-all"; } > "$out/native-batch.csv"

echo "PyTorch eager..."
/usr/bin/python3 benchmarks/torch_bench.py > "$out/torch.csv"
/usr/bin/python3 benchmarks/torch_bench.py batch > "$out/torch-batch.csv"
mkdir "$out/onnx"
/usr/bin/python3 benchmarks/torch_bench.py onnx "$out/onnx"
/usr/bin/python3 -c "import onnx, sys; [onnx.checker.check_model(f'$out/onnx/{n}.onnx') for n in 'S M L XL Fashion Separable Causal'.split()]"

echo "NetGen and ONNX Runtime (BenchmarkDotNet), generator time..."
dotnet build -c Release benchmarks/NetGen.Benchmarks -v q -nologo > "$out/build.log"
NETGEN_ONNX_DIR="$out/onnx" dotnet run -c Release --no-build --project benchmarks/NetGen.Benchmarks -- \
    --filter '*ContenderBenchmarks*' '*OnnxBenchmarks*' '*GeneratorBenchmarks*' '*.BatchBenchmarks*' '*OnnxBatchBenchmarks*' --exporters fulljson --artifacts "$out/bdn" > "$out/bdn.log"
dotnet benchmarks/NetGen.Benchmarks/bin/Release/net10.0/NetGen.Benchmarks.dll train-alloc > "$out/train-alloc.csv"

echo "Time to the first Forward..."
dotnet build -c Release benchmarks/FirstForward -v q -nologo -o "$out/jit" > "$out/first-build.log"
dotnet publish -c Release benchmarks/FirstForward -r linux-x64 -p:NetGenNativeAot=true "${linker[@]}" -v q -nologo -o "$out/aot" > "$out/first-publish.log"
ort_version="$(sed -n 's/.*Include="Microsoft.ML.OnnxRuntime" Version="\([^"]*\)".*/\1/p' benchmarks/NetGen.Benchmarks/NetGen.Benchmarks.csproj)"
torch_version="$(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
/usr/bin/python3 benchmarks/first_forward.py "$out/native" "$out/jit/FirstForward.dll" "$out/aot/FirstForward" \
    benchmarks/NetGen.Benchmarks/bin/Release/net10.0/NetGen.Benchmarks.dll "$out/onnx" "$torch_version" "$ort_version" > "$out/first.csv"

echo "Warm-up: net M's Train and the Digits sample in fresh processes..."
dotnet build -c Release benchmarks/Warmup -v q -nologo -o "$out/warmup" > "$out/warmup-build.log"
dotnet build -c Release samples/Digits -v q -nologo -o "$out/digits" > "$out/digits-build.log"
/usr/bin/python3 benchmarks/warmup.py "$out/warmup/Warmup.dll" "$out/digits/Digits.dll" > "$out/warmup.csv"

/usr/bin/python3 benchmarks/report.py "$out" "benchmarks/run.sh" "$ort_version" > "$out/benchmarks.md"
mv "$out/benchmarks.md" docs/benchmarks.md
echo "wrote docs/benchmarks.md"
