using NetGen;

namespace Samples.Fashion;

/// <summary>
/// The network of PyTorch's sequence-MNIST example (pytorch/examples, mnist_rnn/main.py): each image read row by row, 28
/// steps of 28 pixels, by an LSTM of 64 units whose last step's h goes through a BatchNorm, dropout, a hidden Dense layer,
/// dropout and log-probabilities trained with the negative log-likelihood, declared in the order the example's
/// <c>forward</c> writes it (its Dropout2d on a vector drops single values, as [Dropout] does). compare_torch.py
/// --sequence builds the same.
/// </summary>
[Network(Loss.NegativeLogLikelihood, Seed = 1)]
[Input(28, Steps = 28)]             // an image's 28 rows of 28 pixels, the rows as steps: x.view(-1, 28, 28)
[LSTM(64)]                          // rnn = nn.LSTM(input_size=28, hidden_size=64, batch_first=True); output[:, -1, :]
[BatchNorm]                         // batchnorm = nn.BatchNorm1d(64)
[Dropout(0.25)]                     // dropout1
[Dense(32, Activation.ReLU)]        // fc1 = nn.Linear(64, 32), F.relu
[Dropout(0.5)]                      // dropout2
[Dense(10, Activation.LogSoftmax)]  // fc2, then F.log_softmax(x, dim=1)
public partial class SequenceNet
{
}
