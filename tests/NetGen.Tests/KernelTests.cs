using System;
using System.Runtime.Intrinsics;
using NetGen.GeneratedCode;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>
    /// The kernels generated code calls: the matrix kernels of looped layers against a plain double loop, for every shape
    /// that exercises their blocks of eight, four and single rows and their leftover columns, in both precisions and on
    /// both float paths (AVX and portable); the ReLU kernels; the vectorised softmax against the plain loop, and the
    /// single-precision e^x and tanh against Math.Exp and Math.Tanh.
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
            Assert.ThrowsAny<ArgumentException>(() => NetMath.AddOuterProduct(new float[11], new float[3], new float[4], 1f));
            Assert.ThrowsAny<ArgumentException>(() => NetMath.MultiplyTransposedAndAddOuterProduct(new float[11], new float[3], new float[4], 1f, new float[4]));
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
                var portable = (float[])mf.Clone();
                NetMath.AddOuterProduct(mf, ToFloat(d), ToFloat(a), -0.5f);
                AssertClose(expected, mf, 1e-5, rows, columns);
                NetMath.AddOuterProductCore<float>(portable, ToFloat(d), ToFloat(a), -0.5f);
                AssertClose(expected, portable, 1e-5, rows, columns);
            }
        }

        [Fact]
        public void MultiplyTransposedAndAddOuterProduct_uses_the_weights_before_their_step_for_every_shape()
        {
            var random = new DeterministicRandom(6);
            for (int rows = 1; rows <= MaxRows; rows++)
            for (int columns = 1; columns <= MaxColumns; columns++)
            {
                var (w, d, a) = (Normal(random, rows * columns), Normal(random, rows), Normal(random, columns));
                var (expectedG, expectedW) = (new double[columns], (double[])w.Clone());
                for (int j = 0; j < rows; j++)
                for (int i = 0; i < columns; i++)
                {
                    expectedG[i] += w[j * columns + i] * d[j];
                    expectedW[j * columns + i] += -0.25 * d[j] * a[i];
                }

                var (wf, wPortable) = (ToFloat(w), ToFloat(w));
                var (g, gf, gPortable) = (Normal(random, columns), new float[columns], new float[columns]);
                NetMath.MultiplyTransposedAndAddOuterProduct(w, d, a, -0.25, g);
                AssertClose(expectedG, g, 1e-12, rows, columns);
                AssertClose(expectedW, w, 1e-12, rows, columns);
                NetMath.MultiplyTransposedAndAddOuterProduct(wf, ToFloat(d), ToFloat(a), -0.25f, gf);
                AssertClose(expectedG, gf, 1e-4, rows, columns);
                AssertClose(expectedW, wf, 1e-5, rows, columns);
                NetMath.MultiplyTransposedAndAddOuterProductCore<float>(wPortable, ToFloat(d), ToFloat(a), -0.25f, gPortable);
                AssertClose(expectedG, gPortable, 1e-4, rows, columns);
                AssertClose(expectedW, wPortable, 1e-5, rows, columns);
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
                    Assert.Equal(z[i] < 0 ? 0f : z[i], a[i]); // NaN stays NaN
                    Assert.Equal(z[i] > 0 ? g[i] : 0f, delta[i]);
                }

                var zd = Array.ConvertAll(z, v => (double)v);
                var (ad, deltad) = (new double[length], Array.ConvertAll(g, v => (double)v));
                NetMath.ReLU(zd, ad);
                NetMath.ReLUBackward(zd, deltad);
                for (int i = 0; i < length; i++)
                {
                    Assert.Equal(zd[i] < 0 ? 0.0 : zd[i], ad[i]);
                    Assert.Equal(zd[i] > 0 ? g[i] : 0.0, deltad[i]);
                }
            }
        }

        [Fact]
        public void Softmax_matches_the_plain_loop_for_every_length()
        {
            for (int length = 1; length <= MaxColumns; length++)
            {
                var z = new float[length];
                for (int i = 0; i < length; i++) z[i] = 30 * MathF.Sin(7 * i + length);
                var (p, reference) = (new float[length], new float[length]);
                float lse = NetMath.SoftmaxAndLogSumExp(z, p);
                float referenceLse = NetMath.SoftmaxCore<float>(z, reference, logSumExp: true);
                var withoutLse = new float[length];
                NetMath.Softmax(z, withoutLse);
                Assert.Equal(p, withoutLse);
                Assert.Equal(referenceLse, lse, 5e-6f);
                for (int k = 0; k < length; k++) Assert.True(Math.Abs(reference[k] - p[k]) <= 1e-6 * Math.Max(1, reference[k] * 10), $"{length}: p[{k}] = {p[k]}, {reference[k]} expected");
            }

            var withNaN = new float[] { 1, float.NaN, 2, 3, 4 };
            var output = new float[5];
            Assert.True(float.IsNaN(NetMath.SoftmaxAndLogSumExp(withNaN, output)));
            Assert.All(output, value => Assert.True(float.IsNaN(value)));
        }

        [Fact]
        public void Vectorised_exp_is_within_one_ulp_and_flushes_below_the_smallest_normal_float()
        {
            // Every 101st float from −0 down to ln(FLT_MIN): eleven million values.
            for (uint bits = 0x80000000u; ; bits += 101)
            {
                float x = BitConverter.Int32BitsToSingle((int)bits);
                if (x < -87.33654f) break;
                float exact = (float)Math.Exp(x);
                float approx = NetMath.ExpOfNonPositive(Vector128.Create(x)).GetElement(0);
                Assert.True(Math.Abs(BitConverter.SingleToInt32Bits(exact) - (long)BitConverter.SingleToInt32Bits(approx)) <= 1, $"e^{x:R} = {approx:R}, not {exact:R}");
            }

            var special = NetMath.ExpOfNonPositive(Vector128.Create(-87.5f, -1e30f, float.NegativeInfinity, float.NaN));
            Assert.Equal(0f, special.GetElement(0));
            Assert.Equal(0f, special.GetElement(1));
            Assert.Equal(0f, special.GetElement(2));
            Assert.True(float.IsNaN(special.GetElement(3)));
        }

        [Fact]
        public void Span_tanh_has_the_bits_of_the_one_value_tanh_at_every_position()
        {
            // Tiny, ordinary, near the clamp, past it, ±∞ and NaN, at every position of spans that end in a partial block.
            var random = new Random(5);
            float[] specials = { 0f, -0f, 1e-5f, -3e-4f, 0.0004f, 0.5f, -1.7f, 7.9f, 8f, -8.5f, 30f, float.PositiveInfinity, float.NegativeInfinity, float.NaN };
            for (int length = 0; length <= 21; length++)
            {
                var z = new float[length];
                for (int k = 0; k < length; k++) z[k] = k < specials.Length && length % 2 == 1 ? specials[(k + length) % specials.Length] : (float)(random.NextDouble() * 20 - 10);
                var a = new float[length];
                NetMath.Tanh(z, a);
                for (int k = 0; k < length; k++)
                    Assert.True(BitConverter.SingleToInt32Bits(NetMath.Tanh(z[k])) == BitConverter.SingleToInt32Bits(a[k]) || (float.IsNaN(a[k]) && float.IsNaN(z[k])),
                        $"tanh({z[k]}) at {k} of {length}: {a[k]} instead of {NetMath.Tanh(z[k])}");
            }

            var doubles = new[] { -2.0, 0.3, double.NaN };
            var result = new double[3];
            NetMath.Tanh(doubles, result);
            Assert.Equal(Math.Tanh(-2.0), result[0]);
            Assert.Equal(Math.Tanh(0.3), result[1]);
            Assert.True(double.IsNaN(result[2]));
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

        private static void AssertClose<T>(double[] expected, T[] actual, double tolerance, int rows, int columns) where T : IConvertible
        {
            for (int k = 0; k < expected.Length; k++)
            {
                double value = actual[k].ToDouble(null);
                Assert.True(Math.Abs(expected[k] - value) <= tolerance, $"{rows}×{columns}, element {k}: {value} instead of {expected[k]}");
            }
        }
    }
}
