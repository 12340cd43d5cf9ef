#!/usr/bin/env python3
"""Lay out the NetGen package for Unity's Package Manager from the .nupkg that `dotnet pack` made.

Writes <out>/com.netgen.netgen/ with package.json, Runtime/NetGen.dll (the netstandard2.0 runtime, every platform) and
Analyzers/NetGen.Generators.dll (the generator: no platform, asset label RoslynAnalyzer, so Unity hands it to the
compiler), each with its .meta file; the code fixes stay out (Unity's compiler does not load the Workspaces they need).
GUIDs are derived from the paths, so the same package gives the same files. Add the folder in Unity with
"Add package from disk" (its package.json). See docs/unity.md.
Usage: python3 tools/make_upm_package.py feed/NetGen.<version>.nupkg <out-directory>
"""
import hashlib
import json
import os
import sys
import zipfile

NAME = "com.netgen.netgen"
# (file in the .nupkg, where it goes, whether it is an analyzer)
ASSEMBLIES = (
    ("lib/netstandard2.0/NetGen.dll", "Runtime/NetGen.dll", False),
    ("analyzers/dotnet/cs/NetGen.Generators.dll", "Analyzers/NetGen.Generators.dll", True),
)


def guid(path):
    return hashlib.md5(f"{NAME}/{path}".encode()).hexdigest()


def plugin_meta(path, analyzer):
    labels = "labels:\n- RoslynAnalyzer\n" if analyzer else ""
    enabled = 0 if analyzer else 1
    return (f"fileFormatVersion: 2\nguid: {guid(path)}\n{labels}PluginImporter:\n  externalObjects: {{}}\n  serializedVersion: 2\n"
            "  iconMap: {}\n  executionOrder: {}\n  defineConstraints: []\n  isPreloaded: 0\n  isOverridable: 0\n"
            "  isExplicitlyReferenced: 0\n  validateReferences: 1\n  platformData:\n  - first:\n      Any: \n    second:\n"
            f"      enabled: {enabled}\n      settings: {{}}\n  - first:\n      Editor: Editor\n    second:\n      enabled: {enabled}\n"
            "      settings:\n        DefaultValueInitialized: true\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n")


def folder_meta(path):
    return f"fileFormatVersion: 2\nguid: {guid(path)}\nfolderAsset: yes\nDefaultImporter:\n  externalObjects: {{}}\n  userData: \n"


def text_meta(path):
    return f"fileFormatVersion: 2\nguid: {guid(path)}\nTextScriptImporter:\n  externalObjects: {{}}\n  userData: \n"


def make(nupkg, out):
    version = os.path.basename(nupkg)[len("NetGen."):-len(".nupkg")]
    root = os.path.join(out, NAME)
    with zipfile.ZipFile(nupkg) as package:
        for source, target, analyzer in ASSEMBLIES:
            os.makedirs(os.path.join(root, os.path.dirname(target)), exist_ok=True)
            with open(os.path.join(root, target), "wb") as file:
                file.write(package.read(source))
            with open(os.path.join(root, target + ".meta"), "w") as file:
                file.write(plugin_meta(target, analyzer))
    for folder in sorted({os.path.dirname(target) for _, target, _ in ASSEMBLIES}):
        with open(os.path.join(root, folder + ".meta"), "w") as file:
            file.write(folder_meta(folder))
    manifest = {"name": NAME, "version": version, "displayName": "NetGen", "unity": "6000.0",
                "description": "Small neural networks declared in C# attributes, compiled by a Roslyn source generator."}
    with open(os.path.join(root, "package.json"), "w") as file:
        json.dump(manifest, file, indent=2)
    with open(os.path.join(root, "package.json.meta"), "w") as file:
        file.write(text_meta("package.json"))
    return root


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(make(sys.argv[1], sys.argv[2]))
