using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace NetGen.Tests
{
    public class WeightFileTests
    {
        [Fact]
        public void Save_then_Load_round_trips_bit_for_bit_in_float_and_double()
        {
            var xor = new XorNet(5);
            var xorCopy = new XorNet(6);
            xorCopy.Load(new MemoryStream(Saved(xor)));
            Assert.Equal(xor.Parameters.ToArray(), xorCopy.Parameters.ToArray());

            var sine = new SineNet(5);
            sine.Parameters[3] = double.Epsilon; // a subnormal survives too
            var sineCopy = new SineNet(6);
            sineCopy.Load(new MemoryStream(Saved(sine)));
            Assert.Equal(sine.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits), sineCopy.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));

            // Grouped, dilated and bias-less convolutions, padded and global pooling.
            var separable = new SeparableNet(5);
            var separableCopy = new SeparableNet(6);
            separableCopy.Load(new MemoryStream(Saved(separable)));
            Assert.Equal(separable.Parameters.ToArray(), separableCopy.Parameters.ToArray());
            var causal = new CausalNet(5);
            var causalCopy = new CausalNet(6);
            causalCopy.Load(new MemoryStream(Saved(causal)));
            Assert.Equal(causal.Parameters.ToArray(), causalCopy.Parameters.ToArray());
            var biasFree = new BiasFreeMlpNet(5);
            var biasFreeCopy = new BiasFreeMlpNet(6);
            biasFreeCopy.Load(new MemoryStream(Saved(biasFree)));
            Assert.Equal(biasFree.Parameters.ToArray(), biasFreeCopy.Parameters.ToArray());
        }

        [Fact]
        public void The_architecture_names_sizes_activations_loss_and_precision()
        {
            Assert.Equal("2 → Dense 4 Tanh → Dense 1 Sigmoid; BinaryCrossEntropy; float", new XorNet().Architecture);
            Assert.Equal("3 → Dense 4 ELU(α=0.5) → Dense 2 Linear(k=2); MeanSquaredError; double", new EveryEnumNet().Architecture);
        }

        [Fact]
        public void A_file_of_another_architecture_is_rejected_with_what_differs()
        {
            var error = AssertRejected(new XorNet(), Saved(new ThreeClassNet()));
            Assert.Contains("2 → Dense 16 ReLU → Dense 3 Softmax", error.Message);
            Assert.Contains("2 → Dense 4 Tanh → Dense 1 Sigmoid", error.Message);
        }

        [Fact]
        public void A_file_of_another_precision_is_rejected()
        {
            var error = AssertRejected(new XorNet(), Saved(new SineNet()));
            Assert.Contains("double parameters; this network computes in float", error.Message);
        }

        [Fact]
        public void Wrong_magic_version_count_checksum_and_trailing_bytes_are_rejected()
        {
            byte[] good = Saved(new XorNet(9));
            int architectureLength = good[7] | good[8] << 8;
            int countOffset = 9 + architectureLength;

            Assert.Contains("signature", AssertRejected(new XorNet(), Mutated(good, 0, b => (byte)'X')).Message);
            Assert.Contains("format version 2", AssertRejected(new XorNet(), Mutated(good, 4, b => 2)).Message);
            Assert.Contains("holds 18 parameters; this network has 17", AssertRejected(new XorNet(), Mutated(good, countOffset, b => 18)).Message);
            Assert.Contains("checksum", AssertRejected(new XorNet(), Mutated(good, countOffset + 4 + 5, b => (byte)(b ^ 0x10))).Message);
            Assert.Contains("checksum", AssertRejected(new XorNet(), Mutated(good, good.Length - 1, b => (byte)(b ^ 1))).Message);
            Assert.Contains("unexpected bytes", AssertRejected(new XorNet(), good.Concat(new byte[] { 0 }).ToArray()).Message);
        }

        [Fact]
        public void A_file_truncated_at_any_byte_is_rejected_and_changes_nothing()
        {
            byte[] good = Saved(new XorNet(9));
            for (int length = 0; length < good.Length; length++)
            {
                var error = AssertRejected(new XorNet(), good.Take(length).ToArray());
                Assert.Contains("Not a weight file for this network", error.Message);
            }
        }

        [Fact]
        public void Every_single_bit_flip_is_rejected()
        {
            byte[] good = Saved(new XorNet(9));
            for (int bit = 0; bit < good.Length * 8; bit++)
                AssertRejected(new XorNet(), Mutated(good, bit / 8, b => (byte)(b ^ (1 << (bit % 8)))));
        }

        [Fact]
        public void The_format_is_the_documented_little_endian_layout()
        {
            byte[] file = Saved(new XorNet(9));
            Assert.Equal("NGWT", Encoding.ASCII.GetString(file, 0, 4));
            Assert.Equal(1, file[4] | file[5] << 8);
            Assert.Equal(4, file[6]);
            int architectureLength = file[7] | file[8] << 8;
            Assert.Equal(new XorNet().Architecture, Encoding.UTF8.GetString(file, 9, architectureLength));
            Assert.Equal(17, BitConverter.ToInt32(file, 9 + architectureLength));
            Assert.Equal(9 + architectureLength + 4 + 17 * 4 + 4, file.Length);
        }

        [Fact]
        public void A_known_network_saves_to_exactly_these_bytes()
        {
            // Written from the format alone, outside .NET: Python's struct.pack("<HBH", 1, 4, 65), the UTF-8 architecture,
            // struct.pack("<i", 17), each parameter as struct.pack("<f", k / 4 − 1), then struct.pack("<I", zlib.crc32(...)).
            const string expected =
                "4e475754" + "0100" + "04" + "4100" +
                "3220e286922044656e736520342054616e6820e286922044656e73652031205369676d6f69643b2042696e61727943726f7373456e74726f70793b20666c6f6174" +
                "11000000" +
                "000080bf000040bf000000bf000080be000000000000803e0000003f0000403f0000803f0000a03f0000c03f0000e03f00000040000010400000204000003040" +
                "00004040" + "f733d3cd";
            var network = new XorNet();
            for (int k = 0; k < XorNet.ParameterCount; k++) network.Parameters[k] = k / 4f - 1;

            Assert.Equal(expected, Convert.ToHexString(Saved(network)).ToLowerInvariant());
        }

        private static byte[] Saved<T>(INetwork<T> network) where T : unmanaged
        {
            var stream = new MemoryStream();
            network.Save(stream);
            return stream.ToArray();
        }

        private static byte[] Mutated(byte[] file, int index, Func<byte, byte> change)
        {
            var copy = (byte[])file.Clone();
            copy[index] = change(copy[index]);
            return copy;
        }

        private static InvalidDataException AssertRejected<T>(INetwork<T> network, byte[] file) where T : unmanaged
        {
            var before = network.Parameters.ToArray();
            var error = Assert.Throws<InvalidDataException>(() => network.Load(new MemoryStream(file)));
            Assert.Equal(before, network.Parameters.ToArray());
            return error;
        }
    }
}
