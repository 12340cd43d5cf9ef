using NetGen;

namespace Samples.Amp;

/// <summary>
/// A guitar-distortion capture in the shape the plugin world ships (a GRU of a few units and a Dense, one input sample in,
/// one output sample out): trained sequence to sequence on 64-sample windows of the clean and the clipped signal, then run
/// with <c>Step</c> once per audio sample, its state carried from one sample to the next.
/// </summary>
[Network(Loss.MeanSquaredError, Seed = 7)]
[Input(1, Steps = AmpNet.WindowLength)]
[GRU(8, ReturnSequences = true)]
[Dense(1)]
public partial class AmpNet
{
    /// <summary>Samples per training window (1.3 ms at 48 kHz).</summary>
    public const int WindowLength = 64;
}
