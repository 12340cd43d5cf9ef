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
        public void MultiplyAdd_computes_W_x_plus_b_for_every_shape_and_W_x_without_a_bias()
        {
            var random = new DeterministicRandom(3);
            for (int rows = 1; rows <= MaxRows; rows++)
            for (int columns = 1; columns <= MaxColumns; columns++)
            foreach (bool hasBias in new[] { true, false })
            {
                // Without a bias the kernel gets an empty span and the unit count from z alone.
                var (w, x, b) = (Normal(random, rows * columns), Normal(random, columns), hasBias ? Normal(random, rows) : Array.Empty<double>());
                var expected = new double[rows];
                for (int j = 0; j < rows; j++)
                {
                    expected[j] = hasBias ? b[j] : 0;
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
            Assert.ThrowsAny<ArgumentException>(() => NetMath.MultiplyAdd(new double[12], new double[4], new double[4], new double[3]));
            Assert.ThrowsAny<ArgumentException>(() => BatchMath.MultiplyTransposedAdd<float>(new float[8], new float[12], new float[2], new float[6], 2, units: 3));
            Assert.ThrowsAny<ArgumentException>(() => BatchMath.AddWeightGradient<float>(new float[6], 3, new float[8], new float[12], new float[2], 2));
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
        public void Batch_kernels_compute_their_products_for_every_shape_on_both_paths()
        {
            // Against a plain double-precision loop, on the AVX path (this machine) and the portable path, every remainder
            // of the register blocks included: rows 1–6, units and inputs around multiples of 4, 8 and 16, short rows too.
            var random = new Random(3);
            foreach (int rows in new[] { 1, 2, 3, 5, 6 })
            foreach (int units in new[] { 1, 3, 4, 5, 8, 9, 16, 17, 33 })
            foreach (int fanIn in new[] { 1, 2, 7, 8, 9, 16, 31, 32, 33, 70 })
            foreach (bool hasBias in new[] { true, false })
            {
                float[] Random(int n) { var v = new float[n]; for (int k = 0; k < n; k++) v[k] = (float)(random.NextDouble() * 2 - 1); return v; }
                // Without a bias, b and ∂b are empty spans: the unit count is the argument, the block ∂W's rows.
                float[] a = Random(rows * fanIn), w = Random(units * fanIn), b = hasBias ? Random(units) : Array.Empty<float>(), d = Random(rows * units);
                string shape = $"rows {rows}, units {units}, fanIn {fanIn}, bias {hasBias}";

                var z = new float[rows * units];
                var zPortable = new float[rows * units];
                BatchMath.MultiplyTransposedAdd<float>(a, w, b, z, rows, units);
                BatchMath.MultiplyTransposedAddPortable<float>(a, w, b, zPortable, rows, units);
                var g = new float[rows * fanIn];
                BatchMath.Multiply<float>(d, w, g, rows);
                var gw = Random(units * fanIn);
                var gb = hasBias ? Random(units) : Array.Empty<float>();
                var (gw0, gb0) = ((float[])gw.Clone(), (float[])gb.Clone());
                BatchMath.AddWeightGradient<float>(d, units, a, gw, gb, rows);
                var gPortable = new float[rows * fanIn];
                BatchMath.MultiplyAccumulatePortable<float>(d, units, 1, w, gPortable, rows, units, fanIn, accumulate: false);

                for (int n = 0; n < rows; n++)
                for (int j = 0; j < units; j++)
                {
                    double expected = hasBias ? b[j] : 0;
                    for (int i = 0; i < fanIn; i++) expected += (double)a[n * fanIn + i] * w[j * fanIn + i];
                    Close(expected, z[n * units + j], $"Z[{n},{j}], {shape}");
                    Close(expected, zPortable[n * units + j], $"portable Z[{n},{j}], {shape}");
                }

                for (int n = 0; n < rows; n++)
                for (int i = 0; i < fanIn; i++)
                {
                    double expected = 0;
                    for (int j = 0; j < units; j++) expected += (double)d[n * units + j] * w[j * fanIn + i];
                    Close(expected, g[n * fanIn + i], $"G[{n},{i}], {shape}");
                    Close(expected, gPortable[n * fanIn + i], $"portable G[{n},{i}], {shape}");
                }

                for (int j = 0; j < units; j++)
                {
                    if (hasBias)
                    {
                        double bias = gb0[j];
                        for (int n = 0; n < rows; n++) bias += d[n * units + j];
                        Close(bias, gb[j], $"∂b[{j}], {shape}");
                    }
                    for (int i = 0; i < fanIn; i++)
                    {
                        double expected = gw0[j * fanIn + i];
                        for (int n = 0; n < rows; n++) expected += (double)d[n * units + j] * a[n * fanIn + i];
                        Close(expected, gw[j * fanIn + i], $"∂W[{j},{i}], {shape}");
                    }
                }
            }

            static void Close(double expected, float actual, string what) =>
                Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{what}: {actual} instead of {expected}");
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
