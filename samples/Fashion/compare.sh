#!/usr/bin/env bash
# Trains FashionNet in NetGen and the same network in PyTorch (each at one thread and at all cores) on the same Fashion-MNIST
# files, in one run, and prints seconds per epoch, test accuracy and the ratios.
# Needs Debian's python3-torch and dataset-fashion-mnist. Arguments go to both: --data <dir>, --epochs N,
# --train-limit N, --test-limit N (e.g. `compare.sh --epochs 1 --train-limit 10000` for a quick look), and --tutorial
# (TutorialNet, PyTorch's MNIST example with Adadelta, on both sides) or --sequence (SequenceNet, its sequence-MNIST
# example: an LSTM reading the rows). With --tutorial both start from the same weights, PyTorch's default initialisation
# (the tutorial's recipe; NetGen's own default is He/Xavier): the PyTorch run at one thread writes them and the NetGen
# runs read them (--save-start, --start-from), so only the sample order and the dropout masks differ.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build -c Release -v quiet -nologo >/dev/null
cores="$(nproc)"
# Each run's progress goes to stderr (through cat, so that a redirected stderr is appended to, not reopened and cut);
# its last line (seconds_per_epoch=... test_accuracy=...) is kept.
start=() save_start=()
if [[ " $* " == *" --tutorial "* ]]; then
    mkdir -p output
    save_start=(--save-start output/tutorial-start.json) start=(--start-from output/tutorial-start.json)
fi
torch_one="$(/usr/bin/python3 compare_torch.py --threads 1 "${save_start[@]}" "$@" | tee >(cat >&2) | tail -1)"
netgen="$(dotnet bin/Release/net10.0/Fashion.dll --out output "${start[@]}" "$@" | tee >(cat >&2) | tail -1)"
netgen_all="$(dotnet bin/Release/net10.0/Fashion.dll --out output --threads "$cores" "${start[@]}" "$@" | tee >(cat >&2) | tail -1)"
torch_all="$(/usr/bin/python3 compare_torch.py --threads "$cores" "$@" | tee >(cat >&2) | tail -1)"
echo
awk -v netgen="$netgen" -v netgen_all="$netgen_all" -v one="$torch_one" -v all="$torch_all" -v cores="$cores" 'BEGIN {
    split(netgen, n, /[= ]/); split(netgen_all, m, /[= ]/); split(one, a, /[= ]/); split(all, b, /[= ]/);
    printf "| | seconds per epoch | test accuracy |\n|---|---|---|\n";
    printf "| NetGen, 1 thread | %.2f | %.2f %% |\n", n[2], 100 * n[4];
    printf "| NetGen, %d threads | %.2f | %.2f %% |\n", cores, m[2], 100 * m[4];
    printf "| PyTorch, 1 thread | %.2f | %.2f %% |\n", a[2], 100 * a[4];
    printf "| PyTorch, %d threads | %.2f | %.2f %% |\n", cores, b[2], 100 * b[4];
    printf "\nPyTorch time / NetGen time: %.2f× at 1 thread, %.2f× at %d threads\n", a[2] / n[2], b[2] / m[2], cores }'
