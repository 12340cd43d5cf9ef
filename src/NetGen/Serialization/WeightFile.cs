using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace NetGen
{
    /// <summary>
    /// NetGen's binary weight file. Little-endian:
    /// <code>
    /// "NGWT" | format version u16 | scalar size u8 (4 float, 8 double) | architecture: u16 byte count + UTF-8
    /// | parameter count i32 | parameters | CRC-32 of everything before it, u32
    /// </code>
    /// Version 2, for networks with buffers (BatchNorm's running statistics), has <c>buffer count i32 | buffers</c> after the
    /// parameters; a network without buffers writes version 1, byte for byte as before.
    /// <see cref="Load{T}"/> checks every field before it writes a single parameter, so a file for another architecture
    /// or precision, a truncated or a corrupted file throws <see cref="InvalidDataException"/> and leaves the network as it was.
    /// </summary>
    public static class WeightFile
    {
        /// <summary>The format version of networks without buffers.</summary>
        public const ushort FormatVersion = 1;

        /// <summary>The format version of networks with buffers: a buffer section follows the parameters.</summary>
        public const ushort FormatVersionWithBuffers = 2;

        private static readonly byte[] Magic = { (byte)'N', (byte)'G', (byte)'W', (byte)'T' };

        /// <summary>Writes the network's parameters to <paramref name="stream"/>.</summary>
        public static void Save<T>(INetwork<T> network, Stream stream) where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            if (stream is null) throw new ArgumentNullException(nameof(stream));

            byte[] architecture = Encoding.UTF8.GetBytes(network.Architecture);
            if (architecture.Length > ushort.MaxValue) throw new InvalidOperationException("The architecture description is too long for the format.");
            int scalarSize = ScalarSize<T>(), bufferCount = network.Buffers.Length;
            var file = new byte[FileLength(architecture.Length, network.ParameterCount, bufferCount, scalarSize)];
            var writer = new Writer(file);
            writer.Bytes(Magic);
            writer.UInt16(bufferCount == 0 ? FormatVersion : FormatVersionWithBuffers);
            writer.Byte((byte)scalarSize);
            writer.UInt16((ushort)architecture.Length);
            writer.Bytes(architecture);
            writer.Int32(network.ParameterCount);
            var parameters = writer.Take(network.ParameterCount * scalarSize);
            MemoryMarshal.AsBytes(network.Parameters).CopyTo(parameters);
            if (!BitConverter.IsLittleEndian) ReverseEach(parameters, scalarSize);
            if (bufferCount > 0)
            {
                writer.Int32(bufferCount);
                var buffers = writer.Take(bufferCount * scalarSize);
                MemoryMarshal.AsBytes(network.Buffers).CopyTo(buffers);
                if (!BitConverter.IsLittleEndian) ReverseEach(buffers, scalarSize);
            }
            writer.UInt32(Crc32.Compute(file, 0, writer.Position));
            stream.Write(file, 0, file.Length);
        }

        /// <summary>
        /// Reads parameters saved by <see cref="Save{T}"/> into the network, after checking that the file is intact and
        /// was written by a network of the same architecture and precision.
        /// </summary>
        /// <exception cref="InvalidDataException">The file is not a NetGen weight file for this network; the message says what differs.</exception>
        public static void Load<T>(INetwork<T> network, Stream stream) where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            if (stream is null) throw new ArgumentNullException(nameof(stream));

            byte[] file = ReadAll(stream, MaximumLength(network));
            var reader = new Reader(file);
            if (!reader.Take(Magic.Length).SequenceEqual(Magic)) throw Invalid("it does not start with the NetGen weight-file signature \"NGWT\"");
            ushort version = reader.UInt16("the format version");
            int bufferCount = network.Buffers.Length;
            ushort expected = bufferCount == 0 ? FormatVersion : FormatVersionWithBuffers;
            if (version != expected)
                throw Invalid(version is FormatVersion or FormatVersionWithBuffers
                    ? $"it has format version {version}, which is for networks {(version == FormatVersion ? "without" : "with")} buffers (running statistics); this network {(bufferCount == 0 ? "has none" : $"has {bufferCount}")}"
                    : $"it has format version {version}; this NetGen reads versions {FormatVersion} and {FormatVersionWithBuffers}");
            int scalarSize = reader.Byte("the precision");
            if (scalarSize != ScalarSize<T>())
                throw Invalid($"it holds {PrecisionName(scalarSize)} parameters; this network computes in {PrecisionName(ScalarSize<T>())}");
            int architectureLength = reader.UInt16("the architecture");
            string architecture = Encoding.UTF8.GetString(reader.Take(architectureLength, "the architecture").ToArray());
            if (architecture != network.Architecture)
                throw Invalid($"it was saved from the architecture \"{architecture}\"; this network is \"{network.Architecture}\"");
            int count = reader.Int32("the parameter count");
            if (count != network.ParameterCount) throw Invalid($"it holds {count} parameters; this network has {network.ParameterCount}");
            var parameters = reader.Take(count * scalarSize, "the parameters");
            var buffers = ReadOnlySpan<byte>.Empty;
            if (bufferCount > 0)
            {
                int buffersInFile = reader.Int32("the buffer count");
                if (buffersInFile != bufferCount) throw Invalid($"it holds {buffersInFile} buffer values; this network has {bufferCount}");
                buffers = reader.Take(bufferCount * scalarSize, "the buffers");
            }
            int checkedLength = reader.Position;
            uint checksum = reader.UInt32("the checksum");
            if (reader.Position != file.Length) throw Invalid($"it has {file.Length - reader.Position} unexpected bytes after the checksum");
            if (checksum != Crc32.Compute(file, 0, checkedLength)) throw Invalid("its checksum does not match its contents (the file is corrupted)");

            // Everything checked: only now touch the network.
            var values = MemoryMarshal.AsBytes(network.Parameters);
            parameters.CopyTo(values);
            if (!BitConverter.IsLittleEndian) ReverseEach(values, scalarSize);
            var bufferValues = MemoryMarshal.AsBytes(network.Buffers);
            buffers.CopyTo(bufferValues);
            if (!BitConverter.IsLittleEndian) ReverseEach(bufferValues, scalarSize);
        }

        private static int ScalarSize<T>() where T : unmanaged => Marshal.SizeOf<T>();

        private static string PrecisionName(int scalarSize) => scalarSize switch { 4 => "float", 8 => "double", _ => $"{scalarSize}-byte" };

        /// <summary>The length of a file: signature, version, scalar size, architecture, count, parameters, buffers (if any), checksum.</summary>
        private static int FileLength(int architectureLength, int parameterCount, int bufferCount, int scalarSize) =>
            4 + 2 + 1 + 2 + architectureLength + 4 + parameterCount * scalarSize + (bufferCount == 0 ? 0 : 4 + bufferCount * scalarSize) + 4;

        /// <summary>The largest file this network could accept, so that a huge or endless stream is not read to its end.</summary>
        private static int MaximumLength<T>(INetwork<T> network) where T : unmanaged =>
            FileLength(ushort.MaxValue, network.ParameterCount, network.Buffers.Length, ScalarSize<T>());

        private static byte[] ReadAll(Stream stream, int limit)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit) throw Invalid($"it is longer than any weight file of this network ({limit} bytes)");
            }
            return buffer.ToArray();
        }

        private static InvalidDataException Invalid(string reason) => new($"Not a weight file for this network: {reason}. The network's parameters were not changed.");

        /// <summary>Swaps the bytes of each scalar: the file is little-endian, and so are the parameters only on a little-endian machine.</summary>
        private static void ReverseEach(Span<byte> values, int scalarSize)
        {
            if (scalarSize == sizeof(uint))
            {
                var scalars = MemoryMarshal.Cast<byte, uint>(values);
                for (int i = 0; i < scalars.Length; i++) scalars[i] = BinaryPrimitives.ReverseEndianness(scalars[i]);
            }
            else
            {
                var scalars = MemoryMarshal.Cast<byte, ulong>(values);
                for (int i = 0; i < scalars.Length; i++) scalars[i] = BinaryPrimitives.ReverseEndianness(scalars[i]);
            }
        }

        /// <summary>Writes little-endian fields into a file of known length.</summary>
        private ref struct Writer
        {
            private readonly Span<byte> _data;

            public Writer(Span<byte> data)
            {
                _data = data;
                Position = 0;
            }

            public int Position { get; private set; }

            public Span<byte> Take(int count)
            {
                var result = _data.Slice(Position, count);
                Position += count;
                return result;
            }

            public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Take(value.Length));

            public void Byte(byte value) => Take(1)[0] = value;

            public void UInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), value);

            public void Int32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);

            public void UInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);
        }

        /// <summary>Reads little-endian fields and says which field a truncated file ended in.</summary>
        private ref struct Reader
        {
            private readonly ReadOnlySpan<byte> _data;

            public Reader(ReadOnlySpan<byte> data)
            {
                _data = data;
                Position = 0;
            }

            public int Position { get; private set; }

            public ReadOnlySpan<byte> Take(int count, string field = "the signature")
            {
                if (count < 0 || Position + count > _data.Length) throw Invalid($"it ends inside {field} (truncated after {_data.Length} bytes)");
                var result = _data.Slice(Position, count);
                Position += count;
                return result;
            }

            public byte Byte(string field) => Take(1, field)[0];

            public ushort UInt16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));

            public uint UInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

            public int Int32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));
        }
    }
}
