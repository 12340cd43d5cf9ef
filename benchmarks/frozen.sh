#!/usr/bin/env bash
# Frozen (weights as constants in the code) against trainable networks: Forward of one sample, side by side in one
# BenchmarkDotNet run. Writes docs/benchmarks-frozen.md with the command, the machine and the results.
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts="$(mktemp -d)"
command="dotnet run -c Release --project benchmarks/NetGen.Benchmarks -- --filter '*FrozenBenchmarks*' --exporters github --artifacts $artifacts"
eval "$command"

report="$(ls "$artifacts"/results/*FrozenBenchmarks-report-github.md)"
{
    echo "# Frozen against trainable networks"
    echo
    echo "Forward of one sample (float), each frozen network against the trainable network with the same weights."
    echo "Ratios are per network (S, M: the nets of issue 4). Produced by \`benchmarks/frozen.sh\` on $(date -u +%Y-%m-%d):"
    echo
    echo "    $command"
    echo
    echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; .NET SDK $(dotnet --version)."
    echo
    sed -n '/^|/,$p' "$report"
} > docs/benchmarks-frozen.md
echo "wrote docs/benchmarks-frozen.md"
