using System;

namespace NetGen
{
    /// <summary>
    /// Declares dropout, as PyTorch's <c>nn.Dropout(p)</c>: in training mode (TrainStep, BackwardBatch and so Train) every
    /// value of the layer below is zeroed with probability p and the others scaled by 1/(1 − p) (inverted dropout), with
    /// masks drawn from a stream keyed by the training seed, the step and the sample's position in its batch, so a run
    /// repeats bit for bit on any number of threads. In inference mode (Forward, ComputeLoss, Backward, ForwardBatch) it is
    /// the identity. No parameters; after a map it drops single values.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
    public sealed class DropoutAttribute : Attribute
    {
        /// <summary>Declares dropout that zeroes each value with probability <paramref name="p"/>, in [0, 1).</summary>
        public DropoutAttribute(double p) => Probability = p;

        /// <summary>p, the probability that a value is zeroed in training mode.</summary>
        public double Probability { get; }
    }
}
