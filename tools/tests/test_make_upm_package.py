"""The Unity Package Manager layout made from a .nupkg. Run: python3 -m unittest discover -s tools/tests"""
import json
import os
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import make_upm_package  # noqa: E402


class UpmLayoutTests(unittest.TestCase):
    def test_layout_labels_and_manifest(self):
        with tempfile.TemporaryDirectory() as folder:
            nupkg = os.path.join(folder, "NetGen.0.2.0-alpha.0.91.nupkg")
            with zipfile.ZipFile(nupkg, "w") as package:
                for name in ("lib/netstandard2.0/NetGen.dll", "lib/net8.0/NetGen.dll", "analyzers/dotnet/cs/NetGen.Generators.dll",
                             "analyzers/dotnet/cs/NetGen.CodeFixes.dll"):
                    package.writestr(name, name)
            root = make_upm_package.make(nupkg, os.path.join(folder, "upm"))

            files = sorted(os.path.relpath(os.path.join(d, f), root) for d, _, names in os.walk(root) for f in names)
            self.assertEqual(["Analyzers.meta", "Analyzers/NetGen.Generators.dll", "Analyzers/NetGen.Generators.dll.meta",
                              "Runtime.meta", "Runtime/NetGen.dll", "Runtime/NetGen.dll.meta", "package.json", "package.json.meta"], files)
            with open(os.path.join(root, "Runtime", "NetGen.dll"), "rb") as file:
                self.assertEqual(b"lib/netstandard2.0/NetGen.dll", file.read())
            with open(os.path.join(root, "package.json")) as file:
                manifest = json.load(file)
            self.assertEqual(("com.netgen.netgen", "0.2.0-alpha.0.91"), (manifest["name"], manifest["version"]))

            with open(os.path.join(root, "Analyzers", "NetGen.Generators.dll.meta")) as file:
                analyzer = file.read()
            with open(os.path.join(root, "Runtime", "NetGen.dll.meta")) as file:
                runtime = file.read()
            self.assertIn("labels:\n- RoslynAnalyzer\n", analyzer)
            self.assertIn("      enabled: 0\n", analyzer)          # no platform: the generator must not ship in a player
            self.assertNotIn("RoslynAnalyzer", runtime)
            self.assertNotIn("enabled: 0", runtime)
            guids = [line for text in (analyzer, runtime) for line in text.splitlines() if line.startswith("guid: ")]
            self.assertEqual(2, len(set(guids)))


if __name__ == "__main__":
    unittest.main()
