using System;
using NetGen;

namespace Samples.Import
{
    /// <summary>
    /// The model PyTorch trained and exported (tools/make_import_sample.py): GRU(8) over 16 steps of one value, a Linear
    /// layer on the last step, Softmax over sine, square and sawtooth. The generator reads model/waves.onnx at build time,
    /// checks it against model/test_data_set_0, and compiles its weights in.
    /// </summary>
    [Network(Loss.CategoricalCrossEntropy, Model = "model/waves.onnx", Frozen = true)]
    public partial class WaveNet
    {
        public static readonly string[] ClassNames = { "sine", "square", "sawtooth" };

        /// <summary>The most probable class of a wave of <see cref="Waves.Steps"/> values; <paramref name="probabilities"/> gets all three.</summary>
        public int Classify(ReadOnlySpan<float> wave, Span<float> probabilities)
        {
            Forward(wave, probabilities);
            int best = 0;
            for (int k = 1; k < probabilities.Length; k++)
                if (probabilities[k] > probabilities[best]) best = k;
            return best;
        }
    }
}
