"""Checks ONNX files with onnx.checker (full check, with shape inference): the files OnnxModel.Save writes must be valid
ONNX, not merely files ONNX Runtime happens to run. NetGen.Onnx.Tests runs it on every export.

    python3 tools/check_onnx.py model.onnx [more.onnx ...]

Prints one line per file and exits 0 when every file passes, 1 when one fails, and 77 (the conventional "skipped")
when the onnx package is not installed (Debian: apt-get install python3-onnx)."""
import sys

try:
    import onnx
except ImportError:
    print("skipped: the onnx package is not installed (apt-get install python3-onnx)")
    sys.exit(77)

failed = False
for path in sys.argv[1:]:
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
        print(f"ok: {path}")
    except Exception as error:  # the checker raises ValidationError, shape inference InferenceError
        print(f"invalid: {path}: {error}")
        failed = True
sys.exit(1 if failed else 0)
