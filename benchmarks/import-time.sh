#!/usr/bin/env bash
# What importing an ONNX model adds to a build: the NetGen generator's own time (the compiler's -p:ReportAnalyzer
# report) for a 101,770-parameter MLP imported with Model = (with its reference check) against the same layers
# declared as attributes, in the first build after the compiler server starts and in rebuilds after an edit (where the
# import is cached by content). Needs python3-torch (to export the model). Prints a Markdown table.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/model"
/usr/bin/python3 "$repo/benchmarks/import_time.py" "$work/model" >/dev/null 2>&1

project() { # name, class declaration
    mkdir -p "$work/$1"
    cp -r "$work/model" "$work/$1/model"
    cat > "$work/$1/$1.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/NetGen/NetGen.csproj" />
    <ProjectReference Include="$repo/src/NetGen.Generators/NetGen.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
    <AdditionalFiles Include="model/mlp.onnx;model/test_data_set_*/*.pb" />
  </ItemGroup>
  <Import Project="$repo/src/NetGen/build/NetGen.targets" />
</Project>
XML
    printf 'using NetGen;\nSystem.Console.WriteLine(new Mlp().Architecture);\n%s\npublic partial class Mlp { }\n' "$2" > "$work/$1/Program.cs"
}
project Imported '[Network(Loss.CrossEntropyFromLogits, Model = "model/mlp.onnx")]'
project Declared '[Network(Loss.CrossEntropyFromLogits)] [Input(784)] [Dense(128, Activation.ReLU)] [Dense(10)]'

build_seconds() { # project: one build after an edit; prints "generator-seconds build-seconds"
    touch "$work/$1/Program.cs"
    local start end generator
    start=$(date +%s.%N)
    generator="$(dotnet build "$work/$1" -p:ReportAnalyzer=true -v:d 2>&1 | awk '/NetGen.Generators.NetworkGenerator$/ { print $1 }' | tail -1)"
    end=$(date +%s.%N)
    echo "$generator $(echo "$end - $start" | bc)"
}

dotnet build "$work/Imported" >/dev/null && dotnet build "$work/Declared" >/dev/null   # NetGen itself, restore
echo "| | generator, first build of a compiler server | generator, rebuild after an edit | whole \`dotnet build\`, first | whole \`dotnet build\`, rebuild |"
echo "|---|---|---|---|---|"
for name in Imported Declared; do
    dotnet build-server shutdown >/dev/null 2>&1
    read -r first_generator first_build < <(build_seconds $name)
    # the median of three rebuilds, by build time
    read -r generator build < <(for i in 1 2 3; do build_seconds $name; done | sort -k2 -n | sed -n 2p)
    printf '| %s | %.2f s | %.2f s | %.1f s | %.1f s |\n' "$name" "$first_generator" "$generator" "$first_build" "$build"
done
echo
echo "Load average before the run ended: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; .NET SDK $(dotnet --version)."
