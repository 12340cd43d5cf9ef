"""ONNX's test-data files (test_data_set_N/input_0.pb, output_0.pb) written without the onnx package."""


def tensor_proto(t):
    """A float TensorProto (dims, data_type FLOAT, raw_data), as ONNX's test_data_set_N/*.pb files hold them."""
    def varint(n):
        out = bytearray()
        while True:
            b = n & 0x7F
            n >>= 7
            out.append(b | (0x80 if n else 0))
            if not n:
                return bytes(out)
    body = b"".join(b"\x08" + varint(d) for d in t.shape) + b"\x10\x01"
    raw = t.detach().numpy().astype("<f4").tobytes()
    return body + b"\x4a" + varint(len(raw)) + raw
