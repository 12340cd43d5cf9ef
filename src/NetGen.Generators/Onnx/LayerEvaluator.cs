using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generators.Emitting;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;

namespace NetGen.Generators.Onnx
{
    /// <summary>
    /// A network's forward pass in double for one sample, in inference mode, straight from its layers and parameters as
    /// docs/math.md defines each kind: what the build runs on a model's reference input to prove the import computes what
    /// the exporter computed. Slow and simple on purpose (plain loops over the layers' own geometry); null for a layer kind
    /// it does not know, which the check then reports rather than guesses.
    /// </summary>
    internal static class LayerEvaluator
    {
        /// <param name="state">The parameters, then the buffers (ParameterTensors.State's order), as an import holds them.</param>
        public static double[]? Forward(IReadOnlyList<LayerSpec> layers, Shape input, IReadOnlyList<double> state, double[] x)
        {
            var a = x;
            var shape = input;
            int offset = 0, buffer = ParameterCount(layers, input);
            foreach (var layer in layers)
            {
                var output = layer.OutputShape(shape);
                double[]? z = layer switch
                {
                    DenseLayer dense => shape.IsSteps ? EachStep(shape, a, step => Dense(dense, step, state, offset)) : Dense(dense, a, state, offset),
                    RecurrentLayer recurrent => Recurrent(recurrent, shape, a, state, offset),
                    ConvolutionLayer conv => Convolution(conv, shape, output, a, state, offset),
                    PoolingLayer pool => Pooling(pool, shape, output, a),
                    BatchNormLayer norm => BatchNorm(norm, shape, a, state, offset, buffer),
                    PReLULayer prelu => PReLU(prelu, shape, a, state, offset),
                    ActivateLayer or DropoutLayer => a,
                    _ => null,
                };
                if (z is null) return null;
                offset += layer.Tensors(shape).Sum(t => (int)t.Length);
                buffer += layer.Buffers(shape).Sum(t => (int)t.Length);
                a = layer.Activation is not { } activation ? z : shape.IsSteps ? EachStep(output, z, step => Activate(activation, step)) : Activate(activation, z);
                shape = output;
            }
            return a;
        }

        private static int ParameterCount(IReadOnlyList<LayerSpec> layers, Shape input)
        {
            int count = 0;
            foreach (var layer in layers)
            {
                count += layer.Tensors(input).Sum(t => (int)t.Length);
                input = layer.OutputShape(input);
            }
            return count;
        }

        /// <summary>z = W a + b (or W a without a bias), W [units, fanIn] row-major.</summary>
        private static double[] Dense(DenseLayer dense, double[] a, IReadOnlyList<double> p, int offset)
        {
            var z = new double[dense.Units];
            for (int u = 0; u < dense.Units; u++)
            {
                double sum = dense.Bias ? p[offset + dense.Units * a.Length + u] : 0;
                for (int i = 0; i < a.Length; i++) sum += p[offset + u * a.Length + i] * a[i];
                z[u] = sum;
            }
            return z;
        }

        /// <summary>A layer that acts on every step of steps with shared weights: f applied to each step's features in turn.</summary>
        private static double[] EachStep(Shape steps, double[] a, Func<double[], double[]> f) =>
            Enumerable.Range(0, steps.Width).SelectMany(t => f(a.Skip(t * steps.Channels).Take(steps.Channels).ToArray())).ToArray();

        /// <summary>
        /// nn.LSTM, nn.GRU, nn.RNN from a zero state over the L steps (docs/math.md): every step's hₜ with ReturnSequences,
        /// else the last one's. Gate rows are PyTorch's (LSTM i, f, g, o; GRU r, z, n).
        /// </summary>
        private static double[] Recurrent(RecurrentLayer layer, Shape input, double[] x, IReadOnlyList<double> p, int offset)
        {
            int hidden = layer.Units, features = input.Channels, gates = layer.Cell switch { RecurrentCell.LSTM => 4, RecurrentCell.GRU => 3, _ => 1 };
            int rows = gates * hidden, recurrentWeights = offset + rows * features, inputBias = recurrentWeights + rows * hidden, hiddenBias = inputBias + rows;
            var h = new double[hidden];
            var c = new double[hidden];
            var outputs = new List<double>();
            double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
            for (int t = 0; t < input.Width; t++)
            {
                // The input side W_ih xₜ + b_ih and the hidden side W_hh hₜ₋₁ + b_hh of every gate row, apart: the GRU's n needs them so.
                var fromInput = new double[rows];
                var fromHidden = new double[rows];
                for (int row = 0; row < rows; row++)
                {
                    double sum = layer.Bias ? p[inputBias + row] : 0, recurrent = layer.Bias ? p[hiddenBias + row] : 0;
                    for (int i = 0; i < features; i++) sum += p[offset + row * features + i] * x[t * features + i];
                    for (int j = 0; j < hidden; j++) recurrent += p[recurrentWeights + row * hidden + j] * h[j];
                    fromInput[row] = sum;
                    fromHidden[row] = recurrent;
                }
                var next = new double[hidden];
                for (int u = 0; u < hidden; u++)
                {
                    double Gate(int gate) => fromInput[gate * hidden + u] + fromHidden[gate * hidden + u];
                    switch (layer.Cell)
                    {
                        case RecurrentCell.LSTM:
                            c[u] = Sigmoid(Gate(1)) * c[u] + Sigmoid(Gate(0)) * Math.Tanh(Gate(2));
                            next[u] = Sigmoid(Gate(3)) * Math.Tanh(c[u]);
                            break;
                        case RecurrentCell.GRU:
                            double reset = Sigmoid(Gate(0)), update = Sigmoid(Gate(1));
                            double candidate = Math.Tanh(fromInput[2 * hidden + u] + reset * fromHidden[2 * hidden + u]);
                            next[u] = (1 - update) * candidate + update * h[u];
                            break;
                        default:
                            next[u] = layer.Nonlinearity == NetGen.Activation.ReLU ? Math.Max(0, Gate(0)) : Math.Tanh(Gate(0));
                            break;
                    }
                }
                h = next;
                if (layer.ReturnSequences || t == input.Width - 1) outputs.AddRange(h);
            }
            return outputs.ToArray();
        }

        /// <summary>z = γ[c]·(x − μ̄[c])/√(σ̄²[c] + ε) + β[c] with the running statistics (inference mode); γ = 1, β = 0 without Affine.</summary>
        private static double[] BatchNorm(BatchNormLayer norm, Shape input, double[] a, IReadOnlyList<double> p, int offset, int buffer)
        {
            int channels = input.Channels, perChannel = a.Length / channels;
            var z = new double[a.Length];
            for (int i = 0; i < a.Length; i++)
            {
                int c = i / perChannel;
                double normalised = (a[i] - p[buffer + c]) / Math.Sqrt(p[buffer + channels + c] + norm.Epsilon);
                z[i] = norm.Affine ? p[offset + c] * normalised + p[offset + channels + c] : normalised;
            }
            return z;
        }

        /// <summary>a where a &gt; 0, else α·a, with one slope for every value or one per channel (consecutive values share it).</summary>
        private static double[] PReLU(PReLULayer prelu, Shape input, double[] a, IReadOnlyList<double> p, int offset)
        {
            int slopes = prelu.PerChannel ? input.Channels : 1, perSlope = a.Length / slopes;
            var z = new double[a.Length];
            for (int i = 0; i < a.Length; i++) z[i] = a[i] > 0 ? a[i] : a[i] * p[offset + i / perSlope];
            return z;
        }

        /// <summary>z[f,i,j] = b[f] + Σ_c,u,v K[f,c,u,v] · a[g·C/G + c, i·sh − pt + u·dh, j·sw − pl + v·dw], g = f's group.</summary>
        private static double[] Convolution(ConvolutionLayer conv, Shape input, Shape output, double[] a, IReadOnlyList<double> p, int offset)
        {
            var (rows, columns) = conv.Axes(input);
            int channels = input.Channels / conv.Groups, perGroup = conv.Filters / conv.Groups, kh = rows.Size, kw = columns.Size;
            int bias = offset + conv.Filters * channels * kh * kw;
            var z = new double[output.Size];
            for (int f = 0; f < conv.Filters; f++)
                for (int i = 0; i < output.Height; i++)
                    for (int j = 0; j < output.Width; j++)
                    {
                        double sum = conv.Bias ? p[bias + f] : 0;
                        for (int c = 0; c < channels; c++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++)
                                {
                                    int y = i * rows.Stride - rows.PadBefore + u * rows.Dilation, x = j * columns.Stride - columns.PadBefore + v * columns.Dilation;
                                    if (y >= 0 && y < input.Height && x >= 0 && x < input.Width)
                                        sum += p[offset + ((f * channels + c) * kh + u) * kw + v] * a[((f / perGroup * channels + c) * input.Height + y) * input.Width + x];
                                }
                        z[(f * output.Height + i) * output.Width + j] = sum;
                    }
            return z;
        }

        /// <summary>The maximum or mean of each window's values inside the map; a mean divides by the whole window when padding counts.</summary>
        private static double[] Pooling(PoolingLayer pool, Shape input, Shape output, double[] a)
        {
            var (rows, columns) = pool.Axes(input);
            int outputHeight = rows.Output(input.Height), outputWidth = columns.Output(input.Width);
            var z = new double[output.Size];
            for (int c = 0; c < input.Channels; c++)
                for (int i = 0; i < outputHeight; i++)
                    for (int j = 0; j < outputWidth; j++)
                    {
                        var window = new List<double>();
                        for (int u = 0; u < rows.Size; u++)
                            for (int v = 0; v < columns.Size; v++)
                            {
                                int y = i * rows.Stride - rows.PadBefore + u, x = j * columns.Stride - columns.PadBefore + v;
                                if (y >= 0 && y < input.Height && x >= 0 && x < input.Width) window.Add(a[(c * input.Height + y) * input.Width + x]);
                            }
                        z[(c * outputHeight + i) * outputWidth + j] = pool.Pooling == PoolKind.Max ? window.Max()
                            : window.Sum() / (pool.CountPadding && pool.Padding > 0 ? rows.Size * columns.Size : window.Count);
                    }
            return z;
        }

        private static double[] Activate(ActivationSpec activation, double[] z)
        {
            if (activation.Activation is Activation.Softmax or Activation.LogSoftmax)
            {
                double max = z.Max();
                double logSum = Math.Log(z.Sum(v => Math.Exp(v - max))) + max;
                return z.Select(v => activation.Activation == Activation.Softmax ? Math.Exp(v - logSum) : v - logSum).ToArray();
            }
            return z.Select(v => ActivationMath.Value(activation.Activation, activation.Parameter, v)).ToArray();
        }
    }
}
