using NetGen;

namespace Samples.Fashion;

/// <summary>
/// The network of PyTorch's MNIST example (pytorch/examples, mnist/main.py), narrowed for a quick run: convolution blocks,
/// max pooling, dropout, a hidden Dense layer, dropout, and log-probabilities trained with the negative log-likelihood
/// (<c>F.log_softmax</c> + <c>F.nll_loss</c>), declared in the order the example's <c>forward</c> writes it. The example
/// has 32 and 64 filters and 128 hidden units; this one 8, 16 and 64, and a BatchNorm after each convolution as its
/// convolution blocks are usually written (Conv → BatchNorm → ReLU); compare_torch.py --tutorial builds the same. Train
/// normalises with each batch's statistics, the evaluation (Forward) with the running ones, as PyTorch's train()/eval().
/// </summary>
[Network(Loss.NegativeLogLikelihood, Seed = 1)]
[Input(1, 28, 28)]
[Conv2D(8, 3)]                      // conv1 = nn.Conv2d(1, 8, 3)
[BatchNorm]                         // bn1 = nn.BatchNorm2d(8): Conv → BatchNorm → ReLU, the activation a layer of its own
[Activate(Activation.ReLU)]
[Conv2D(16, 3)]                     // conv2 = nn.Conv2d(8, 16, 3)
[BatchNorm]                         // bn2 = nn.BatchNorm2d(16)
[Activate(Activation.ReLU)]
[MaxPool2D(2)]                      // F.max_pool2d(x, 2): 16×24×24 → 16×12×12
[Dropout(0.25)]                     // dropout1
[Dense(64)]                         // fc1 = nn.Linear(2304, 64), reading the map flattened as torch.flatten(x, 1) does
[Activate(Activation.ReLU)]
[Dropout(0.5)]                      // dropout2
[Dense(10, Activation.LogSoftmax)]  // fc2, then F.log_softmax(x, dim=1)
public partial class TutorialNet
{
}
