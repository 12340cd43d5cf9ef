using System;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>
    /// The kernels generated code calls: the matrix kernels of looped layers against a plain double loop, for every shape
    /// that exercises their blocks of eight, four and single rows and their leftover columns, in both precisions and on
    /// both float paths (AVX and portable); the ReLU kernels; the single-precision tanh against Math.Tanh.
    /// </summary>
    public class KernelTests
    {
        private const int MaxRows = 19, MaxColumns = 75;

        [Fact]
        public void MultiplyAdd_computes_W_x_plus_b_for_every_shape()
        {
            var random = new DeterministicRandom(3);
            for (int rows = 1; rows <= MaxRows; rows++)
            for (int columns = 1; columns <= MaxColumns; columns++)
            {
                var (w, x, b) = (Normal(random, rows * columns), Normal(random, columns), Normal(random, rows));
                var expected = new double[rows];
                for (int j = 0; j < rows; j++)
                {
                    expected[j] = b[j];
                    for (int i = 0; i < columns; i++) expected[j] += w[j * columns + i] * x[i];
                }

                var z = new double[rows];
                NetMath.MultiplyAdd(w, x, b, z);
                AssertClose(expected, z, 1e-12, rows, columns);

                var (wf, xf, bf) = (ToFloat(w), ToFloat(x), ToFloat(b));
                var zf = new float[rows];
                NetMath.MultiplyAdd(wf, xf, bf, zf);
                AssertClose(expected, zf, 1e-4, rows, columns);
                var portable = new float[rows];
                NetMath.MultiplyAddCore<float>(wf, xf, bf, portable);
                AssertClose(expected, portable, 1e-4, rows, columns);
            }
        }

        [Fact]
        public void Matrix_kernels_reject_weights_or_bias_shorter_than_the_product()
        {
            Assert.ThrowsAny<ArgumentException>(() => NetMath.MultiplyAdd(new float[11], new float[4], new float[3], new float[3]));
            Assert.ThrowsAny<ArgumentException>(() => NetMath.MultiplyAdd(new float[12], new float[4], new float[2], new float[3]));
            Assert.ThrowsAny<ArgumentException>(() => NetMath.MultiplyTransposed(new float[11], new float[3], new float[4]));
        }

        [Fact]
        public void MultiplyTransposed_computes_W_transposed_d_for_every_shape()
        {
            var random = new DeterministicRandom(4);
            for (int rows = 1; rows <= MaxRows; rows++)
            for (int columns = 1; columns <= MaxColumns; columns++)
            {
                var (w, d) = (Normal(random, rows * columns), Normal(random, rows));
                var expected = new double[columns];
                for (int j = 0; j < rows; j++)
                for (int i = 0; i < columns; i++) expected[i] += w[j * columns + i] * d[j];

                var g = Normal(random, columns); // overwritten, not added to
                NetMath.MultiplyTransposed(w, d, g);
                AssertClose(expected, g, 1e-12, rows, columns);

                var gf = new float[columns];
                NetMath.MultiplyTransposed(ToFloat(w), ToFloat(d), gf);
                AssertClose(expected, gf, 1e-4, rows, columns);
                var portable = new float[columns];
                NetMath.MultiplyTransposedCore<float>(ToFloat(w), ToFloat(d), portable);
                AssertClose(expected, portable, 1e-4, rows, columns);
            }
        }

        [Fact]
        public void AddOuterProduct_adds_scale_d_a_transposed_for_every_shape()
        {
            var random = new DeterministicRandom(5);
            for (int rows = 1; rows <= MaxRows; rows++)
            for (int columns = 1; columns <= MaxColumns; columns++)
            {
                var (m, d, a) = (Normal(random, rows * columns), Normal(random, rows), Normal(random, columns));
                var expected = (double[])m.Clone();
                for (int j = 0; j < rows; j++)
                for (int i = 0; i < columns; i++) expected[j * columns + i] += -0.5 * d[j] * a[i];

                var mf = ToFloat(m);
                NetMath.AddOuterProduct(m, d, a, -0.5);
                AssertClose(expected, m, 1e-12, rows, columns);
                NetMath.AddOuterProduct(mf, ToFloat(d), ToFloat(a), -0.5f);
                AssertClose(expected, mf, 1e-5, rows, columns);
            }
        }

        [Fact]
        public void ReLU_kernels_match_their_elementwise_definitions()
        {
            for (int length = 1; length <= MaxColumns; length++)
            {
                var z = new float[length];
                for (int i = 0; i < length; i++) z[i] = i % 5 == 0 ? 0f : i % 7 == 3 ? float.NaN : (float)Math.Sin(3 * i);
                var g = Array.ConvertAll(z, v => 2f - (float)Math.Cos(v));
                var (a, delta) = (new float[length], (float[])g.Clone());
                NetMath.ReLU(z, a);
                NetMath.ReLUBackward(z, delta);
                for (int i = 0; i < length; i++)
                {
                    Assert.Equal(z[i] > 0 ? z[i] : 0f, a[i]);
                    Assert.Equal(z[i] > 0 ? g[i] : 0f, delta[i]);
                }

                var zd = Array.ConvertAll(z, v => (double)v);
                var (ad, deltad) = (new double[length], Array.ConvertAll(g, v => (double)v));
                NetMath.ReLU(zd, ad);
                NetMath.ReLUBackward(zd, deltad);
                for (int i = 0; i < length; i++)
                {
                    Assert.Equal(zd[i] > 0 ? zd[i] : 0.0, ad[i]);
                    Assert.Equal(zd[i] > 0 ? g[i] : 0.0, deltad[i]);
                }
            }
        }

        [Fact]
        public void Float_tanh_is_within_its_documented_error_of_tanh()
        {
            // Every 1009th non-negative float bit pattern: two million values from 0 to beyond the clamp at 8. The bounds are
            // those of the .NET 8+ build these tests run against (fused multiply-adds).
            for (uint bits = 0; bits < 0x7F800000u; bits += 1009)
            {
                float x = BitConverter.Int32BitsToSingle((int)bits);
                double exact = Math.Tanh(x);
                float approx = NetMath.Tanh(x);
                long ulps = Math.Abs(BitConverter.SingleToInt32Bits((float)exact) - (long)BitConverter.SingleToInt32Bits(approx));
                Assert.True(Math.Abs(approx - exact) <= 2.92e-7 && ulps <= (x < 1 ? 4 : 5), $"tanh({x:R}) = {approx:R}, {ulps} ulp from {exact:R}");
                Assert.Equal(-approx, NetMath.Tanh(-x));
            }

            Assert.Equal(1f, NetMath.Tanh(float.PositiveInfinity));
            Assert.Equal(-1f, NetMath.Tanh(float.NegativeInfinity));
            Assert.True(float.IsNaN(NetMath.Tanh(float.NaN)));
            Assert.Equal(1e-5f, NetMath.Tanh(1e-5f));
        }

        private static double[] Normal(DeterministicRandom random, int length)
        {
            var values = new double[length];
            for (int i = 0; i < length; i++) values[i] = random.NextNormal();
            return values;
        }

        private static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);

        private static void AssertClose(double[] expected, ReadOnlySpan<double> actual, double tolerance, int rows, int columns)
        {
            for (int k = 0; k < expected.Length; k++)
                Assert.True(Math.Abs(expected[k] - actual[k]) <= tolerance, $"{rows}×{columns}, element {k}: {actual[k]} instead of {expected[k]}");
        }

        private static void AssertClose(double[] expected, ReadOnlySpan<float> actual, double tolerance, int rows, int columns)
        {
            for (int k = 0; k < expected.Length; k++)
                Assert.True(Math.Abs(expected[k] - actual[k]) <= tolerance, $"{rows}×{columns}, element {k}: {actual[k]} instead of {expected[k]}");
        }
    }
}
