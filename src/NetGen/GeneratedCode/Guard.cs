using System;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace NetGen.GeneratedCode
{
    /// <summary>
    /// Argument checks used by generated code and the training APIs; the throwing paths stay out of line so the checks
    /// inline. The training checks refuse what would corrupt parameters silently: a NaN or infinity in the data, a target
    /// the loss cannot take, a learning rate that is not a positive finite number.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Guard
    {
        /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="span"/> has exactly <paramref name="expected"/> elements.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Length<T>(ReadOnlySpan<T> span, int expected, string parameterName, string expectedName)
        {
            if (span.Length != expected) ThrowWrongLength(span.Length, expected, parameterName, expectedName);
        }

        /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="span"/> has exactly <paramref name="expected"/> elements.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Length<T>(Span<T> span, int expected, string parameterName, string expectedName)
        {
            if (span.Length != expected) ThrowWrongLength(span.Length, expected, parameterName, expectedName);
        }

        /// <summary>
        /// The checks of ForwardSequence: <paramref name="inputs"/> a whole number of steps of <paramref name="stepInputSize"/>
        /// values and <paramref name="outputs"/> <paramref name="stepOutputSize"/> values for each; returns the number of steps.
        /// </summary>
        public static int Steps<T>(ReadOnlySpan<T> inputs, Span<T> outputs, int stepInputSize, int stepOutputSize)
        {
            int steps = inputs.Length / stepInputSize;
            if (inputs.Length % stepInputSize != 0)
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "inputs has {0} values, which is not a whole number of steps of StepInputSize = {1}.", inputs.Length, stepInputSize), nameof(inputs));
            if (outputs.Length != steps * stepOutputSize)
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "outputs has {0} values; {1} steps need {2} (StepOutputSize = {3} each).", outputs.Length, steps, steps * stepOutputSize, stepOutputSize), nameof(outputs));
            return steps;
        }

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="learningRate"/> is a positive finite number.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void LearningRate<T>(T learningRate) where T : unmanaged
        {
            double rate = Arithmetic.ToDouble(learningRate);
            if (!(rate > 0) || double.IsInfinity(rate)) ThrowBadLearningRate(learningRate);
        }

        /// <summary>
        /// The checks of one training step (<c>TrainStep</c>) on one sample: every value of <paramref name="input"/> and
        /// <paramref name="target"/> finite, every target one <paramref name="loss"/> can take (see <see cref="TargetRule"/>),
        /// and <paramref name="learningRate"/> positive and finite. Throws <see cref="ArgumentException"/> naming the value.
        /// </summary>
        public static void TrainingSample<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> target, T learningRate, Loss loss) where T : unmanaged
        {
            LearningRate(learningRate);
            Values(input, input.Length, nameof(input), null, oneSample: true);
            Values(target, target.Length, nameof(target), loss, oneSample: true);
        }

        /// <summary>
        /// The checks of a training set: <paramref name="inputs"/> holds N ≥ 1 rows of <paramref name="inputSize"/> values
        /// and <paramref name="targets"/> N rows of <paramref name="outputSize"/>, every value finite, and every target one
        /// <paramref name="loss"/> can take. Throws <see cref="ArgumentException"/> naming the first
        /// bad value by row and column (both counted from 0); returns N.
        /// </summary>
        internal static int TrainingSet<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int inputSize, int outputSize, Loss loss) where T : unmanaged
        {
            if (inputSize < 1) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "Must be at least 1.");
            if (outputSize < 1) throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "Must be at least 1.");
            if (inputs.Length == 0 || inputs.Length % inputSize != 0)
                throw new ArgumentException(
                    $"inputs has length {inputs.Length}; it must hold N ≥ 1 samples of {Wording.Count(inputSize, "value")} (InputSize), row after row.", nameof(inputs));
            int sampleCount = inputs.Length / inputSize;
            if (targets.Length != sampleCount * outputSize)
                throw new ArgumentException(
                    $"targets has length {targets.Length}; {Wording.Count(sampleCount, "sample")} of {Wording.Count(outputSize, "value")} (OutputSize) need {sampleCount * outputSize}.", nameof(targets));
            Values(inputs, inputSize, nameof(inputs), null, oneSample: false);
            Values(targets, outputSize, nameof(targets), loss, oneSample: false);
            return sampleCount;
        }

        /// <summary>
        /// Which targets a loss can take: the binary cross-entropies need every target in [0, 1] (0/1 labels or probabilities),
        /// the categorical ones and negative log-likelihood targets ≥ 0 (one-hot rows or probabilities); the squared errors
        /// take any finite target.
        /// Null when every finite target is allowed.
        /// </summary>
        internal static string? TargetRule(Loss loss) => loss switch
        {
            Loss.BinaryCrossEntropy or Loss.BinaryCrossEntropyFromLogits => "binary cross-entropy needs targets in [0, 1] (0/1 labels or probabilities)",
            Loss.CategoricalCrossEntropy or Loss.CrossEntropyFromLogits or Loss.NegativeLogLikelihood =>
                $"{(loss == Loss.NegativeLogLikelihood ? "negative log-likelihood" : "categorical cross-entropy")} needs targets ≥ 0 (one-hot rows, see TrainingData.OneHot, or probabilities)",
            _ => null,
        };

        /// <summary>
        /// The index of the first NaN or infinite value, or −1. Training checks every parameter and gradient after each step,
        /// so the scan is vectorised: v − v is 0 for a finite v and NaN for NaN or ±∞.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal static int IndexOfNonFinite<T>(ReadOnlySpan<T> values) where T : unmanaged
        {
            var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<T, System.Numerics.Vector<T>>(values);
            int start = 0;
            for (; start < vectors.Length; start++)
                if (!System.Numerics.Vector.EqualsAll(vectors[start] - vectors[start], System.Numerics.Vector<T>.Zero)) break;
            for (int k = start * System.Numerics.Vector<T>.Count; k < values.Length; k++)
                if (!IsFinite(Arithmetic.ToDouble(values[k]))) return k;
            return -1;
        }

        /// <summary>Neither NaN nor ±∞ (netstandard2.0 has no double.IsFinite).</summary>
        internal static bool IsFinite(double value) => value >= -double.MaxValue && value <= double.MaxValue;

        /// <summary>A value as the user wrote it ("NaN", "Infinity", "0.1"), in the invariant culture.</summary>
        internal static string Text<T>(T value) where T : unmanaged => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture);

        /// <summary>
        /// Throws on the first non-finite value, or the first target <paramref name="loss"/> cannot take: one sample's value
        /// named by index, a training set's by row (of <paramref name="rowLength"/> values) and column.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static void Values<T>(ReadOnlySpan<T> values, int rowLength, string parameterName, Loss? loss, bool oneSample) where T : unmanaged
        {
            bool unitInterval = loss is Loss.BinaryCrossEntropy or Loss.BinaryCrossEntropyFromLogits;
            bool nonNegative = loss is Loss.CategoricalCrossEntropy or Loss.CrossEntropyFromLogits or Loss.NegativeLogLikelihood;
            for (int k = 0; k < values.Length; k++)
            {
                double value = Arithmetic.ToDouble(values[k]);
                // One comparison pair per value: NaN fails both, so it needs no test of its own.
                bool allowed = unitInterval ? value >= 0 && value <= 1
                    : nonNegative ? value >= 0 && value <= double.MaxValue
                    : value >= -double.MaxValue && value <= double.MaxValue;
                if (!allowed) ThrowBadValue(values[k], oneSample ? $"{parameterName}[{k}]" : $"{parameterName} row {k / rowLength}, column {k % rowLength}", parameterName, loss);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowBadValue<T>(T value, string where, string parameterName, Loss? loss) where T : unmanaged
        {
            double number = Arithmetic.ToDouble(value);
            string rule = double.IsNaN(number) || double.IsInfinity(number)
                ? "training needs finite numbers (impute a missing value or remove its sample)"
                : TargetRule(loss!.Value)!;
            throw new ArgumentException($"{where} is {Text(value)}; {rule}. The parameters were not changed.", parameterName);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowBadLearningRate<T>(T learningRate) where T : unmanaged =>
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate,
                $"The learning rate must be a positive finite number, not {Text(learningRate)}. The parameters were not changed.");

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowWrongLength(int actual, int expected, string parameterName, string expectedName) =>
            throw new ArgumentException(
                $"{parameterName} has length {actual}; it must have length {expected} ({expectedName}).", parameterName);
    }
}
