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
