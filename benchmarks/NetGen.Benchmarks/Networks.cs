using NetGen;

namespace NetGen.Benchmarks;

// Net S and net M of issue 4, each as a trainable network and as a frozen one with the same (baked) weights.

[Network(Loss.BinaryCrossEntropy, Weights = "Weights/s.json")]
[Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.Sigmoid)]
public partial class SNet { }

[Network(Loss.BinaryCrossEntropy, Weights = "Weights/s.json", Frozen = true)]
[Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.Sigmoid)]
public partial class FrozenSNet { }

[Network(Loss.CategoricalCrossEntropy, Weights = "Weights/m.json")]
[Input(16)] [Dense(32, Activation.ReLU)] [Dense(32, Activation.ReLU)] [Dense(4, Activation.Softmax)]
public partial class MNet { }

[Network(Loss.CategoricalCrossEntropy, Weights = "Weights/m.json", Frozen = true)]
[Input(16)] [Dense(32, Activation.ReLU)] [Dense(32, Activation.ReLU)] [Dense(4, Activation.Softmax)]
public partial class FrozenMNet { }

// The four nets of issue 4 (and of issue 14's batched benchmarks), initialised from seeds.

[Network(Loss.BinaryCrossEntropy, Seed = 1)]
[Input(2)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.Sigmoid)]
public partial class NetS { }

[Network(Loss.CategoricalCrossEntropy, Seed = 1)]
[Input(16)] [Dense(32, Activation.ReLU)] [Dense(32, Activation.ReLU)] [Dense(4, Activation.Softmax)]
public partial class NetM { }

[Network(Loss.CategoricalCrossEntropy, Seed = 1)]
[Input(64)] [Dense(128, Activation.ReLU)] [Dense(128, Activation.ReLU)] [Dense(10, Activation.Softmax)]
public partial class NetL { }

[Network(Loss.CategoricalCrossEntropy, Seed = 1)]
[Input(784)] [Dense(256, Activation.ReLU)] [Dense(10, Activation.Softmax)]
public partial class NetXL { }

// The Fashion-MNIST network of issue 11 (samples/Fashion), initialised from a seed.

[Network(Loss.CategoricalCrossEntropy, Seed = 1)]
[Input(1, 28, 28)] [Conv2D(8, 3, Activation.ReLU)] [MaxPool2D(2)] [Conv2D(16, 3, Activation.ReLU, Padding = 1, Stride = 1)]
[AvgPool2D(2, Stride = 2)] [Dense(64, Activation.ReLU)] [Dense(10, Activation.Softmax)]
public partial class NetFashion { }

// Issue 19's two forward targets: a depthwise-separable block (MobileNet's depthwise 3×3 "same", then a pointwise 1×1)
// and a stack of dilated causal Conv1D layers (a WaveNet-style audio effect), as torch_bench.py builds them.

[Network(Loss.MeanSquaredError, Seed = 1)]
[Input(16, 24, 24)] [Conv2D(16, 3, Activation.ReLU, Groups = 16, Same = true)] [Conv2D(32, 1, Activation.ReLU)]
public partial class NetSeparable { }

[Network(Loss.MeanSquaredError, Seed = 1)]
[Input(8, 128)] [Conv1D(16, 3, Activation.ReLU, Causal = true)] [Conv1D(16, 3, Activation.ReLU, Causal = true, Dilation = 2)]
[Conv1D(16, 3, Activation.ReLU, Causal = true, Dilation = 4)] [Conv1D(16, 3, Activation.ReLU, Causal = true, Dilation = 8)]
public partial class NetCausal { }
