using System;

namespace NetGen.Generators.Onnx
{
    /// <summary>
    /// The protobuf wire format (https://protobuf.dev/programming-guides/encoding/), read from a byte range: varints,
    /// fixed 32/64-bit values and length-delimited fields, nothing more. Every read checks its bounds and throws
    /// <see cref="MalformedModelException"/> on any inconsistency; <see cref="OnnxFile"/> turns that into a diagnostic.
    /// A struct that advances through its range: a nested message is a new reader over the field's bytes.
    /// </summary>
    internal struct ProtobufReader
    {
        private readonly byte[] _bytes;
        private readonly int _end;
        private int _position;

        public ProtobufReader(byte[] bytes) : this(bytes, 0, bytes.Length)
        {
        }

        private ProtobufReader(byte[] bytes, int start, int end)
        {
            _bytes = bytes;
            _position = start;
            _end = end;
        }

        /// <summary>Wire types a field's tag announces (groups, 3 and 4, are obsolete and malformed here).</summary>
        public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

        public bool AtEnd => _position >= _end;

        /// <summary>The next field's number and wire type.</summary>
        public (int Field, int WireType) ReadTag()
        {
            ulong tag = ReadVarint();
            ulong field = tag >> 3;
            if (field == 0 || field > int.MaxValue) throw new MalformedModelException($"field number {field} at byte {_position}");
            return ((int)field, (int)(tag & 7));
        }

        public ulong ReadVarint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _end) throw new MalformedModelException("a number cut off at the end of its message");
                byte b = _bytes[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw new MalformedModelException($"a number longer than 10 bytes at byte {_position}");
        }

        public long ReadInt64() => unchecked((long)ReadVarint());

        /// <summary>An int32 or enum field: protobuf writes negative ones as 10-byte varints; anything out of int's range is malformed.</summary>
        public int ReadInt32()
        {
            long value = ReadInt64();
            if (value < int.MinValue || value > int.MaxValue) throw new MalformedModelException($"{value} in a 32-bit field");
            return (int)value;
        }

        public float ReadFloat() => new FloatBits { Bits = unchecked((uint)ReadLittleEndian(4)) }.Value;

        public double ReadDouble() => BitConverter.Int64BitsToDouble(unchecked((long)ReadLittleEndian(8)));

        /// <summary>A length-delimited field's bytes as a reader of their own.</summary>
        public ProtobufReader ReadMessage()
        {
            int length = ReadLength();
            var message = new ProtobufReader(_bytes, _position, _position + length);
            _position += length;
            return message;
        }

        /// <summary>A length-delimited field's bytes, copied.</summary>
        public byte[] ReadBytes()
        {
            int length = ReadLength();
            var copy = new byte[length];
            Array.Copy(_bytes, _position, copy, 0, length);
            _position += length;
            return copy;
        }

        /// <summary>A string field: UTF-8, invalid sequences replaced (names are only ever compared and shown).</summary>
        public string ReadString()
        {
            int length = ReadLength();
            string text = System.Text.Encoding.UTF8.GetString(_bytes, _position, length);
            _position += length;
            return text;
        }

        /// <summary>Skips a field this reader does not need.</summary>
        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case Varint: ReadVarint(); break;
                case Fixed64: Advance(8); break;
                case LengthDelimited: Advance(ReadLength()); break;
                case Fixed32: Advance(4); break;
                default: throw new MalformedModelException($"wire type {wireType} at byte {_position}");
            }
        }

        /// <summary>
        /// One value or a packed run of a repeated int64 field: protobuf allows both encodings for the same field, so a
        /// reader must accept either.
        /// </summary>
        public void ReadInt64s(int wireType, System.Collections.Generic.List<long> values)
        {
            if (wireType != LengthDelimited) { Expect(wireType, Varint); values.Add(ReadInt64()); return; }
            var packed = ReadMessage();
            while (!packed.AtEnd) values.Add(packed.ReadInt64());
        }

        /// <summary>One value or a packed run of a repeated float field, widened to double (exactly).</summary>
        public void ReadFloats(int wireType, System.Collections.Generic.List<double> values)
        {
            if (wireType != LengthDelimited) { Expect(wireType, Fixed32); values.Add(ReadFloat()); return; }
            var packed = ReadMessage();
            while (!packed.AtEnd) values.Add(packed.ReadFloat());
        }

        /// <summary>One value or a packed run of a repeated double field.</summary>
        public void ReadDoubles(int wireType, System.Collections.Generic.List<double> values)
        {
            if (wireType != LengthDelimited) { Expect(wireType, Fixed64); values.Add(ReadDouble()); return; }
            var packed = ReadMessage();
            while (!packed.AtEnd) values.Add(packed.ReadDouble());
        }

        /// <summary>A field of the wire type its declaration implies; any other is malformed.</summary>
        public void Expect(int wireType, int expected)
        {
            if (wireType != expected) throw new MalformedModelException($"wire type {wireType} where {expected} belongs, before byte {_position}");
        }

        private int ReadLength()
        {
            ulong length = ReadVarint();
            if (length > (ulong)(_end - _position)) throw new MalformedModelException($"a field of {length} bytes where {_end - _position} remain");
            return (int)length;
        }

        private ulong ReadLittleEndian(int size)
        {
            if (_end - _position < size) throw new MalformedModelException("a fixed-size number cut off at the end of its message");
            ulong value = 0;
            for (int i = size - 1; i >= 0; i--) value = (value << 8) | _bytes[_position + i];
            _position += size;
            return value;
        }

        private void Advance(int count)
        {
            if (_end - _position < count) throw new MalformedModelException("a field cut off at the end of its message");
            _position += count;
        }
    }

    /// <summary>A float's bits (BitConverter.Int32BitsToSingle is not in netstandard2.0).</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]
    internal struct FloatBits
    {
        [System.Runtime.InteropServices.FieldOffset(0)] public uint Bits;
        [System.Runtime.InteropServices.FieldOffset(0)] public float Value;
    }

    /// <summary>A model file that breaks the wire format or ONNX's schema; never escapes <see cref="OnnxFile"/>.</summary>
    internal sealed class MalformedModelException : Exception
    {
        public MalformedModelException(string message) : base(message)
        {
        }
    }
}
