using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics.X86;
using NetGen.GeneratedCode;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>
    /// The map-layer kernels against plain loops written straight from their definitions (docs/math.md), in double, over
    /// every square geometry of 1–11 rows, 1–11 columns and a few wide rows, kernels 1–4, strides 1–3, padding 0–4 (wider
    /// than small maps, so that some taps, rows and whole outputs read only padding), windows 1–3; then thousands of drawn
    /// general geometries: rectangular kernels and windows, a stride and a dilation per axis, padding before and after each
    /// side, groups, no bias, pooling padding counted or not. In double, and in float on the public path, the portable
    /// body and the AVX body. Then what the definitions leave to the kernels: NaN and ties in max pooling, adding versus
    /// overwriting, span and shape checks, allocations, and the gradients as derivatives of ⟨δ, Conv2D(x)⟩ by central
    /// differences.
    /// </summary>
    public class ConvolutionKernelTests
    {
        private static readonly int[] Widths = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 30, 70 };

        /// <summary>Every valid square geometry of the sweep (channels and filters cycle through 1–3 and 1–4 with the sizes), then the drawn general ones.</summary>
        private static IEnumerable<Conv2DShape> ConvolutionShapes()
        {
            for (int kernel = 1; kernel <= 4; kernel++)
            for (int stride = 1; stride <= 3; stride++)
            for (int padding = 0; padding <= 4; padding++)
            for (int height = 1; height <= 11; height++)
            foreach (int width in Widths)
            {
                if (kernel > height + 2 * padding || kernel > width + 2 * padding) continue;
                int channels = 1 + (height + width + kernel) % 3, filters = 1 + (height * width + stride + padding) % 4;
                yield return new Conv2DShape(channels, height, width, filters, kernel, stride, padding);
            }
            // The Fashion-MNIST network's two layers, one whose strip outgrows the AVX scratch (portable body), and the
            // padding wider than the map that PyTorch's own module tests use (every tap of some outputs reads padding).
            yield return new Conv2DShape(1, 28, 28, 8, 3, 1, 0);
            yield return new Conv2DShape(8, 13, 13, 16, 3, 1, 1);
            yield return new Conv2DShape(64, 9, 10, 2, 3, 1, 1);
            yield return new Conv2DShape(1, 1, 1, 1, 5, 1, 2);
            yield return new Conv2DShape(1, 2, 2, 1, 7, 1, 3);
            foreach (var shape in GeneralConvolutionShapes()) yield return shape;
        }

        /// <summary>
        /// 3,000 drawn geometries with every argument free: rectangular kernels, a stride and a dilation per axis, padding
        /// before and after each side, up to six groups of one to two channels and one to three filters each (depthwise
        /// ones, whose AVX blocks of four outputs span groups, and blocks that mix groups), and no bias.
        /// </summary>
        private static IEnumerable<Conv2DShape> GeneralConvolutionShapes()
        {
            var random = new DeterministicRandom(40);
            for (int drawn = 0; drawn < 3000;)
            {
                int groups = 1 + random.NextInt(6), channels = groups * (1 + random.NextInt(2)), filters = groups * (1 + random.NextInt(3));
                int height = 1 + random.NextInt(9), width = Widths[random.NextInt(Widths.Length)];
                int kernelHeight = 1 + random.NextInt(4), kernelWidth = 1 + random.NextInt(4);
                int strideHeight = 1 + random.NextInt(3), strideWidth = 1 + random.NextInt(3);
                int dilationHeight = 1 + random.NextInt(3), dilationWidth = 1 + random.NextInt(3);
                int padTop = random.NextInt(6), padBottom = random.NextInt(6), padLeft = random.NextInt(6), padRight = random.NextInt(6);
                if (dilationHeight * (kernelHeight - 1) + 1 > height + padTop + padBottom || dilationWidth * (kernelWidth - 1) + 1 > width + padLeft + padRight) continue;
                drawn++;
                yield return new Conv2DShape(channels, height, width, filters, kernelHeight, kernelWidth, strideHeight, strideWidth,
                    dilationHeight, dilationWidth, padTop, padBottom, padLeft, padRight, groups, bias: random.NextInt(3) != 0);
            }
        }

        private static IEnumerable<Pool2DShape> PoolShapes()
        {
            for (int size = 1; size <= 3; size++)
            for (int stride = 1; stride <= 3; stride++)
            for (int height = 1; height <= 11; height++)
            foreach (int width in Widths)
                if (size <= height && size <= width) yield return new Pool2DShape(1 + (height + width + size + stride) % 3, height, width, size, stride);
            yield return new Pool2DShape(8, 26, 26, 2, 2);
            yield return new Pool2DShape(16, 13, 13, 2, 2);

            // Drawn general windows: rectangular, a stride per axis, padding less than the window on each side, counted in
            // a mean or not; and global pooling (the window is the map).
            var random = new DeterministicRandom(39);
            for (int drawn = 0; drawn < 2000;)
            {
                int height = 1 + random.NextInt(9), width = Widths[random.NextInt(Widths.Length)];
                int windowHeight = 1 + random.NextInt(4), windowWidth = 1 + random.NextInt(4);
                int padTop = random.NextInt(windowHeight), padBottom = random.NextInt(windowHeight), padLeft = random.NextInt(windowWidth), padRight = random.NextInt(windowWidth);
                if (windowHeight > height + padTop + padBottom || windowWidth > width + padLeft + padRight) continue;
                drawn++;
                yield return new Pool2DShape(1 + random.NextInt(3), height, width, windowHeight, windowWidth, 1 + random.NextInt(3), 1 + random.NextInt(3),
                    padTop, padBottom, padLeft, padRight, countPadding: random.NextInt(2) == 0);
            }
            for (int height = 1; height <= 5; height++)
            foreach (int width in new[] { 1, 3, 16, 70 })
                yield return new Pool2DShape(3, height, width, height, width, 1, 1, 0, 0, 0, 0, countPadding: true);
        }

        [Fact]
        public void Conv2D_matches_the_definition_for_every_shape()
        {
            var random = new DeterministicRandom(41);
            int avxShapes = 0;
            foreach (var shape in ConvolutionShapes())
            {
                var (x, w, b) = (Normal(random, shape.InputLength), Normal(random, shape.WeightLength), Normal(random, shape.BiasLength));
                var (expected, magnitude) = ReferenceConv2D(x, w, b, shape);

                var z = Normal(random, shape.OutputLength); // overwritten
                NetMath.Conv2D(x, w, b, z, shape);
                AssertClose(expected, magnitude, z, 1e-12, shape, "double");

                var (xf, wf, bf) = (ToFloat(x), ToFloat(w), ToFloat(b));
                var zf = ToFloat(Normal(random, shape.OutputLength));
                NetMath.Conv2D(xf, wf, bf, zf, shape);
                AssertClose(expected, magnitude, zf, 1e-5, shape, "float");
                var portable = new float[shape.OutputLength];
                NetMath.Conv2DCore<float>(xf, wf, bf, portable, shape);
                AssertClose(expected, magnitude, portable, 1e-5, shape, "portable");
                if (Avx.IsSupported)
                {
                    var avx = ToFloat(Normal(random, shape.OutputLength));
                    if (NetMath.Conv2DAvx(xf, wf, bf, avx, shape))
                    {
                        avxShapes++;
                        AssertClose(expected, magnitude, avx, 1e-5, shape, "AVX");
                    }
                }
            }
            if (Avx.IsSupported) Assert.Equal(ConvolutionShapes().Count() - 1, avxShapes); // all but the 64-channel layer, whose strip outgrows the scratch
        }

        [Fact]
        public void Conv2DBackwardInput_overwrites_with_the_definition_for_every_shape()
        {
            var random = new DeterministicRandom(42);
            int avxShapes = 0;
            foreach (var shape in ConvolutionShapes())
            {
                var (delta, w) = (Normal(random, shape.OutputLength), Normal(random, shape.WeightLength));
                var (expected, magnitude) = ReferenceBackwardInput(delta, w, shape);

                var g = Normal(random, shape.InputLength); // overwritten
                NetMath.Conv2DBackwardInput(delta, w, g, shape);
                AssertClose(expected, magnitude, g, 1e-12, shape, "double");

                var (deltaf, wf) = (ToFloat(delta), ToFloat(w));
                var gf = ToFloat(Normal(random, shape.InputLength));
                NetMath.Conv2DBackwardInput(deltaf, wf, gf, shape);
                AssertClose(expected, magnitude, gf, 1e-5, shape, "float");
                var portable = ToFloat(Normal(random, shape.InputLength));
                NetMath.Conv2DBackwardInputCore<float>(deltaf, wf, portable, shape);
                AssertClose(expected, magnitude, portable, 1e-5, shape, "portable");
                if (Avx.IsSupported)
                {
                    var avx = ToFloat(Normal(random, shape.InputLength));
                    if (NetMath.Conv2DBackwardInputAvx(deltaf, wf, avx, shape))
                    {
                        avxShapes++;
                        AssertClose(expected, magnitude, avx, 1e-5, shape, "AVX");
                    }
                }
            }
            if (Avx.IsSupported) Assert.Equal(ConvolutionShapes().Count(), avxShapes);
        }

        [Fact]
        public void Conv2DAddWeightGradient_adds_the_scaled_definition_for_every_shape()
        {
            var random = new DeterministicRandom(43);
            const double scale = -0.37;
            int avxShapes = 0;
            foreach (var shape in ConvolutionShapes())
            {
                var (x, delta) = (Normal(random, shape.InputLength), Normal(random, shape.OutputLength));
                var (weightsBefore, biasBefore) = (Normal(random, shape.WeightLength), Normal(random, shape.BiasLength));
                var (expectedWeights, weightMagnitude, expectedBias, biasMagnitude) = ReferenceWeightGradient(x, delta, scale, weightsBefore, biasBefore, shape);

                var (gw, gb) = ((double[])weightsBefore.Clone(), (double[])biasBefore.Clone());
                NetMath.Conv2DAddWeightGradient(x, delta, scale, gw, gb, shape);
                AssertClose(expectedWeights, weightMagnitude, gw, 1e-12, shape, "double weights");
                AssertClose(expectedBias, biasMagnitude, gb, 1e-12, shape, "double bias");

                var (xf, deltaf) = (ToFloat(x), ToFloat(delta));
                var (gwf, gbf) = (ToFloat(weightsBefore), ToFloat(biasBefore));
                NetMath.Conv2DAddWeightGradient(xf, deltaf, (float)scale, gwf, gbf, shape);
                AssertClose(expectedWeights, weightMagnitude, gwf, 1e-5, shape, "float weights");
                AssertClose(expectedBias, biasMagnitude, gbf, 1e-5, shape, "float bias");
                var (portableWeights, portableBias) = (ToFloat(weightsBefore), ToFloat(biasBefore));
                NetMath.Conv2DAddWeightGradientCore<float>(xf, deltaf, (float)scale, portableWeights, portableBias, shape);
                AssertClose(expectedWeights, weightMagnitude, portableWeights, 1e-5, shape, "portable weights");
                AssertClose(expectedBias, biasMagnitude, portableBias, 1e-5, shape, "portable bias");
                if (Avx.IsSupported)
                {
                    var (avxWeights, avxBias) = (ToFloat(weightsBefore), ToFloat(biasBefore));
                    if (NetMath.Conv2DAddWeightGradientAvx(xf, deltaf, (float)scale, avxWeights, avxBias, shape))
                    {
                        avxShapes++;
                        AssertClose(expectedWeights, weightMagnitude, avxWeights, 1e-5, shape, "AVX weights");
                        AssertClose(expectedBias, biasMagnitude, avxBias, 1e-5, shape, "AVX bias");
                    }
                }
            }
            // Output rows narrower than a vector take the portable body; the sweep's wide rows take the AVX one.
            if (Avx.IsSupported) Assert.True(avxShapes > 5000, $"only {avxShapes} shapes took the AVX body"); // those with output rows of 8 or more
        }

        [Fact]
        public void Real_layers_take_the_AVX_bodies()
        {
            if (!Avx2.IsSupported) return;
            // Fashion-MNIST's two layers; benchmarks/'s depthwise 3×3 "same" and pointwise 1×1 layers; its causal Conv1D layers
            // (a sequence is a map of height 1: 2·d zeros before, none after) with dilations 1 and 8; a rectangular kernel
            // with a stride and a dilation per axis and uneven padding.
            foreach (var shape in new[]
            {
                new Conv2DShape(1, 28, 28, 8, 3, 1, 0), new Conv2DShape(8, 13, 13, 16, 3, 1, 1),
                new Conv2DShape(16, 24, 24, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 16, true), new Conv2DShape(16, 24, 24, 32, 1, 1, 0),
                new Conv2DShape(8, 1, 128, 16, 1, 3, 1, 1, 1, 1, 0, 0, 2, 0, 1, true), new Conv2DShape(16, 1, 128, 16, 1, 3, 1, 1, 1, 8, 0, 0, 16, 0, 1, true),
                new Conv2DShape(3, 20, 30, 5, 4, 3, 2, 1, 2, 3, 1, 2, 3, 0, 1, false),
            })
            {
                var (input, output, weights, bias) = (new float[shape.InputLength], new float[shape.OutputLength], new float[shape.WeightLength], new float[shape.Filters]);
                Assert.True(NetMath.Conv2DAvx(input, weights, bias, output, shape));
                Assert.True(NetMath.Conv2DBackwardInputAvx(output, weights, input, shape));
                Assert.True(NetMath.Conv2DAddWeightGradientAvx(input, output, 1f, weights, bias, shape));
            }
            var averagePool = new Pool2DShape(16, 13, 13, 2, 2);
            Assert.True(NetMath.AvgPool2DVector128(new float[averagePool.InputLength], new float[averagePool.OutputLength], averagePool));
            Assert.True(NetMath.AvgPool2DBackwardVector128(new float[averagePool.OutputLength], new float[averagePool.InputLength], averagePool));
            var pool = new Pool2DShape(8, 26, 26, 2, 2);
            Assert.True(NetMath.MaxPool2DAvx(new float[pool.InputLength], new float[pool.OutputLength], pool));
            Assert.True(NetMath.MaxPool2DBackwardAvx(new float[pool.InputLength], new float[pool.OutputLength], new float[pool.InputLength], pool));
        }

        [Fact]
        public void Pooling_matches_the_definition_for_every_shape()
        {
            var random = new DeterministicRandom(44);
            foreach (var shape in PoolShapes())
            {
                // Values on a coarse grid, so that windows often hold several equal maxima.
                var x = new double[shape.InputLength];
                for (int k = 0; k < x.Length; k++) x[k] = random.NextInt(5) - 2;
                var delta = Normal(random, shape.OutputLength);
                var (max, maxGradient, average, averageGradient) = ReferencePooling(x, delta, shape);
                var (xf, deltaf) = (ToFloat(x), ToFloat(delta));

                var a = Normal(random, shape.OutputLength);
                NetMath.MaxPool2D(x, a, shape);
                Assert.Equal(max, a);
                var af = new float[shape.OutputLength];
                NetMath.MaxPool2D(xf, af, shape);
                Assert.Equal(ToFloat(max), af);
                var portable = new float[shape.OutputLength];
                NetMath.MaxPool2DCore<float>(xf, portable, shape);
                Assert.Equal(ToFloat(max), portable);
                var avx = new float[shape.OutputLength];
                if (Avx2.IsSupported && NetMath.MaxPool2DAvx(xf, avx, shape)) Assert.Equal(ToFloat(max), avx);

                var g = Normal(random, shape.InputLength); // overwritten
                NetMath.MaxPool2DBackward(x, delta, g, shape);
                AssertClose(maxGradient, Ones(x.Length), g, 1e-12, shape, "max backward, double");
                var gf = ToFloat(Normal(random, shape.InputLength));
                NetMath.MaxPool2DBackward(xf, deltaf, gf, shape);
                AssertClose(maxGradient, Ones(x.Length), gf, 1e-6, shape, "max backward, float");
                var portableGradient = ToFloat(Normal(random, shape.InputLength));
                NetMath.MaxPool2DBackwardCore<float>(xf, deltaf, portableGradient, shape);
                AssertClose(maxGradient, Ones(x.Length), portableGradient, 1e-6, shape, "max backward, portable");
                var avxGradient = ToFloat(Normal(random, shape.InputLength));
                if (Avx2.IsSupported && NetMath.MaxPool2DBackwardAvx(xf, deltaf, avxGradient, shape))
                    AssertClose(maxGradient, Ones(x.Length), avxGradient, 1e-6, shape, "max backward, AVX");

                NetMath.AvgPool2D(x, a, shape);
                AssertClose(average, Ones(a.Length), a, 1e-12, shape, "average, double");
                NetMath.AvgPool2D(xf, af, shape);
                AssertClose(average, Ones(a.Length), af, 1e-6, shape, "average, float");
                NetMath.AvgPool2DCore<float>(xf, portable, shape);
                AssertClose(average, Ones(a.Length), portable, 1e-6, shape, "average, portable");
                if (NetMath.AvgPool2DVector128(xf, avx, shape)) AssertClose(average, Ones(a.Length), avx, 1e-6, shape, "average, Vector128");
                NetMath.AvgPool2DBackward(delta, g, shape);
                AssertClose(averageGradient, Ones(x.Length), g, 1e-12, shape, "average backward, double");
                NetMath.AvgPool2DBackward(deltaf, gf, shape);
                AssertClose(averageGradient, Ones(x.Length), gf, 1e-6, shape, "average backward, float");
                NetMath.AvgPool2DBackwardCore<float>(deltaf, portableGradient, shape);
                AssertClose(averageGradient, Ones(x.Length), portableGradient, 1e-6, shape, "average backward, portable");
                if (NetMath.AvgPool2DBackwardVector128(deltaf, avxGradient, shape))
                    AssertClose(averageGradient, Ones(x.Length), avxGradient, 1e-6, shape, "average backward, Vector128");
            }
        }

        [Fact]
        public void MaxPool2D_lets_a_NaN_through_its_window_only()
        {
            // One channel, 16 × 16 (wide enough for the AVX body), 2 × 2 windows at stride 2; NaN at the top left of window (0, 0),
            // the bottom right of window (3, 5) and the top right of window (7, 7).
            var shape = new Pool2DShape(1, 16, 16, 2, 2);
            var x = new float[shape.InputLength];
            for (int k = 0; k < x.Length; k++) x[k] = k % 7;
            x[0] = x[7 * 16 + 11] = x[14 * 16 + 15] = float.NaN;
            var nanOutputs = new HashSet<int> { 0, 3 * 8 + 5, 7 * 8 + 7 };

            var (a, portable) = (new float[shape.OutputLength], new float[shape.OutputLength]);
            NetMath.MaxPool2D(x, a, shape);
            NetMath.MaxPool2DCore<float>(x, portable, shape);
            var ad = new double[shape.OutputLength];
            NetMath.MaxPool2D(Array.ConvertAll(x, v => (double)v), ad, shape);
            for (int o = 0; o < a.Length; o++)
            {
                Assert.Equal(nanOutputs.Contains(o), float.IsNaN(a[o]));
                Assert.Equal(nanOutputs.Contains(o), float.IsNaN(portable[o]));
                Assert.Equal(nanOutputs.Contains(o), double.IsNaN(ad[o]));
            }

            // Each NaN window's δ goes to its NaN (ahead of the larger values after it); the others', to their maximum.
            var delta = new float[shape.OutputLength];
            Array.Fill(delta, 1f);
            var (gradient, portableGradient) = (new float[shape.InputLength], new float[shape.InputLength]);
            NetMath.MaxPool2DBackward(x, delta, gradient, shape);
            NetMath.MaxPool2DBackwardCore<float>(x, delta, portableGradient, shape);
            Assert.Equal(portableGradient, gradient);
            Assert.Equal((1f, 0f, 0f, 0f), (gradient[0], gradient[1], gradient[16], gradient[17]));
            Assert.Equal(1f, gradient[7 * 16 + 11]);
            Assert.Equal(1f, gradient[14 * 16 + 15]);
            Assert.Equal(shape.OutputLength, (int)gradient.Sum());
        }

        [Fact]
        public void MaxPool2DBackward_gives_ties_to_the_first_maximum_and_sums_overlapping_windows()
        {
            // 3 × 3 windows at stride 1 over a 4 × 4 map of equal values: each of the four windows sends its δ to its top left.
            var shape = new Pool2DShape(1, 4, 4, 3, 1);
            var x = new float[16];
            Array.Fill(x, 2f);
            var delta = new float[] { 1, 10, 100, 1000 };
            var g = new float[16];
            NetMath.MaxPool2DBackward(x, delta, g, shape);
            var expected = new float[16];
            (expected[0], expected[1], expected[4], expected[5]) = (1, 10, 100, 1000);
            Assert.Equal(expected, g);

            // One maximum in the middle, shared by all four windows: it gets their sum.
            x[5] = 3;
            NetMath.MaxPool2DBackward(x, delta, g, shape);
            expected = new float[16];
            expected[5] = 1111;
            Assert.Equal(expected, g);
        }

        [Fact]
        public void Kernels_reject_spans_that_do_not_match_the_shape()
        {
            var conv = new Conv2DShape(2, 5, 6, 3, 3, 1, 1);
            var (input, weights, bias, output) = (new float[conv.InputLength], new float[conv.WeightLength], new float[conv.Filters], new float[conv.OutputLength]);
            AssertWrongLength("input", () => NetMath.Conv2D(new float[conv.InputLength - 1], weights, bias, output, conv));
            AssertWrongLength("weights", () => NetMath.Conv2D(input, new float[conv.WeightLength + 1], bias, output, conv));
            AssertWrongLength("bias", () => NetMath.Conv2D(input, weights, new float[2], output, conv));
            AssertWrongLength("output", () => NetMath.Conv2D(input, weights, bias, new float[conv.OutputLength + 1], conv));
            AssertWrongLength("input", () => NetMath.Conv2D(new double[1], new double[conv.WeightLength], new double[3], new double[conv.OutputLength], conv));
            AssertWrongLength("delta", () => NetMath.Conv2DBackwardInput(new float[conv.OutputLength - 1], weights, input, conv));
            AssertWrongLength("weights", () => NetMath.Conv2DBackwardInput(output, new float[1], input, conv));
            AssertWrongLength("inputGradient", () => NetMath.Conv2DBackwardInput(output, weights, new float[conv.InputLength + 1], conv));
            AssertWrongLength("inputGradient", () => NetMath.Conv2DBackwardInput(new double[conv.OutputLength], new double[conv.WeightLength], new double[2], conv));
            AssertWrongLength("input", () => NetMath.Conv2DAddWeightGradient(new float[2], output, 1f, weights, bias, conv));
            AssertWrongLength("delta", () => NetMath.Conv2DAddWeightGradient(input, new float[2], 1f, weights, bias, conv));
            AssertWrongLength("weightGradient", () => NetMath.Conv2DAddWeightGradient(input, output, 1f, new float[2], bias, conv));
            AssertWrongLength("biasGradient", () => NetMath.Conv2DAddWeightGradient(input, output, 1f, weights, new float[4], conv));
            AssertWrongLength("biasGradient", () => NetMath.Conv2DAddWeightGradient(new double[conv.InputLength], new double[conv.OutputLength], 1.0, new double[conv.WeightLength], new double[1], conv));

            var pool = new Pool2DShape(2, 6, 6, 2, 2);
            var (map, pooled) = (new float[pool.InputLength], new float[pool.OutputLength]);
            AssertWrongLength("input", () => NetMath.MaxPool2D(new float[1], pooled, pool));
            AssertWrongLength("output", () => NetMath.MaxPool2D(map, new float[1], pool));
            AssertWrongLength("output", () => NetMath.MaxPool2D(new double[pool.InputLength], new double[1], pool));
            AssertWrongLength("input", () => NetMath.MaxPool2DBackward(new float[1], pooled, map, pool));
            AssertWrongLength("delta", () => NetMath.MaxPool2DBackward(map, new float[1], map, pool));
            AssertWrongLength("inputGradient", () => NetMath.MaxPool2DBackward(map, pooled, new float[1], pool));
            AssertWrongLength("input", () => NetMath.AvgPool2D(new float[1], pooled, pool));
            AssertWrongLength("output", () => NetMath.AvgPool2D(new double[pool.InputLength], new double[1], pool));
            AssertWrongLength("delta", () => NetMath.AvgPool2DBackward(new float[1], map, pool));
            AssertWrongLength("inputGradient", () => NetMath.AvgPool2DBackward(new double[pool.OutputLength], new double[1], pool));
        }

        [Fact]
        public void Shapes_reject_sizes_that_do_not_fit()
        {
            Assert.Throws<ArgumentOutOfRangeException>("channels", () => new Conv2DShape(0, 5, 5, 1, 3, 1, 0));
            Assert.Throws<ArgumentOutOfRangeException>("height", () => new Conv2DShape(1, 0, 5, 1, 1, 1, 0));
            Assert.Throws<ArgumentOutOfRangeException>("width", () => new Conv2DShape(1, 5, -1, 1, 1, 1, 0));
            Assert.Throws<ArgumentOutOfRangeException>("filters", () => new Conv2DShape(1, 5, 5, 0, 3, 1, 0));
            Assert.Throws<ArgumentOutOfRangeException>("kernelHeight", () => new Conv2DShape(1, 5, 5, 1, 0, 1, 0));
            Assert.Throws<ArgumentOutOfRangeException>("strideHeight", () => new Conv2DShape(1, 5, 5, 1, 3, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>("padTop", () => new Conv2DShape(1, 5, 5, 1, 3, 1, -1));
            Assert.Throws<ArgumentOutOfRangeException>("kernelHeight", () => new Conv2DShape(1, 5, 2, 1, 3, 1, 0));
            Assert.Throws<ArgumentOutOfRangeException>("kernelHeight", () => new Conv2DShape(1, 2, 5, 1, 5, 1, 1));
            Assert.Equal((1, 4), (new Conv2DShape(1, 2, 5, 1, 4, 1, 1).OutputHeight, new Conv2DShape(1, 2, 5, 1, 4, 1, 1).OutputWidth)); // fits once padded

            Assert.Throws<ArgumentOutOfRangeException>("channels", () => new Pool2DShape(0, 4, 4, 2, 2));
            Assert.Throws<ArgumentOutOfRangeException>("windowHeight", () => new Pool2DShape(1, 4, 4, 0, 2));
            Assert.Throws<ArgumentOutOfRangeException>("strideHeight", () => new Pool2DShape(1, 4, 4, 2, 0));
            Assert.Throws<ArgumentOutOfRangeException>("windowHeight", () => new Pool2DShape(1, 4, 1, 2, 1));
            Assert.Throws<ArgumentOutOfRangeException>("groups", () => new Conv2DShape(4, 5, 5, 6, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0, 4, true));
            Assert.Throws<ArgumentOutOfRangeException>("dilationWidth", () => new Conv2DShape(1, 5, 5, 1, 3, 3, 1, 1, 1, 0, 0, 0, 0, 0, 1, true));
            Assert.Throws<ArgumentOutOfRangeException>("padRight", () => new Conv2DShape(1, 5, 5, 1, 3, 3, 1, 1, 1, 1, 0, 0, 0, -1, 1, true));
            Assert.Throws<ArgumentOutOfRangeException>("kernelHeight", () => new Conv2DShape(1, 5, 5, 1, 3, 3, 1, 1, 3, 1, 0, 0, 0, 0, 1, true)); // spans 7 rows
            Assert.Throws<ArgumentOutOfRangeException>("padLeft", () => new Pool2DShape(1, 4, 4, 2, 2, 2, 2, 0, 0, 2, 0, true)); // a window of padding alone
            var dilated = new Conv2DShape(4, 1, 20, 8, 1, 3, 1, 2, 1, 4, 0, 0, 8, 0, 4, false);
            Assert.Equal((1, 10, 8 * 1 * 3, 0), (dilated.OutputHeight, dilated.OutputWidth, dilated.WeightLength, dilated.BiasLength));
            var same = new Pool2DShape(2, 5, 5, 2, 2, 2, 2, 0, 1, 0, 1, false);
            Assert.Equal((3, 3), (same.OutputHeight, same.OutputWidth));

            var conv = new Conv2DShape(8, 13, 13, 16, 3, 2, 1);
            Assert.Equal((7, 7, 8 * 13 * 13, 16 * 7 * 7, 16 * 8 * 9), (conv.OutputHeight, conv.OutputWidth, conv.InputLength, conv.OutputLength, conv.WeightLength));
            var pool = new Pool2DShape(16, 13, 13, 2, 2);
            Assert.Equal((6, 6, 16 * 13 * 13, 16 * 6 * 6), (pool.OutputHeight, pool.OutputWidth, pool.InputLength, pool.OutputLength));
        }

        [Fact]
        public void Kernels_allocate_nothing_per_call()
        {
            var conv = new Conv2DShape(8, 13, 13, 16, 3, 1, 1);
            var (input, weights, bias, output) = (new float[conv.InputLength], new float[conv.WeightLength], new float[conv.Filters], new float[conv.OutputLength]);
            var (inputd, weightsd, biasd, outputd) = (new double[conv.InputLength], new double[conv.WeightLength], new double[conv.Filters], new double[conv.OutputLength]);
            var pool = new Pool2DShape(8, 26, 26, 2, 2);
            var (map, pooled, mapGradient) = (new float[pool.InputLength], new float[pool.OutputLength], new float[pool.InputLength]);
            var (mapd, pooledd, mapGradientd) = (new double[pool.InputLength], new double[pool.OutputLength], new double[pool.InputLength]);

            void CallEveryKernel()
            {
                NetMath.Conv2D(input, weights, bias, output, conv);
                NetMath.Conv2DBackwardInput(output, weights, input, conv);
                NetMath.Conv2DAddWeightGradient(input, output, -0.1f, weights, bias, conv);
                NetMath.Conv2D(inputd, weightsd, biasd, outputd, conv);
                NetMath.Conv2DBackwardInput(outputd, weightsd, inputd, conv);
                NetMath.Conv2DAddWeightGradient(inputd, outputd, -0.1, weightsd, biasd, conv);
                NetMath.MaxPool2D(map, pooled, pool);
                NetMath.MaxPool2DBackward(map, pooled, mapGradient, pool);
                NetMath.AvgPool2D(map, pooled, pool);
                NetMath.AvgPool2DBackward(pooled, mapGradient, pool);
                NetMath.MaxPool2D(mapd, pooledd, pool);
                NetMath.MaxPool2DBackward(mapd, pooledd, mapGradientd, pool);
                NetMath.AvgPool2D(mapd, pooledd, pool);
                NetMath.AvgPool2DBackward(pooledd, mapGradientd, pool);
            }

            CallEveryKernel();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int call = 0; call < 100; call++) CallEveryKernel();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Theory]
        [InlineData(2, 6, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, true)]
        [InlineData(3, 7, 8, 2, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0, 1, true)]
        [InlineData(1, 9, 10, 2, 4, 4, 3, 3, 1, 1, 2, 2, 2, 2, 1, true)]
        [InlineData(2, 4, 3, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 1, true)]
        [InlineData(4, 5, 9, 8, 3, 2, 2, 1, 2, 3, 1, 2, 0, 3, 4, false)] // depthwise ×2, rectangular, dilated, uneven padding
        [InlineData(2, 1, 12, 4, 1, 3, 1, 1, 1, 2, 0, 0, 4, 0, 2, true)] // a causal, dilated, grouped sequence
        public void The_gradient_kernels_are_the_derivatives_of_delta_dot_Conv2D(int channels, int height, int width, int filters, int kernelHeight, int kernelWidth,
            int strideHeight, int strideWidth, int dilationHeight, int dilationWidth, int padTop, int padBottom, int padLeft, int padRight, int groups, bool bias)
        {
            // L(x, K, b) = ⟨δ, Conv2D(x; K, b)⟩, so ∂L/∂x is Conv2DBackwardInput(δ) and ∂L/∂K, ∂L/∂b are Conv2DAddWeightGradient(x, δ, 1).
            var shape = new Conv2DShape(channels, height, width, filters, kernelHeight, kernelWidth, strideHeight, strideWidth, dilationHeight, dilationWidth,
                padTop, padBottom, padLeft, padRight, groups, bias);
            var random = new DeterministicRandom(45);
            var (x, w, b, delta) = (Normal(random, shape.InputLength), Normal(random, shape.WeightLength), Normal(random, shape.BiasLength), Normal(random, shape.OutputLength));
            var z = new double[shape.OutputLength];
            double Loss()
            {
                NetMath.Conv2D(x, w, b, z, shape);
                double sum = 0;
                for (int k = 0; k < z.Length; k++) sum += delta[k] * z[k];
                return sum;
            }

            var inputGradient = new double[shape.InputLength];
            NetMath.Conv2DBackwardInput(delta, w, inputGradient, shape);
            var (weightGradient, biasGradient) = (new double[shape.WeightLength], new double[shape.BiasLength]);
            NetMath.Conv2DAddWeightGradient(x, delta, 1.0, weightGradient, biasGradient, shape);

            AssertCentralDifferences(x, inputGradient, Loss);
            AssertCentralDifferences(w, weightGradient, Loss);
            AssertCentralDifferences(b, biasGradient, Loss);
        }

        private static void AssertCentralDifferences(double[] parameters, double[] gradient, Func<double> loss)
        {
            const double step = 1e-4;
            for (int k = 0; k < parameters.Length; k++)
            {
                double saved = parameters[k];
                parameters[k] = saved + step;
                double up = loss();
                parameters[k] = saved - step;
                double down = loss();
                parameters[k] = saved;
                double numeric = (up - down) / (2 * step);
                Assert.True(Math.Abs(numeric - gradient[k]) <= 1e-7 * (1 + Math.Abs(numeric)), $"element {k}: {gradient[k]}, numerically {numeric}");
            }
        }

        /// <summary>Every (output, channel, weight, input) product of the definition once: filter f of group g reads channels g·C/G + c.</summary>
        private static IEnumerable<(int Output, int Weight, int Input)> Products(Conv2DShape s)
        {
            int channelsPerGroup = s.Channels / s.Groups, filtersPerGroup = s.Filters / s.Groups;
            for (int f = 0; f < s.Filters; f++)
            for (int i = 0; i < s.OutputHeight; i++)
            for (int j = 0; j < s.OutputWidth; j++)
            for (int c = 0; c < channelsPerGroup; c++)
            for (int u = 0; u < s.KernelHeight; u++)
            for (int v = 0; v < s.KernelWidth; v++)
            {
                var (y, column) = (i * s.StrideHeight - s.PadTop + u * s.DilationHeight, j * s.StrideWidth - s.PadLeft + v * s.DilationWidth);
                if (y < 0 || y >= s.Height || column < 0 || column >= s.Width) continue;
                int channel = f / filtersPerGroup * channelsPerGroup + c;
                yield return ((f * s.OutputHeight + i) * s.OutputWidth + j, ((f * channelsPerGroup + c) * s.KernelHeight + u) * s.KernelWidth + v,
                    (channel * s.Height + y) * s.Width + column);
            }
        }

        private static (double[] Value, double[] Magnitude) ReferenceConv2D(double[] x, double[] w, double[] b, Conv2DShape s)
        {
            var (value, magnitude) = (new double[s.OutputLength], new double[s.OutputLength]);
            int outputArea = s.OutputHeight * s.OutputWidth;
            if (s.HasBias)
                for (int o = 0; o < value.Length; o++) (value[o], magnitude[o]) = (b[o / outputArea], Math.Abs(b[o / outputArea]));
            foreach (var (o, k, input) in Products(s))
            {
                double term = w[k] * x[input];
                value[o] += term;
                magnitude[o] += Math.Abs(term);
            }
            return (value, magnitude);
        }

        private static (double[] Value, double[] Magnitude) ReferenceBackwardInput(double[] delta, double[] w, Conv2DShape s)
        {
            var (value, magnitude) = (new double[s.InputLength], new double[s.InputLength]);
            foreach (var (o, k, input) in Products(s))
            {
                double term = delta[o] * w[k];
                value[input] += term;
                magnitude[input] += Math.Abs(term);
            }
            return (value, magnitude);
        }

        private static (double[] Weights, double[] WeightMagnitude, double[] Bias, double[] BiasMagnitude) ReferenceWeightGradient(
            double[] x, double[] delta, double scale, double[] weightsBefore, double[] biasBefore, Conv2DShape s)
        {
            var (weights, weightMagnitude) = ((double[])weightsBefore.Clone(), Array.ConvertAll(weightsBefore, Math.Abs));
            var (bias, biasMagnitude) = ((double[])biasBefore.Clone(), Array.ConvertAll(biasBefore, Math.Abs));
            int outputArea = s.OutputHeight * s.OutputWidth;
            if (s.HasBias)
                for (int o = 0; o < delta.Length; o++)
                {
                    bias[o / outputArea] += scale * delta[o];
                    biasMagnitude[o / outputArea] += Math.Abs(scale * delta[o]);
                }
            foreach (var (o, k, input) in Products(s))
            {
                double term = scale * delta[o] * x[input];
                weights[k] += term;
                weightMagnitude[k] += Math.Abs(term);
            }
            return (weights, weightMagnitude, bias, biasMagnitude);
        }

        private static (double[] Max, double[] MaxGradient, double[] Average, double[] AverageGradient) ReferencePooling(double[] x, double[] delta, Pool2DShape s)
        {
            var (max, average) = (new double[s.OutputLength], new double[s.OutputLength]);
            var (maxGradient, averageGradient) = (new double[s.InputLength], new double[s.InputLength]);
            for (int c = 0; c < s.Channels; c++)
            for (int i = 0; i < s.OutputHeight; i++)
            for (int j = 0; j < s.OutputWidth; j++)
            {
                int o = (c * s.OutputHeight + i) * s.OutputWidth + j;
                var inside = new List<int>();
                for (int y = i * s.StrideHeight - s.PadTop; y < i * s.StrideHeight - s.PadTop + s.WindowHeight; y++)
                for (int column = j * s.StrideWidth - s.PadLeft; column < j * s.StrideWidth - s.PadLeft + s.WindowWidth; column++)
                    if (y >= 0 && y < s.Height && column >= 0 && column < s.Width) inside.Add((c * s.Height + y) * s.Width + column);
                int first = inside[0];
                foreach (int k in inside)
                    if (x[k] > x[first]) first = k;
                max[o] = x[first];
                maxGradient[first] += delta[o];
                double divisor = s.CountPadding ? s.WindowHeight * s.WindowWidth : inside.Count;
                average[o] = inside.Sum(k => x[k]) / divisor;
                foreach (int k in inside) averageGradient[k] += delta[o] / divisor;
            }
            return (max, maxGradient, average, averageGradient);
        }

        private static void AssertWrongLength(string parameter, Action call)
        {
            var exception = Assert.Throws<ArgumentException>(call);
            Assert.Equal(parameter, exception.ParamName);
        }

        private static void AssertClose<T>(double[] expected, double[] magnitude, T[] actual, double relativeTolerance, object shape, string what) where T : IConvertible
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int k = 0; k < expected.Length; k++)
            {
                double value = actual[k].ToDouble(null);
                Assert.True(Math.Abs(expected[k] - value) <= relativeTolerance * Math.Max(1, magnitude[k]),
                    $"{what} {Describe(shape)}, element {k}: {value} instead of {expected[k]}");
            }
        }

        private static string Describe(object shape) => shape switch
        {
            Conv2DShape s => $"C{s.Channels} {s.Height}×{s.Width} F{s.Filters} k{s.KernelHeight}×{s.KernelWidth} s{s.StrideHeight},{s.StrideWidth} " +
                $"d{s.DilationHeight},{s.DilationWidth} p{s.PadTop},{s.PadBottom},{s.PadLeft},{s.PadRight} G{s.Groups}{(s.HasBias ? "" : " no bias")}",
            Pool2DShape s => $"C{s.Channels} {s.Height}×{s.Width} m{s.WindowHeight}×{s.WindowWidth} s{s.StrideHeight},{s.StrideWidth} " +
                $"p{s.PadTop},{s.PadBottom},{s.PadLeft},{s.PadRight}{(s.CountPadding ? "" : " not counted")}",
            _ => shape.ToString() ?? "",
        };

        private static double[] Ones(int length)
        {
            var ones = new double[length];
            Array.Fill(ones, 1.0);
            return ones;
        }

        private static double[] Normal(DeterministicRandom random, int length)
        {
            var values = new double[length];
            for (int i = 0; i < length; i++) values[i] = random.NextNormal();
            return values;
        }

        private static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);
    }
}
