using System;
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
    /// <see cref="Load{T}"/> checks every field before it writes a single parameter, so a file for another architecture
    /// or precision, a truncated or a corrupted file throws <see cref="InvalidDataException"/> and leaves the network as it was.
    /// </summary>
    public static class WeightFile
    {
        /// <summary>The current format version.</summary>
        public const ushort FormatVersion = 1;

        private static readonly byte[] Magic = { (byte)'N', (byte)'G', (byte)'W', (byte)'T' };

        /// <summary>Writes the network's parameters to <paramref name="stream"/>.</summary>
        public static void Save<T>(INetwork<T> network, Stream stream) where T : unmanaged
        {
            if (network is null) throw new ArgumentNullException(nameof(network));
            if (stream is null) throw new ArgumentNullException(nameof(stream));

            byte[] architecture = Encoding.UTF8.GetBytes(network.Architecture);
            if (architecture.Length > ushort.MaxValue) throw new InvalidOperationException("The architecture description is too long for the format.");
            var body = new MemoryStream();
            body.Write(Magic, 0, Magic.Length);
            WriteUInt16(body, FormatVersion);
            body.WriteByte((byte)ScalarSize<T>());
            WriteUInt16(body, (ushort)architecture.Length);
            body.Write(architecture, 0, architecture.Length);
            WriteInt32(body, network.ParameterCount);
            byte[] parameters = MemoryMarshal.AsBytes(network.Parameters).ToArray();
            if (!BitConverter.IsLittleEndian) ReverseEach(parameters, ScalarSize<T>());
            body.Write(parameters, 0, parameters.Length);
            WriteUInt32(body, Crc32.Compute(body.GetBuffer(), 0, (int)body.Length));
            body.Position = 0;
            body.CopyTo(stream);
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
            if (version != FormatVersion) throw Invalid($"it has format version {version}; this NetGen reads version {FormatVersion}");
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
            int checkedLength = reader.Position;
            uint checksum = reader.UInt32("the checksum");
            if (reader.Position != file.Length) throw Invalid($"it has {file.Length - reader.Position} unexpected bytes after the checksum");
            if (checksum != Crc32.Compute(file, 0, checkedLength)) throw Invalid("its checksum does not match its contents (the file is corrupted)");

            // Everything checked: only now touch the network.
            byte[] values = parameters.ToArray();
            if (!BitConverter.IsLittleEndian) ReverseEach(values, scalarSize);
            MemoryMarshal.Cast<byte, T>(values).CopyTo(network.Parameters);
        }

        private static int ScalarSize<T>() where T : unmanaged => Marshal.SizeOf<T>();

        private static string PrecisionName(int scalarSize) => scalarSize switch { 4 => "float", 8 => "double", _ => $"{scalarSize}-byte" };

        /// <summary>The largest file this network could accept, so that a huge or endless stream is not read to its end.</summary>
        private static int MaximumLength<T>(INetwork<T> network) where T : unmanaged =>
            4 + 2 + 1 + 2 + ushort.MaxValue + 4 + network.ParameterCount * ScalarSize<T>() + 4;

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

        private static void ReverseEach(byte[] values, int size)
        {
            for (int i = 0; i < values.Length; i += size) Array.Reverse(values, i, size);
        }

        private static void WriteUInt16(Stream stream, ushort value) { stream.WriteByte((byte)value); stream.WriteByte((byte)(value >> 8)); }

        private static void WriteInt32(Stream stream, int value) => WriteUInt32(stream, unchecked((uint)value));

        private static void WriteUInt32(Stream stream, uint value)
        {
            for (int shift = 0; shift < 32; shift += 8) stream.WriteByte((byte)(value >> shift));
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

            public ushort UInt16(string field)
            {
                var bytes = Take(2, field);
                return (ushort)(bytes[0] | bytes[1] << 8);
            }

            public uint UInt32(string field)
            {
                var bytes = Take(4, field);
                return (uint)(bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24);
            }

            public int Int32(string field) => unchecked((int)UInt32(field));
        }
    }

    /// <summary>CRC-32 (IEEE 802.3, the zip/PNG polynomial), enough to notice a corrupted weight file.</summary>
    internal static class Crc32
    {
        private static readonly uint[] Table = CreateTable();

        public static uint Compute(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFFu;
            for (int i = offset; i < offset + count; i++) crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            return ~crc;
        }

        private static uint[] CreateTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }
    }
}
