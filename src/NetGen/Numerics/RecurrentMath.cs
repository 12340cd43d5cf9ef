using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// The recurrent cells' kernels (docs/math.md, "Recurrent layers"), as nn.LSTM, nn.GRU and nn.RNN compute one step, and
    /// one step of backpropagation through time. A layer of H units keeps one <em>record</em> per step, what its backward
    /// pass needs and the state the next step reads:
    /// <list type="bullet">
    /// <item>LSTM: iₜ, fₜ, gₜ, oₜ (after their non-linearities), cₜ, hₜ — 6H values;</item>
    /// <item>GRU: rₜ, zₜ, nₜ, then W_hn hₜ₋₁ + b_hn, then hₜ — 5H values;</item>
    /// <item>RNN: hₜ — H values.</item>
    /// </list>
    /// Weights are PyTorch's: W_ih [G·H, F] and W_hh [G·H, H] row-major with the gates stacked in PyTorch's order (LSTM i, f, g,
    /// o; GRU r, z, n), biases b_ih and b_hh [G·H] (empty spans: no bias). A step computes in the network's precision with the
    /// Dense layers' matrix kernels; a backward step computes its gate gradients in double and its Wᵀ products vectorised.
    /// Every sum runs in a fixed order, so a step's bits depend only on its inputs: a step computed alone equals the same step
    /// inside a sequence.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class RecurrentMath
    {
        /// <summary>
        /// One LSTM step: reads xₜ and the record of step t − 1 (its cₜ₋₁ and hₜ₋₁), writes step t's record.
        /// iₜ = σ(W_ii xₜ + b_ii + W_hi hₜ₋₁ + b_hi), fₜ and oₜ alike, gₜ = tanh(…), cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ, hₜ = oₜ ⊙ tanh(cₜ).
        /// </summary>
        public static void LstmStep<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh,
            ReadOnlySpan<T> biasHh, ReadOnlySpan<T> previous, Span<T> current) where T : unmanaged
        {
            int h = current.Length / 6;
            var gates = current.Slice(0, 4 * h);
            PreActivations(x, weightIh, weightHh, biasIh, biasHh, previous.Slice(5 * h, h), gates);
            for (int j = 0; j < 4 * h; j++) gates[j] = j >= 2 * h && j < 3 * h ? Arithmetic.Tanh(gates[j]) : Arithmetic.Sigmoid(gates[j]);

            for (int k = 0; k < h; k++)
            {
                T c = Arithmetic.MultiplyAdd(Arithmetic.Multiply(current[h + k], previous[4 * h + k]), current[k], current[2 * h + k]);
                current[4 * h + k] = c;
                current[5 * h + k] = Arithmetic.Multiply(current[3 * h + k], Arithmetic.Tanh(c));
            }
        }

        /// <summary>
        /// One GRU step: rₜ = σ(W_ir xₜ + b_ir + W_hr hₜ₋₁ + b_hr), zₜ alike, nₜ = tanh(W_in xₜ + b_in + rₜ ⊙ (W_hn hₜ₋₁ + b_hn)),
        /// hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁.
        /// </summary>
        public static void GruStep<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh,
            ReadOnlySpan<T> biasHh, ReadOnlySpan<T> previous, Span<T> current) where T : unmanaged
        {
            int h = current.Length / 5;
            var previousHidden = previous.Slice(4 * h, h);
            // The input side of all three gates (W_ih xₜ + b_ih) into the r, z and n slots; the hidden side of n (W_hn hₜ₋₁ + b_hn)
            // into its own slot, which the backward pass reads; the hidden side of r and z added to theirs.
            Product(weightIh, x, biasIh, current.Slice(0, 3 * h));
            Product(weightHh.Slice(2 * h * h, h * h), previousHidden, biasHh.IsEmpty ? biasHh : biasHh.Slice(2 * h, h), current.Slice(3 * h, h));
            AddProduct(weightHh.Slice(0, 2 * h * h), previousHidden, biasHh.IsEmpty ? biasHh : biasHh.Slice(0, 2 * h), current.Slice(0, 2 * h));
            for (int j = 0; j < 2 * h; j++) current[j] = Arithmetic.Sigmoid(current[j]);
            for (int k = 0; k < h; k++)
            {
                T n = Arithmetic.Tanh(Arithmetic.MultiplyAdd(current[2 * h + k], current[k], current[3 * h + k]));
                T z = current[h + k];
                current[2 * h + k] = n;
                // (1 − z) n + z h₋₁ = n + z (h₋₁ − n)
                current[4 * h + k] = Arithmetic.MultiplyAdd(n, z, Arithmetic.Subtract(previousHidden[k], n));
            }
        }

        /// <summary>One Elman RNN step: hₜ = tanh(W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh), or ReLU(…) with <paramref name="relu"/>.</summary>
        public static void RnnStep<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh,
            ReadOnlySpan<T> biasHh, ReadOnlySpan<T> previous, Span<T> current, bool relu) where T : unmanaged
        {
            PreActivations(x, weightIh, weightHh, biasIh, biasHh, previous, current);
            for (int j = 0; j < current.Length; j++)
                current[j] = relu ? Arithmetic.Max(current[j], default) : Arithmetic.Tanh(current[j]);
        }

        /// <summary>
        /// One LSTM step of backpropagation through time. On entry <paramref name="hiddenGradient"/> is ∂C/∂hₜ and
        /// <paramref name="cellGradient"/> what step t + 1 sends to cₜ; on return they are ∂C/∂hₜ₋₁ and ∂C/∂cₜ₋₁, and
        /// <paramref name="gateGradient"/> (4H) holds ∂C/∂ of the gates' pre-activations, what both weight gradients and ∂C/∂xₜ read.
        /// </summary>
        public static void LstmBackwardStep<T>(ReadOnlySpan<T> weightHh, ReadOnlySpan<T> previous, ReadOnlySpan<T> current,
            Span<T> hiddenGradient, Span<T> cellGradient, Span<T> gateGradient) where T : unmanaged
        {
            int h = current.Length / 6;
            for (int k = 0; k < h; k++)
            {
                double i = Value(current, k), f = Value(current, h + k), g = Value(current, 2 * h + k), o = Value(current, 3 * h + k);
                double tanhC = Math.Tanh(Value(current, 4 * h + k)), dh = Value(hiddenGradient, k);
                double dc = Value(cellGradient, k) + dh * o * (1 - tanhC * tanhC);
                gateGradient[k] = Arithmetic.FromDouble<T>(dc * g * i * (1 - i));
                gateGradient[h + k] = Arithmetic.FromDouble<T>(dc * Value(previous, 4 * h + k) * f * (1 - f));
                gateGradient[2 * h + k] = Arithmetic.FromDouble<T>(dc * i * (1 - g * g));
                gateGradient[3 * h + k] = Arithmetic.FromDouble<T>(dh * tanhC * o * (1 - o));
                cellGradient[k] = Arithmetic.FromDouble<T>(dc * f);
            }

            MultiplyTransposed(weightHh, gateGradient, hiddenGradient, directScale: default);
        }

        /// <summary>
        /// One GRU step of backpropagation through time: ∂C/∂hₜ in <paramref name="hiddenGradient"/> becomes ∂C/∂hₜ₋₁;
        /// <paramref name="gateGradient"/> (6H) gets the input side's pre-activation gradients (r, z, n: what W_ih, b_ih and
        /// ∂C/∂xₜ read), then the hidden side's (r, z, and rₜ ⊙ ∂C/∂nₜ's pre-activation for W_hn and b_hn).
        /// </summary>
        public static void GruBackwardStep<T>(ReadOnlySpan<T> weightHh, ReadOnlySpan<T> previous, ReadOnlySpan<T> current,
            Span<T> hiddenGradient, Span<T> gateGradient) where T : unmanaged
        {
            int h = current.Length / 5;
            var inputSide = gateGradient.Slice(0, 3 * h);
            var hiddenSide = gateGradient.Slice(3 * h, 3 * h);
            for (int k = 0; k < h; k++)
            {
                double r = Value(current, k), z = Value(current, h + k), n = Value(current, 2 * h + k), hiddenPart = Value(current, 3 * h + k);
                double dh = Value(hiddenGradient, k);
                double dnPre = dh * (1 - z) * (1 - n * n);
                double dzPre = dh * (Value(previous, 4 * h + k) - n) * z * (1 - z);
                double drPre = dnPre * hiddenPart * r * (1 - r);
                inputSide[k] = hiddenSide[k] = Arithmetic.FromDouble<T>(drPre);
                inputSide[h + k] = hiddenSide[h + k] = Arithmetic.FromDouble<T>(dzPre);
                inputSide[2 * h + k] = Arithmetic.FromDouble<T>(dnPre);
                hiddenSide[2 * h + k] = Arithmetic.FromDouble<T>(dnPre * r);
            }

            // ∂C/∂hₜ₋₁ = zₜ ⊙ ∂C/∂hₜ (the direct path) + W_hhᵀ (the hidden side).
            MultiplyTransposed(weightHh, hiddenSide, hiddenGradient, directScale: current.Slice(h, h));
        }

        /// <summary>
        /// One RNN step of backpropagation through time: <paramref name="gateGradient"/> (H) = ∂C/∂hₜ ⊙ σ'(the pre-activation),
        /// read from hₜ (tanh: 1 − hₜ², ReLU: hₜ &gt; 0), and ∂C/∂hₜ in <paramref name="hiddenGradient"/> becomes ∂C/∂hₜ₋₁ = W_hhᵀ of it.
        /// </summary>
        public static void RnnBackwardStep<T>(ReadOnlySpan<T> weightHh, ReadOnlySpan<T> current, Span<T> hiddenGradient, Span<T> gateGradient, bool relu)
            where T : unmanaged
        {
            for (int k = 0; k < current.Length; k++)
            {
                double hidden = Value(current, k);
                double derivative = relu ? (hidden > 0 ? 1 : 0) : 1 - hidden * hidden;
                gateGradient[k] = Arithmetic.FromDouble<T>(Value(hiddenGradient, k) * derivative);
            }

            MultiplyTransposed(weightHh, gateGradient, hiddenGradient, directScale: default);
        }

        /// <summary>
        /// The gates' pre-activations W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh, with the Dense layers' matrix kernels (vectorised; a
        /// fixed order of sums for each shape, so a step's bits depend only on its inputs).
        /// </summary>
        private static void PreActivations<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh,
            ReadOnlySpan<T> biasHh, ReadOnlySpan<T> hidden, Span<T> sums) where T : unmanaged
        {
            Product(weightIh, x, biasIh, sums);
            AddProduct(weightHh, hidden, biasHh, sums);
        }

        /// <summary>z = W x + b (an empty b: none) for a row-major W of z.Length rows.</summary>
        private static void Product<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> x, ReadOnlySpan<T> bias, Span<T> z) where T : unmanaged
        {
            if (typeof(T) == typeof(float))
                NetMath.MultiplyAdd(MemoryMarshal.Cast<T, float>(weights), MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(bias), MemoryMarshal.Cast<T, float>(z));
            else
                NetMath.MultiplyAdd(MemoryMarshal.Cast<T, double>(weights), MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(bias), MemoryMarshal.Cast<T, double>(z));
        }

        /// <summary>
        /// z += W x + b: the product with z as its own bias (every matrix kernel reads b[j] before it writes z[j], and no other
        /// b), then b.
        /// </summary>
        private static void AddProduct<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> x, ReadOnlySpan<T> bias, Span<T> z) where T : unmanaged
        {
            Product(weights, x, z, z);
            if (!bias.IsEmpty) NetMath.AddScaledCore(z, bias, Arithmetic.FromDouble<T>(1));
        }

        /// <summary>
        /// g = direct ⊙ g + Wᵀ d (no direct term: an empty span), W of d.Length rows and g.Length columns: one vectorised
        /// g += d[j] · W[j, :] per row, in row order.
        /// </summary>
        private static void MultiplyTransposed<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> d, Span<T> g, ReadOnlySpan<T> directScale) where T : unmanaged
        {
            int columns = g.Length;
            if (directScale.IsEmpty) g.Clear();
            else for (int k = 0; k < columns; k++) g[k] = Arithmetic.Multiply(directScale[k], g[k]);
            for (int j = 0; j < d.Length; j++) NetMath.AddScaledCore(g, weights.Slice(j * columns, columns), d[j]);
        }

        private static double Value<T>(ReadOnlySpan<T> values, int index) where T : unmanaged => Arithmetic.ToDouble(values[index]);

        private static double Value<T>(Span<T> values, int index) where T : unmanaged => Arithmetic.ToDouble(values[index]);
    }
}
