using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NetGen.Onnx
{
    /// <summary>
    /// The protobuf wire format, as much as <see cref="OnnxModel"/> writes: varints, 32-bit floats, length-delimited bytes,
    /// strings and nested messages, and packed 64-bit integers. The runtime takes no protobuf dependency for the few ONNX
    /// messages it writes (the generator's <c>ProtobufReader</c> reads the same subset).
    /// </summary>
    internal sealed class ProtobufWriter
    {
        private const int Varint = 0, Fixed32 = 5, LengthDelimited = 2;

        private readonly MemoryStream _bytes = new();

        public ProtobufWriter Int64(int field, long value)
        {
            Tag(field, Varint);
            WriteVarint((ulong)value);
            return this;
        }

        public ProtobufWriter Float(int field, float value)
        {
            Tag(field, Fixed32);
            WriteLittleEndian(BitConverter.GetBytes(value));
            return this;
        }

        public ProtobufWriter Bytes(int field, byte[] value)
        {
            Tag(field, LengthDelimited);
            WriteVarint((ulong)value.Length);
            _bytes.Write(value, 0, value.Length);
            return this;
        }

        public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

        /// <summary>A repeated int64 field, packed (proto3's encoding of repeated scalars).</summary>
        public ProtobufWriter PackedInt64s(int field, IEnumerable<long> values)
        {
            var packed = new ProtobufWriter();
            foreach (long value in values) packed.WriteVarint((ulong)value);
            return Bytes(field, packed.ToArray());
        }

        public byte[] ToArray() => _bytes.ToArray();

        private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _bytes.WriteByte((byte)value);
        }

        private void WriteLittleEndian(byte[] value)
        {
            if (!BitConverter.IsLittleEndian) Array.Reverse(value);
            _bytes.Write(value, 0, value.Length);
        }
    }
}
