using NetGen;

namespace Samples.Xor;

/// <summary>The classic XOR problem: two inputs, four tanh hidden units, one sigmoid output.</summary>
[Network(Loss.BinaryCrossEntropy, Seed = 1)]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet
{
}
