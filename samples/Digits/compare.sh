#!/usr/bin/env bash
# Trains DigitsNet and scikit-learn's MLPClassifier(64) on the same stratified 75/25 split, in one run, and prints both.
# Needs Debian's python3-sklearn (apt-get install -y python3-sklearn).
set -euo pipefail
cd "$(dirname "$0")"
split="$(mktemp --suffix .json)"
dotnet build -c Release -v quiet -nologo >/dev/null
netgen="$(dotnet bin/Release/net10.0/Digits.dll --export-split "$split" --chart digits-loss.svg | tail -1)"
sklearn="$(/usr/bin/python3 compare_sklearn.py "$split" | tail -1)"
echo "NetGen DigitsNet:          $netgen"
echo "scikit-learn MLPClassifier: $sklearn"
awk -v a="$netgen" -v b="$sklearn" 'BEGIN {
    split(a, x, /[= ]/); split(b, y, /[= ]/);
    printf "scikit-learn fit time / NetGen training time = %.1f×\n", y[2] / x[2] }'
