#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.GeneratedCode
{
    // The float image kernels on x86 with AVX: eight output columns per vector, four outputs' accumulators in registers,
    // each weight broadcast once for two vectors of columns. Input rows are first copied, zero-padded, into a small stack
    // strip, so the multiply-add loops read every tap with one unaligned load and never test for the border. Every
    // convolution geometry runs here: rectangular kernels, a stride, a dilation and padding per side and axis, 1-D maps
    // (height 1) and groups. Groups are computed a few at a time, enough for a block of four outputs, so that a depthwise
    // convolution (one output per group) fills its registers too. A shape whose strip outgrows the scratch budget, or
    // pooling other than 2×2 windows at stride 2 without padding, takes the portable body (these bodies then return
    // false, having written nothing).
    public static partial class NetMath
    {
        /// <summary>Floats of stack scratch the AVX convolutions may use (4 KiB).</summary>
        private const int ConvolutionScratchLength = 1024;

        /// <summary>
        /// One grouped correlation out[o, i, j] = bias[o] + Σ_c Σ_u Σ_v w(o, c, u, v) · X[c, i·sh + u·dh, j·sw + v·dw] over a
        /// virtual padded source X, where X[c, t, t'] = source[c, (t − top) / sdh, (t' − left) / sdw] when both divide exactly
        /// and land inside the map, else 0; c runs over the SourceChannels of o's group. Conv2D is one (source dilations 1,
        /// offsets pt and pl). Its input gradient is another: δ spread out by the strides (source dilations sh and sw),
        /// offsets eh − 1 − pt and ew − 1 − pl (e the dilated kernel's extent), strides 1, the kernel flipped, filters and
        /// channels swapped, which the signed weight strides express without copying the weights.
        /// </summary>
        private readonly struct Correlation
        {
            /// <summary>Groups in this correlation; SourceChannels and Outputs count one group's.</summary>
            public int Groups { get; init; }
            public int SourceChannels { get; init; }
            public int Outputs { get; init; }
            public int SourceHeight { get; init; }
            public int SourceWidth { get; init; }
            public int SourceDilationHeight { get; init; }
            public int SourceDilationWidth { get; init; }
            public int OffsetTop { get; init; }
            public int OffsetLeft { get; init; }
            public int KernelHeight { get; init; }
            public int KernelWidth { get; init; }
            public int DilationHeight { get; init; }
            public int DilationWidth { get; init; }
            public int StrideHeight { get; init; }
            public int StrideWidth { get; init; }
            public int OutputHeight { get; init; }
            public int OutputWidth { get; init; }
            // The kh·kw taps (u, v) of one output and channel are consecutive in the weights, forwards or (flipped) backwards.
            public nint WeightOrigin { get; init; }
            public nint GroupWeightStride { get; init; }
            public nint OutputWeightStride { get; init; }
            public nint ChannelWeightStride { get; init; }
            public nint TapWeightStride { get; init; }

            /// <summary>eh = dh·(kh − 1) + 1: the padded rows one output row reads, the strip's ring of rows.</summary>
            public int ExtentHeight => DilationHeight * (KernelHeight - 1) + 1;

            /// <summary>Strip columns a tap reads past its output column: dw·(kw − 1) div sw.</summary>
            public int Reach => DilationWidth * (KernelWidth - 1) / StrideWidth;

            public int Taps => KernelHeight * KernelWidth;

            /// <summary>The strip's planes per source channel: one per ring row and column phase.</summary>
            public int PlanesPerChannel => ExtentHeight * StrideWidth;

            public int SourceLength => SourceChannels * SourceHeight * SourceWidth;

            public int OutputLength => Outputs * OutputHeight * OutputWidth;

            /// <summary>The same correlation over <paramref name="groups"/> consecutive groups.</summary>
            public Correlation WithGroups(int groups) => this with { Groups = groups };

            public static Correlation Forward(Conv2DShape group, int groups)
            {
                int taps = group.KernelHeight * group.KernelWidth;
                return new Correlation
                {
                    Groups = groups, SourceChannels = group.Channels, Outputs = group.Filters,
                    SourceHeight = group.Height, SourceWidth = group.Width, SourceDilationHeight = 1, SourceDilationWidth = 1,
                    OffsetTop = group.PadTop, OffsetLeft = group.PadLeft,
                    KernelHeight = group.KernelHeight, KernelWidth = group.KernelWidth, DilationHeight = group.DilationHeight, DilationWidth = group.DilationWidth,
                    StrideHeight = group.StrideHeight, StrideWidth = group.StrideWidth, OutputHeight = group.OutputHeight, OutputWidth = group.OutputWidth,
                    WeightOrigin = 0, GroupWeightStride = group.WeightLength, OutputWeightStride = group.Channels * taps, ChannelWeightStride = taps, TapWeightStride = 1,
                };
            }

            public static Correlation InputGradient(Conv2DShape group, int groups)
            {
                int taps = group.KernelHeight * group.KernelWidth;
                int extentHeight = LayerShape.Extent(group.KernelHeight, group.DilationHeight), extentWidth = LayerShape.Extent(group.KernelWidth, group.DilationWidth);
                return new Correlation
                {
                    Groups = groups, SourceChannels = group.Filters, Outputs = group.Channels,
                    SourceHeight = group.OutputHeight, SourceWidth = group.OutputWidth,
                    SourceDilationHeight = group.StrideHeight, SourceDilationWidth = group.StrideWidth,
                    OffsetTop = extentHeight - 1 - group.PadTop, OffsetLeft = extentWidth - 1 - group.PadLeft,
                    KernelHeight = group.KernelHeight, KernelWidth = group.KernelWidth, DilationHeight = group.DilationHeight, DilationWidth = group.DilationWidth,
                    StrideHeight = 1, StrideWidth = 1, OutputHeight = group.Height, OutputWidth = group.Width,
                    WeightOrigin = taps - 1, GroupWeightStride = group.WeightLength, OutputWeightStride = taps, ChannelWeightStride = group.Channels * taps, TapWeightStride = -1,
                };
            }
        }

        internal static bool Conv2DAvx(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, Conv2DShape shape)
        {
            var group = shape.Group;
            return CorrelateGroupsAvx(input, weights, bias, output, Correlation.Forward(group, shape.Groups), group.WeightLength, group.BiasLength);
        }

        internal static bool Conv2DBackwardInputAvx(ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, Span<float> inputGradient, Conv2DShape shape)
        {
            var group = shape.Group;
            return CorrelateGroupsAvx(delta, weights, ReadOnlySpan<float>.Empty, inputGradient, Correlation.InputGradient(group, shape.Groups), group.WeightLength, 0);
        }

        /// <summary>
        /// Runs <paramref name="correlation"/>'s groups in passes of as few groups as fill a block of four outputs (a
        /// depthwise convolution: four groups; a convolution with four or more filters per group: one), as many as the
        /// scratch holds. Returns false, having written nothing, when even one group outgrows the scratch.
        /// </summary>
        private static bool CorrelateGroupsAvx(ReadOnlySpan<float> source, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output,
            in Correlation correlation, int groupWeightLength, int groupBiasLength)
        {
            int groupsPerPass = Math.Min(correlation.Groups, (4 + correlation.Outputs - 1) / correlation.Outputs);
            while (groupsPerPass > 1 && StripChunk(correlation.WithGroups(groupsPerPass)) == 0) groupsPerPass--;
            if (StripChunk(correlation.WithGroups(1)) == 0) return false;
            for (int g = 0; g < correlation.Groups; g += groupsPerPass)
            {
                int groups = Math.Min(groupsPerPass, correlation.Groups - g);
                var pass = correlation.WithGroups(groups);
                CorrelateAvx(source.Slice(g * correlation.SourceLength, groups * correlation.SourceLength), weights.Slice(g * groupWeightLength, groups * groupWeightLength),
                    bias.IsEmpty ? bias : bias.Slice(g * groupBiasLength, groups * groupBiasLength),
                    output.Slice(g * correlation.OutputLength, groups * correlation.OutputLength), pass);
            }
            return true;
        }

        /// <summary>
        /// The output columns one pass of the strip covers: up to 64, as many as the scratch holds with every source
        /// channel's planes and the tap offsets; 0 when fewer than a vector's worth (or the whole row, if narrower) fit.
        /// </summary>
        private static int StripChunk(in Correlation correlation)
        {
            int planes = correlation.Groups * correlation.SourceChannels * correlation.PlanesPerChannel;
            int chunk = Math.Min(Math.Min(correlation.OutputWidth, 64), (ConvolutionScratchLength - correlation.Taps) / planes - correlation.Reach);
            return chunk < Math.Min(correlation.OutputWidth, 8) ? 0 : chunk;
        }

        /// <summary>
        /// Runs <paramref name="correlation"/> in chunks of <see cref="StripChunk"/> output columns, output row by output row:
        /// the strip holds the last eh padded source rows of every channel (a ring, so each row is packed once per chunk),
        /// and the outputs are computed four at a time, two vectors of columns each. The last chunk and the last vector of a
        /// row start early enough to end at the row's end, recomputing a few columns, so no load or store needs a mask.
        /// </summary>
        private static void CorrelateAvx(ReadOnlySpan<float> source, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, in Correlation correlation)
        {
            int chunk = StripChunk(correlation), extent = correlation.ExtentHeight, outputs = correlation.Groups * correlation.Outputs;
            int planeLength = Math.Max(chunk, 8) + correlation.Reach;
            int planes = correlation.Groups * correlation.SourceChannels * correlation.PlanesPerChannel;
            Span<float> scratch = stackalloc float[planes * planeLength + correlation.Taps];
            var strip = scratch.Slice(0, planes * planeLength);
            var stripOffsets = MemoryMarshal.Cast<float, int>(scratch.Slice(strip.Length));

            for (int chunkStart = 0; ; chunkStart += chunk)
            {
                chunkStart = Math.Min(chunkStart, correlation.OutputWidth - chunk);
                int packedRows = 0;
                for (int i = 0; i < correlation.OutputHeight; i++)
                {
                    int firstRow = i * correlation.StrideHeight;
                    for (int row = Math.Max(packedRows, firstRow); row < firstRow + extent; row++)
                        PackStripRow(source, correlation, row, chunkStart, strip, planeLength);
                    packedRows = firstRow + extent;
                    FillStripOffsets(correlation, planeLength, firstRow % extent, stripOffsets);
                    for (int o = 0; o < outputs; o += 4)
                    {
                        // Four outputs of one group read the same source planes: one load serves them all.
                        if (correlation.Groups == 1 || o / correlation.Outputs == Math.Min(o + 3, outputs - 1) / correlation.Outputs)
                            CorrelateFourOutputs<SharedPlanes>(strip, planeLength, stripOffsets, weights, bias, output, correlation, o, i, chunkStart, chunk);
                        else
                            CorrelateFourOutputs<PlanesPerOutput>(strip, planeLength, stripOffsets, weights, bias, output, correlation, o, i, chunkStart, chunk);
                    }
                }
                if (chunkStart + chunk >= correlation.OutputWidth) return;
            }
        }

        /// <summary>
        /// Where each tap (u, v), in that order, finds its input within a channel's planes, so that the multiply-add loop
        /// runs over a channel's kh·kw taps in one stretch. It depends on the ring slot of the output row's first padded row.
        /// </summary>
        private static void FillStripOffsets(in Correlation correlation, int planeLength, int firstSlot, Span<int> offsets)
        {
            int extent = correlation.ExtentHeight, stride = correlation.StrideWidth, t = 0;
            for (int u = 0; u < correlation.KernelHeight; u++)
            {
                int slot = (firstSlot + u * correlation.DilationHeight) % extent;
                // Tap v reads padded column v·dw past the output's: plane phase v·dw mod sw, column v·dw div sw.
                for (int v = 0; v < correlation.KernelWidth; v++)
                {
                    int position = v * correlation.DilationWidth;
                    offsets[t++] = (slot * stride + position % stride) * planeLength + position / stride;
                }
            }
        }

        /// <summary>
        /// Packs padded source row t (of every channel) into ring slot t mod eh: plane (c, slot, phase) holds columns
        /// (chunkStart + col)·sw + phase, so tap v of output column j is plane (c, slot, v·dw mod sw) at column
        /// j − chunkStart + v·dw div sw, contiguous in j whatever the stride.
        /// </summary>
        private static void PackStripRow(ReadOnlySpan<float> source, in Correlation correlation, int paddedRow, int chunkStart, Span<float> strip, int planeLength)
        {
            int stride = correlation.StrideWidth, dilation = correlation.SourceDilationHeight, width = correlation.SourceWidth, extent = correlation.ExtentHeight;
            int row = paddedRow - correlation.OffsetTop;
            bool inside = row >= 0 && row % dilation == 0 && row / dilation < correlation.SourceHeight;
            for (int c = 0; c < correlation.Groups * correlation.SourceChannels; c++)
            {
                var sourceRow = inside ? source.Slice((c * correlation.SourceHeight + row / dilation) * width, width) : default;
                for (int phase = 0; phase < stride; phase++)
                {
                    var target = strip.Slice(((c * extent + paddedRow % extent) * stride + phase) * planeLength, planeLength);
                    if (inside) PackRow(sourceRow, target, chunkStart * stride + phase - correlation.OffsetLeft, stride, correlation.SourceDilationWidth);
                    else target.Clear();
                }
            }
        }

        /// <summary>target[col] = the padded row at position first + col·step: row[(position) / dilation] where that divides exactly and lies in the row, else 0.</summary>
        private static void PackRow(ReadOnlySpan<float> row, Span<float> target, int first, int step, int dilation)
        {
            if (dilation != 1)
            {
                for (int col = 0; col < target.Length; col++)
                {
                    int position = first + col * step;
                    target[col] = position >= 0 && position % dilation == 0 && position / dilation < row.Length ? row[position / dilation] : 0;
                }
                return;
            }

            int inFirst = Math.Min(Math.Max(0, CeilingDivide(-first, step)), target.Length);
            int inEnd = Math.Min(Math.Max(inFirst, CeilingDivide(row.Length - first, step)), target.Length);
            target.Slice(0, inFirst).Clear();
            target.Slice(inEnd).Clear();
            if (inFirst == inEnd) return; // the whole target lies in the padding (a padding wider than the row)
            if (step == 1) row.Slice(first + inFirst, inEnd - inFirst).CopyTo(target.Slice(inFirst));
            else for (int col = inFirst; col < inEnd; col++) target[col] = row[first + col * step];
        }

        /// <summary>The four outputs of a block belong to one group and read the same source planes.</summary>
        private struct SharedPlanes
        {
        }

        /// <summary>The outputs of a block span groups: each reads its own group's planes.</summary>
        private struct PlanesPerOutput
        {
        }

        /// <summary>Where output <paramref name="o"/>'s weights start: its group's block, then its own.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static nint WeightOffset(in Correlation correlation, int o) => correlation.Groups == 1
            ? correlation.WeightOrigin + o * correlation.OutputWeightStride // one group: no division in the common case
            : correlation.WeightOrigin + o / correlation.Outputs * correlation.GroupWeightStride + o % correlation.Outputs * correlation.OutputWeightStride;

        /// <summary>Where the strip planes of output <paramref name="o"/>'s group start.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static nint PlaneOffset(in Correlation correlation, int o, int planeLength) =>
            correlation.Groups == 1 ? 0 : (nint)(o / correlation.Outputs) * correlation.SourceChannels * correlation.PlanesPerChannel * planeLength;

        /// <summary>
        /// Outputs o0 … o0 + 3 of output row i over one chunk of columns, sixteen columns (two vectors, eight accumulators) at
        /// a time. Past the last output the block repeats the last one and skips its stores. <typeparamref name="TPlanes"/>
        /// says whether the four share their source planes (one load per tap) or each loads its group's (the JIT compiles
        /// one body for each).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void CorrelateFourOutputs<TPlanes>(Span<float> strip, int planeLength, ReadOnlySpan<int> stripOffsets, ReadOnlySpan<float> weights,
            ReadOnlySpan<float> bias, Span<float> output, in Correlation correlation, int o0, int i, int chunkStart, int chunk) where TPlanes : struct
        {
            int last = correlation.Groups * correlation.Outputs - 1, taps = stripOffsets.Length, channels = correlation.SourceChannels;
            int o1 = Math.Min(o0 + 1, last), o2 = Math.Min(o0 + 2, last), o3 = Math.Min(o0 + 3, last);
            nint channelWeightStride = correlation.ChannelWeightStride, tapWeightStride = correlation.TapWeightStride;
            nint channelPlanes = correlation.PlanesPerChannel * planeLength;
            nint weight0 = WeightOffset(correlation, o0), plane0 = PlaneOffset(correlation, o0, planeLength);
            nint w1 = WeightOffset(correlation, o1) - weight0, w2 = WeightOffset(correlation, o2) - weight0, w3 = WeightOffset(correlation, o3) - weight0;
            nint p1 = 0, p2 = 0, p3 = 0;
            if (typeof(TPlanes) == typeof(PlanesPerOutput))
                (p1, p2, p3) = (PlaneOffset(correlation, o1, planeLength) - plane0, PlaneOffset(correlation, o2, planeLength) - plane0,
                    PlaneOffset(correlation, o3, planeLength) - plane0);
            ref float w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(weights), weight0);
            ref int stripOffset = ref MemoryMarshal.GetReference(stripOffsets);
            int lastStart = Math.Max(chunk - 8, 0);

            for (int j = 0; j < chunk; j += 16)
            {
                nuint a = (nuint)Math.Min(j, lastStart), b = (nuint)Math.Min(j + 8, lastStart);
                Vector256<float> s0a = BiasVector(bias, o0, last), s1a = BiasVector(bias, o1, last);
                Vector256<float> s2a = BiasVector(bias, o2, last), s3a = BiasVector(bias, o3, last);
                var (s0b, s1b, s2b, s3b) = (s0a, s1a, s2a, s3a);
                ref float planes = ref Unsafe.Add(ref MemoryMarshal.GetReference(strip), plane0);
                ref float channelWeights = ref w0;
                for (int c = 0; c < channels; c++)
                {
                    ref float tap = ref channelWeights;
                    for (int t = 0; t < taps; t++)
                    {
                        ref float at = ref Unsafe.Add(ref planes, Unsafe.Add(ref stripOffset, t));
                        var xa = Vector256.LoadUnsafe(ref at, a);
                        var xb = Vector256.LoadUnsafe(ref at, b);
                        var k0 = Vector256.Create(tap);
                        s0a = MultiplyAdd(xa, k0, s0a);
                        s0b = MultiplyAdd(xb, k0, s0b);
                        if (typeof(TPlanes) == typeof(PlanesPerOutput)) (xa, xb) = (Vector256.LoadUnsafe(ref Unsafe.Add(ref at, p1), a), Vector256.LoadUnsafe(ref Unsafe.Add(ref at, p1), b));
                        var k1 = Vector256.Create(Unsafe.Add(ref tap, w1));
                        s1a = MultiplyAdd(xa, k1, s1a);
                        s1b = MultiplyAdd(xb, k1, s1b);
                        if (typeof(TPlanes) == typeof(PlanesPerOutput)) (xa, xb) = (Vector256.LoadUnsafe(ref Unsafe.Add(ref at, p2), a), Vector256.LoadUnsafe(ref Unsafe.Add(ref at, p2), b));
                        var k2 = Vector256.Create(Unsafe.Add(ref tap, w2));
                        s2a = MultiplyAdd(xa, k2, s2a);
                        s2b = MultiplyAdd(xb, k2, s2b);
                        if (typeof(TPlanes) == typeof(PlanesPerOutput)) (xa, xb) = (Vector256.LoadUnsafe(ref Unsafe.Add(ref at, p3), a), Vector256.LoadUnsafe(ref Unsafe.Add(ref at, p3), b));
                        var k3 = Vector256.Create(Unsafe.Add(ref tap, w3));
                        s3a = MultiplyAdd(xa, k3, s3a);
                        s3b = MultiplyAdd(xb, k3, s3b);
                        tap = ref Unsafe.Add(ref tap, tapWeightStride);
                    }
                    planes = ref Unsafe.Add(ref planes, channelPlanes);
                    channelWeights = ref Unsafe.Add(ref channelWeights, channelWeightStride);
                }

                int rowStart = i * correlation.OutputWidth + chunkStart;
                StoreOutputRow(output, correlation, o0, rowStart, a, b, chunk, s0a, s0b);
                if (o0 + 1 <= last) StoreOutputRow(output, correlation, o0 + 1, rowStart, a, b, chunk, s1a, s1b);
                if (o0 + 2 <= last) StoreOutputRow(output, correlation, o0 + 2, rowStart, a, b, chunk, s2a, s2b);
                if (o0 + 3 <= last) StoreOutputRow(output, correlation, o0 + 3, rowStart, a, b, chunk, s3a, s3b);
            }
        }


        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> BiasVector(ReadOnlySpan<float> bias, int o, int last) =>
            bias.IsEmpty ? Vector256<float>.Zero : Vector256.Create(bias[Math.Min(o, last)]);

        /// <summary>Stores the two vectors of columns a and b of output o's row; a row narrower than a vector (then a = b = 0) gets only its own columns.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreOutputRow(Span<float> output, in Correlation correlation, int o, int rowStart, nuint a, nuint b, int chunk, Vector256<float> first, Vector256<float> second)
        {
            var row = output.Slice(o * correlation.OutputHeight * correlation.OutputWidth + rowStart, chunk);
            if (chunk < 8)
            {
                for (int lane = 0; lane < chunk; lane++) row[lane] = first.GetElement(lane);
                return;
            }
            ref float target = ref MemoryMarshal.GetReference(row);
            first.StoreUnsafe(ref target, a);
            second.StoreUnsafe(ref target, b);
        }

        /// <summary>
        /// The weight gradient channel by channel: packs a band of the channel's padded rows into the strip, then for each
        /// kernel row u accumulates three filters × three taps (nine vectors) over every output column of the band, and adds
        /// the nine sums in. The last vector of a row starts early enough to end at the row's end; its δ lanes that the
        /// vector before already covered are masked to 0 so that no product counts twice.
        /// </summary>
        internal static bool Conv2DAddWeightGradientAvx(ReadOnlySpan<float> input, ReadOnlySpan<float> delta, float scale, Span<float> weightGradient, Span<float> biasGradient, Conv2DShape shape)
        {
            int strideHeight = shape.StrideHeight, extent = LayerShape.Extent(shape.KernelHeight, shape.DilationHeight);
            int outputWidth = shape.OutputWidth, outputHeight = shape.OutputHeight;
            int planeLength = outputWidth + shape.DilationWidth * (shape.KernelWidth - 1) / shape.StrideWidth;
            int rowLength = shape.StrideWidth * planeLength;
            int bandRows = ConvolutionScratchLength / rowLength;
            if (outputWidth < 8 || bandRows < extent) return false;
            int bandOutputRows = Math.Min(outputHeight, (bandRows - extent) / strideHeight + 1);
            Span<float> strip = stackalloc float[((bandOutputRows - 1) * strideHeight + extent) * rowLength];

            var group = shape.Group;
            for (int g = 0; g < shape.Groups; g++)
                AddGroupWeightGradientAvx(Part(input, g, group.InputLength), Part(delta, g, group.OutputLength), scale,
                    Part(weightGradient, g, group.WeightLength), Part(biasGradient, g, group.BiasLength), group, strip, planeLength, bandOutputRows);
            return true;
        }

        private static void AddGroupWeightGradientAvx(ReadOnlySpan<float> input, ReadOnlySpan<float> delta, float scale, Span<float> weightGradient, Span<float> biasGradient,
            Conv2DShape shape, Span<float> strip, int planeLength, int bandOutputRows)
        {
            int strideHeight = shape.StrideHeight, strideWidth = shape.StrideWidth, outputHeight = shape.OutputHeight;
            int extent = LayerShape.Extent(shape.KernelHeight, shape.DilationHeight);
            int outputArea = outputHeight * shape.OutputWidth;
            if (shape.HasBias)
                for (int f = 0; f < shape.Filters; f++) biasGradient[f] += scale * SumAvx(delta.Slice(f * outputArea, outputArea));

            for (int c = 0; c < shape.Channels; c++)
            for (int top = 0; top < outputHeight; top += bandOutputRows)
            {
                int bottom = Math.Min(outputHeight, top + bandOutputRows);
                int rows = (bottom - top - 1) * strideHeight + extent;
                for (int r = 0; r < rows; r++)
                {
                    int y = top * strideHeight + r - shape.PadTop;
                    var inputRow = y >= 0 && y < shape.Height ? input.Slice((c * shape.Height + y) * shape.Width, shape.Width) : default;
                    for (int phase = 0; phase < strideWidth; phase++)
                    {
                        var target = strip.Slice((r * strideWidth + phase) * planeLength, planeLength);
                        if (inputRow.IsEmpty) target.Clear();
                        else PackRow(inputRow, target, phase - shape.PadLeft, strideWidth, 1);
                    }
                }

                for (int u = 0; u < shape.KernelHeight; u++)
                for (int f0 = 0; f0 < shape.Filters; f0 += 3)
                for (int v0 = 0; v0 < shape.KernelWidth; v0 += 3)
                    AddWeightGradientBlock(strip, planeLength, delta, scale, weightGradient, shape, c, u, f0, v0, top, bottom);
            }
        }

        /// <summary>
        /// weightGradient[f, c, u, v] += scale · Σ δ[f, i, j] · x[c, i·sh − pt + u·dh, j·sw − pl + v·dw] for filters f0 … f0 + 2
        /// and taps v0 … v0 + 2 over output rows [top, bottom), whose padded input rows the strip holds from row top·sh. Past
        /// the last filter or tap the block repeats the last one and skips its update.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void AddWeightGradientBlock(Span<float> strip, int planeLength, ReadOnlySpan<float> delta, float scale, Span<float> weightGradient,
            Conv2DShape shape, int c, int u, int f0, int v0, int top, int bottom)
        {
            int strideWidth = shape.StrideWidth, dilation = shape.DilationWidth, outputWidth = shape.OutputWidth;
            int lastFilter = shape.Filters - 1, lastTap = shape.KernelWidth - 1;
            int outputArea = shape.OutputHeight * outputWidth;
            int f1 = Math.Min(f0 + 1, lastFilter), f2 = Math.Min(f0 + 2, lastFilter);
            int v1 = Math.Min(v0 + 1, lastTap), v2 = Math.Min(v0 + 2, lastTap);
            ref float deltas = ref MemoryMarshal.GetReference(delta);
            ref float planes = ref MemoryMarshal.GetReference(strip);
            // Tap v reads padded column v·dw past the output's: plane phase v·dw mod sw, column v·dw div sw.
            nint tap0 = (v0 * dilation % strideWidth) * planeLength + v0 * dilation / strideWidth;
            nint tap1 = (v1 * dilation % strideWidth) * planeLength + v1 * dilation / strideWidth;
            nint tap2 = (v2 * dilation % strideWidth) * planeLength + v2 * dilation / strideWidth;
            int lastStart = outputWidth - 8;
            var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);

            Vector256<float> g00 = default, g01 = default, g02 = default, g10 = default, g11 = default, g12 = default, g20 = default, g21 = default, g22 = default;
            ref float d0 = ref Unsafe.Add(ref deltas, f0 * outputArea + top * outputWidth);
            ref float d1 = ref Unsafe.Add(ref deltas, f1 * outputArea + top * outputWidth);
            ref float d2 = ref Unsafe.Add(ref deltas, f2 * outputArea + top * outputWidth);
            ref float x = ref Unsafe.Add(ref planes, u * shape.DilationHeight * strideWidth * planeLength);
            nint inputRowStep = shape.StrideHeight * strideWidth * planeLength;
            for (int i = top; i < bottom; i++)
            {
                for (int j = 0; j < outputWidth; j += 8)
                {
                    int start = Math.Min(j, lastStart);
                    // Only lanes at columns ≥ j count: all of a full vector, the new columns of the last one.
                    var keep = Vector256.GreaterThan(lanes, Vector256.Create(j - start - 1)).AsSingle();
                    var e0 = Vector256.LoadUnsafe(ref d0, (nuint)start) & keep;
                    var e1 = Vector256.LoadUnsafe(ref d1, (nuint)start) & keep;
                    var e2 = Vector256.LoadUnsafe(ref d2, (nuint)start) & keep;
                    var x0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, tap0), (nuint)start);
                    g00 = MultiplyAdd(e0, x0, g00);
                    g10 = MultiplyAdd(e1, x0, g10);
                    g20 = MultiplyAdd(e2, x0, g20);
                    var x1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, tap1), (nuint)start);
                    g01 = MultiplyAdd(e0, x1, g01);
                    g11 = MultiplyAdd(e1, x1, g11);
                    g21 = MultiplyAdd(e2, x1, g21);
                    var x2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, tap2), (nuint)start);
                    g02 = MultiplyAdd(e0, x2, g02);
                    g12 = MultiplyAdd(e1, x2, g12);
                    g22 = MultiplyAdd(e2, x2, g22);
                }
                d0 = ref Unsafe.Add(ref d0, outputWidth);
                d1 = ref Unsafe.Add(ref d1, outputWidth);
                d2 = ref Unsafe.Add(ref d2, outputWidth);
                x = ref Unsafe.Add(ref x, inputRowStep);
            }

            AddTapSums(weightGradient, shape, scale, f0, c, u, v0, v1, v2, lastTap, g00, g01, g02);
            if (f0 + 1 <= lastFilter) AddTapSums(weightGradient, shape, scale, f0 + 1, c, u, v0, v1, v2, lastTap, g10, g11, g12);
            if (f0 + 2 <= lastFilter) AddTapSums(weightGradient, shape, scale, f0 + 2, c, u, v0, v1, v2, lastTap, g20, g21, g22);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddTapSums(Span<float> weightGradient, Conv2DShape shape, float scale, int f, int c, int u, int v0, int v1, int v2, int lastTap,
            Vector256<float> sum0, Vector256<float> sum1, Vector256<float> sum2)
        {
            ref float row = ref weightGradient[WeightIndex(shape, f, c, u, 0)];
            Unsafe.Add(ref row, v0) += scale * Vector256.Sum(sum0);
            if (v0 + 1 <= lastTap) Unsafe.Add(ref row, v1) += scale * Vector256.Sum(sum1);
            if (v0 + 2 <= lastTap) Unsafe.Add(ref row, v2) += scale * Vector256.Sum(sum2);
        }

        private static float SumAvx(ReadOnlySpan<float> values)
        {
            ref float start = ref MemoryMarshal.GetReference(values);
            Vector256<float> sum = default;
            int i = 0;
            for (; i + 8 <= values.Length; i += 8) sum += Vector256.LoadUnsafe(ref start, (nuint)i);
            float total = Vector256.Sum(sum);
            for (; i < values.Length; i++) total += values[i];
            return total;
        }

        /// <summary>
        /// 2×2 windows at stride 2, the common max pooling, eight outputs per step: the maxima of two input rows, then of
        /// their even and odd columns. Other windows, and rows too short for a step, take the portable body (returns false).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool MaxPool2DAvx(ReadOnlySpan<float> input, Span<float> output, Pool2DShape shape)
        {
            if (!IsVectorPooling(shape)) return false;
            int width = shape.Width, outputWidth = shape.OutputWidth, lastStart = outputWidth - 8;
            ref float source = ref MemoryMarshal.GetReference(input);
            ref float target = ref MemoryMarshal.GetReference(output);
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            {
                ref float upper = ref Unsafe.Add(ref source, (c * shape.Height + 2 * i) * width);
                ref float lower = ref Unsafe.Add(ref upper, width);
                ref float row = ref Unsafe.Add(ref target, (c * shape.OutputHeight + i) * outputWidth);
                for (int j = 0; j < outputWidth; j += 8)
                {
                    // The last step starts early enough to end at the row's end: it rewrites a few outputs with the same values.
                    nuint start = (nuint)Math.Min(j, lastStart);
                    var (upperEven, upperOdd) = EvenAndOddColumns(ref upper, 2 * start);
                    var (lowerEven, lowerOdd) = EvenAndOddColumns(ref lower, 2 * start);
                    MaximumOrNaN(MaximumOrNaN(upperEven, upperOdd), MaximumOrNaN(lowerEven, lowerOdd)).StoreUnsafe(ref row, start);
                }
            }
            return true;
        }

        /// <summary>
        /// The gradient of <see cref="MaxPool2DAvx"/>: per window, δ goes to the first of its four inputs (row-major) that
        /// equals the maximum, or to its first NaN; the windows do not overlap, so each input gets one value or 0.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool MaxPool2DBackwardAvx(ReadOnlySpan<float> input, ReadOnlySpan<float> delta, Span<float> inputGradient, Pool2DShape shape)
        {
            if (!IsVectorPooling(shape)) return false;
            int width = shape.Width, outputWidth = shape.OutputWidth, lastStart = outputWidth - 8;
            // Rows and columns past the last window get no gradient.
            inputGradient.Clear();
            ref float source = ref MemoryMarshal.GetReference(input);
            ref float deltas = ref MemoryMarshal.GetReference(delta);
            ref float gradient = ref MemoryMarshal.GetReference(inputGradient);
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            {
                nint top = (c * shape.Height + 2 * i) * width;
                ref float upper = ref Unsafe.Add(ref source, top);
                ref float lower = ref Unsafe.Add(ref upper, width);
                ref float upperGradient = ref Unsafe.Add(ref gradient, top);
                ref float lowerGradient = ref Unsafe.Add(ref upperGradient, width);
                ref float deltaRow = ref Unsafe.Add(ref deltas, (c * shape.OutputHeight + i) * outputWidth);
                for (int j = 0; j < outputWidth; j += 8)
                {
                    nuint start = (nuint)Math.Min(j, lastStart);
                    var (a, b) = EvenAndOddColumns(ref upper, 2 * start);
                    var (c0, d) = EvenAndOddColumns(ref lower, 2 * start);
                    var maximum = MaximumOrNaN(MaximumOrNaN(a, b), MaximumOrNaN(c0, d));
                    var d0 = Vector256.LoadUnsafe(ref deltaRow, start);
                    var taken = IsMaximum(a, maximum);
                    var toA = d0 & taken;
                    var isB = Vector256.AndNot(IsMaximum(b, maximum), taken);
                    taken |= isB;
                    var isC = Vector256.AndNot(IsMaximum(c0, maximum), taken);
                    taken |= isC;
                    var isD = Vector256.AndNot(IsMaximum(d, maximum), taken);
                    StoreInterleaved(ref upperGradient, 2 * start, toA, d0 & isB);
                    StoreInterleaved(ref lowerGradient, 2 * start, d0 & isC, d0 & isD);
                }
            }
            return true;
        }

        /// <summary>
        /// 2×2 windows at stride 2, four outputs per step from eight columns of two rows: the rows added, then neighbouring
        /// columns by a pairwise add. 128-bit vectors, so that rows of 8 to 15 columns (13 in the Fashion-MNIST network)
        /// qualify. Other windows take the portable body (returns false).
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool AvgPool2DVector128(ReadOnlySpan<float> input, Span<float> output, Pool2DShape shape)
        {
            if (!IsQuarterPooling(shape)) return false;
            int width = shape.Width, outputWidth = shape.OutputWidth, lastStart = outputWidth - 4;
            var quarter = Vector128.Create(0.25f);
            ref float source = ref MemoryMarshal.GetReference(input);
            ref float target = ref MemoryMarshal.GetReference(output);
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            {
                ref float upper = ref Unsafe.Add(ref source, (c * shape.Height + 2 * i) * width);
                ref float lower = ref Unsafe.Add(ref upper, width);
                ref float row = ref Unsafe.Add(ref target, (c * shape.OutputHeight + i) * outputWidth);
                for (int j = 0; j < outputWidth; j += 4)
                {
                    // The last step starts early enough to end at the row's end: it rewrites a few outputs with the same values.
                    nuint start = (nuint)Math.Min(j, lastStart);
                    var first = Vector128.LoadUnsafe(ref upper, 2 * start) + Vector128.LoadUnsafe(ref lower, 2 * start);
                    var second = Vector128.LoadUnsafe(ref upper, 2 * start + 4) + Vector128.LoadUnsafe(ref lower, 2 * start + 4);
                    (Sse3.HorizontalAdd(first, second) * quarter).StoreUnsafe(ref row, start);
                }
            }
            return true;
        }

        /// <summary>The gradient of <see cref="AvgPool2DVector128"/>: δ / 4 to both columns of both rows of each window; the windows do not overlap.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal static bool AvgPool2DBackwardVector128(ReadOnlySpan<float> delta, Span<float> inputGradient, Pool2DShape shape)
        {
            if (!IsQuarterPooling(shape)) return false;
            int width = shape.Width, outputWidth = shape.OutputWidth, lastStart = outputWidth - 4;
            var quarter = Vector128.Create(0.25f);
            // Rows and columns past the last window get no gradient.
            inputGradient.Clear();
            ref float deltas = ref MemoryMarshal.GetReference(delta);
            ref float gradient = ref MemoryMarshal.GetReference(inputGradient);
            for (int c = 0; c < shape.Channels; c++)
            for (int i = 0; i < shape.OutputHeight; i++)
            {
                ref float upper = ref Unsafe.Add(ref gradient, (c * shape.Height + 2 * i) * width);
                ref float lower = ref Unsafe.Add(ref upper, width);
                ref float deltaRow = ref Unsafe.Add(ref deltas, (c * shape.OutputHeight + i) * outputWidth);
                for (int j = 0; j < outputWidth; j += 4)
                {
                    nuint start = (nuint)Math.Min(j, lastStart);
                    var share = Vector128.LoadUnsafe(ref deltaRow, start) * quarter;
                    var (first, second) = (Sse.UnpackLow(share, share), Sse.UnpackHigh(share, share)); // s0 s0 s1 s1, s2 s2 s3 s3
                    first.StoreUnsafe(ref upper, 2 * start);
                    second.StoreUnsafe(ref upper, 2 * start + 4);
                    first.StoreUnsafe(ref lower, 2 * start);
                    second.StoreUnsafe(ref lower, 2 * start + 4);
                }
            }
            return true;
        }

        private static bool IsQuarterPooling(Pool2DShape shape) => Sse3.IsSupported && IsTwoByTwoPooling(shape) && shape.Width >= 8;

        private static bool IsVectorPooling(Pool2DShape shape) => Avx2.IsSupported && IsTwoByTwoPooling(shape) && shape.Width >= 16;

        /// <summary>2×2 windows side by side (stride 2) without padding: the windows the vector pooling bodies are laid out for.</summary>
        private static bool IsTwoByTwoPooling(Pool2DShape shape) =>
            shape.WindowHeight == 2 && shape.WindowWidth == 2 && shape.StrideHeight == 2 && shape.StrideWidth == 2 && shape.IsUnpadded;

        /// <summary>Columns at+0, +2, … +14 and at+1, +3, … +15 of a row, in order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (Vector256<float> Even, Vector256<float> Odd) EvenAndOddColumns(ref float row, nuint at)
        {
            var (first, second) = (Vector256.LoadUnsafe(ref row, at), Vector256.LoadUnsafe(ref row, at + 8));
            // Shuffle works within 128-bit halves: lanes [0 2 8 10 | 4 6 12 14]; the permute puts the 64-bit pairs in order.
            var even = Avx.Shuffle(first, second, 0b10_00_10_00).AsDouble();
            var odd = Avx.Shuffle(first, second, 0b11_01_11_01).AsDouble();
            return (Avx2.Permute4x64(even, 0b11_01_10_00).AsSingle(), Avx2.Permute4x64(odd, 0b11_01_10_00).AsSingle());
        }

        /// <summary>The inverse of <see cref="EvenAndOddColumns"/>: stores even[0], odd[0], even[1], odd[1], … from row[at].</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreInterleaved(ref float row, nuint at, Vector256<float> even, Vector256<float> odd)
        {
            var low = Avx.UnpackLow(even, odd);   // [e0 o0 e1 o1 | e4 o4 e5 o5]
            var high = Avx.UnpackHigh(even, odd); // [e2 o2 e3 o3 | e6 o6 e7 o7]
            Avx.Permute2x128(low, high, 0x20).StoreUnsafe(ref row, at);
            Avx.Permute2x128(low, high, 0x31).StoreUnsafe(ref row, at + 8);
        }

        /// <summary>All bits set in the lanes where value is the window's maximum: equal to it, or NaN (then the maximum is NaN too).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> IsMaximum(Vector256<float> value, Vector256<float> maximum) =>
            Avx.CompareEqual(value, maximum) | Avx.CompareUnordered(value, value);

        /// <summary>max(a, b) lane by lane, NaN where either is NaN.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> MaximumOrNaN(Vector256<float> a, Vector256<float> b) => Avx.Max(a, b) | Avx.CompareUnordered(a, b);
    }
}
#endif
