using System;
using System.Linq;
using Xunit;

namespace NetGen.Tests
{
    namespace Chaining
    {
        // Pairs A → B and one network with A's layers followed by B's (AB), all in double.

        [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 21)]
        [Input(3)] [Dense(4, Activation.Tanh)] [Dense(2, Activation.Sigmoid)]
        public partial class SmallA { }

        [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 22)]
        [Input(2)] [Dense(3, Activation.ReLU)] [Dense(1)]
        public partial class SmallB { }

        [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
        [Input(3)] [Dense(4, Activation.Tanh)] [Dense(2, Activation.Sigmoid)] [Dense(3, Activation.ReLU)] [Dense(1)]
        public partial class SmallAB { }

        [Network(Loss.SumSquaredError, Precision = Precision.Double, Seed = 23)]
        [Input(2)] [Dense(5, Activation.ELU)] [Dense(3, Activation.SELU)]
        public partial class SeluA { }

        [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Seed = 24)]
        [Input(3)] [Dense(4, Activation.Softplus)] [Dense(2, Activation.Softmax)]
        public partial class SoftmaxB { }

        [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double)]
        [Input(2)] [Dense(5, Activation.ELU)] [Dense(3, Activation.SELU)] [Dense(4, Activation.Softplus)] [Dense(2, Activation.Softmax)]
        public partial class SeluSoftmaxAB { }

        /// <summary>Wide enough that every layer loops (vectorised kernels, span storage).</summary>
        [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 25)]
        [Input(20)] [Dense(40, Activation.ReLU)] [Dense(24, Activation.Tanh)]
        public partial class WideA { }

        [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Seed = 26)]
        [Input(24)] [Dense(30, Activation.LeakyReLU)] [Dense(5, Activation.Softmax)]
        public partial class WideB { }

        [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double)]
        [Input(20)] [Dense(40, Activation.ReLU)] [Dense(24, Activation.Tanh)] [Dense(30, Activation.LeakyReLU)] [Dense(5, Activation.Softmax)]
        public partial class WideAB { }

        /// <summary>Image layers: a convolutional encoder in front of a Dense classifier, and a map handed from one image network to another.</summary>
        [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 31)]
        [Input(1, 6, 6)] [Conv2D(2, 3, Activation.Tanh)] [MaxPool2D(2)]
        public partial class ConvEncoder { }

        [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double, Seed = 32)]
        [Input(8)] [Dense(3, Activation.Softmax)]
        public partial class DenseClassifier { }

        [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double)]
        [Input(1, 6, 6)] [Conv2D(2, 3, Activation.Tanh)] [MaxPool2D(2)] [Dense(3, Activation.Softmax)]
        public partial class ConvClassifier { }

        [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 33)]
        [Input(1, 7, 7)] [Conv2D(3, 3, Activation.ReLU, Padding = 1)]
        public partial class ConvFront { }

        [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double, Seed = 34)]
        [Input(3, 7, 7)] [AvgPool2D(2)] [Conv2D(2, 2, Activation.Sigmoid, Stride = 2)]
        public partial class ConvBack { }

        [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)]
        [Input(1, 7, 7)] [Conv2D(3, 3, Activation.ReLU, Padding = 1)] [AvgPool2D(2)] [Conv2D(2, 2, Activation.Sigmoid, Stride = 2)]
        public partial class ConvFrontBack { }

        /// <summary>A GAN in miniature: G maps noise to a tanh "image", D scores it with a sigmoid and binary cross-entropy.</summary>
        [Network(Loss.MeanSquaredError, Precision = Precision.Double, Seed = 27)]
        [Input(4)] [Dense(8, Activation.LeakyReLU)] [Dense(6, Activation.Tanh)]
        public partial class TinyGenerator { }

        [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double, Seed = 28)]
        [Input(6)] [Dense(5, Activation.LeakyReLU)] [Dense(1, Activation.Sigmoid)]
        public partial class TinyDiscriminator { }

        [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)]
        [Input(4)] [Dense(8, Activation.LeakyReLU)] [Dense(6, Activation.Tanh)] [Dense(5, Activation.LeakyReLU)] [Dense(1, Activation.Sigmoid)]
        public partial class TinyGan { }

        // One network per output activation, for BackwardFromOutput's gradient check.
        [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.Linear, Slope = 2)] public partial class LinearOut { }
        [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.Sigmoid)] public partial class SigmoidOut { }
        [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.Tanh)] public partial class TanhOut { }
        [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.ReLU)] public partial class ReluOut { }
        [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.LeakyReLU, Slope = 0.1)] public partial class LeakyReluOut { }
        [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.ELU, Alpha = 0.7)] public partial class EluOut { }
        [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.SELU)] public partial class SeluOut { }
        [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.Softplus)] public partial class SoftplusOut { }
        [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.PiecewiseLinear)] public partial class PiecewiseLinearOut { }
        [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.Softmax)] public partial class SoftmaxOut { }
#pragma warning disable NG0008 // zero gradient by design: BackwardFromOutput must give exactly 0 through it
        [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.Step)] public partial class StepOut { }
        [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.Sign)] public partial class SignOut { }
#pragma warning restore NG0008
    }

    /// <summary>
    /// BackwardFromOutput, the vector-Jacobian product that chains networks: chaining A → B gives exactly the gradients of
    /// one network with A's layers followed by B's; with ∂C/∂ŷ of the loss it equals Backward; gradient checks per output activation.
    /// </summary>
    public class ChainingTests
    {
        public static TheoryData<string> Pairs => new() { "small", "selu-softmax", "wide", "gan", "conv-dense", "conv-conv" };

        private static (INetwork<double> A, INetwork<double> B, INetwork<double> Joined) Pair(string name) => name switch
        {
            "small" => (new Chaining.SmallA(), new Chaining.SmallB(), new Chaining.SmallAB()),
            "selu-softmax" => (new Chaining.SeluA(), new Chaining.SoftmaxB(), new Chaining.SeluSoftmaxAB()),
            "wide" => (new Chaining.WideA(), new Chaining.WideB(), new Chaining.WideAB()),
            "conv-dense" => (new Chaining.ConvEncoder(), new Chaining.DenseClassifier(), new Chaining.ConvClassifier()),
            "conv-conv" => (new Chaining.ConvFront(), new Chaining.ConvBack(), new Chaining.ConvFrontBack()),
            _ => (new Chaining.TinyGenerator(), new Chaining.TinyDiscriminator(), new Chaining.TinyGan()),
        };

        [Theory]
        [MemberData(nameof(Pairs))]
        public void Chaining_two_networks_gives_the_gradients_of_the_joined_network(string pair)
        {
            var (a, b, joined) = Pair(pair);
            a.Parameters.CopyTo(joined.Parameters);
            b.Parameters.CopyTo(joined.Parameters.Slice(a.ParameterCount));
            var random = new DeterministicRandom(pair.Length);

            for (int sample = 0; sample < 5; sample++)
            {
                double[] x = Uniform(random, a.InputSize, -1.5, 1.5);
                double[] y = Target(random, b);

                var joinedGradient = Filled(random, joined.ParameterCount); // both sides add into nonzero gradients
                var chainedGradient = joinedGradient.ToArray();
                var joinedInputGradient = new double[a.InputSize];
                double joinedLoss = joined.Backward(x, y, joinedGradient, joinedInputGradient);

                // Forward through A; B backpropagates its loss to its input; A carries on from there.
                var hidden = new double[a.OutputSize];
                a.Forward(x, hidden);
                var hiddenGradient = new double[b.InputSize];
                double chainedLoss = b.Backward(hidden, y, chainedGradient.AsSpan(a.ParameterCount), hiddenGradient);
                var chainedInputGradient = new double[a.InputSize];
                a.BackwardFromOutput(x, hiddenGradient, chainedGradient.AsSpan(0, a.ParameterCount), chainedInputGradient);

                AssertRelative(joinedLoss, chainedLoss, $"{pair} loss");
                for (int k = 0; k < joinedGradient.Length; k++) AssertRelative(joinedGradient[k], chainedGradient[k], $"{pair} ∂C/∂θ[{k}]");
                for (int i = 0; i < a.InputSize; i++) AssertRelative(joinedInputGradient[i], chainedInputGradient[i], $"{pair} ∂C/∂x[{i}]");
            }
        }

        public static TheoryData<string> LossNetworks => new() { "mse", "sse", "bce", "cce", "cce-wide", "mse-wide" };

        private static INetwork<double> LossNetwork(string name) => name switch
        {
            "mse" => new Chaining.SmallA(),
            "sse" => new Chaining.SeluA(),
            "bce" => new Chaining.TinyDiscriminator(),
            "cce" => new Chaining.SoftmaxB(),
            "cce-wide" => new Chaining.WideB(),
            _ => new Chaining.WideA(),
        };

        /// <summary>∂C/∂ŷ of each loss (docs/math.md): ŷ − y, 2(ŷ − y), −y/p + (1 − y)/(1 − p), −y/p.</summary>
        private static double OutputGradientOfLoss(string name, double output, double target) => name switch
        {
            "mse" or "mse-wide" => output - target,
            "sse" => 2 * (output - target),
            "bce" => -target / output + (1 - target) / (1 - output),
            _ => -target / output,
        };

        [Theory]
        [MemberData(nameof(LossNetworks))]
        public void BackwardFromOutput_with_the_loss_gradient_equals_Backward(string name)
        {
            var network = LossNetwork(name);
            var random = new DeterministicRandom(name.Length + 40);
            for (int sample = 0; sample < 5; sample++)
            {
                double[] x = Uniform(random, network.InputSize, -1, 1);
                double[] y = Target(random, network);
                var output = new double[network.OutputSize];
                network.Forward(x, output);
                var outputGradient = output.Select((o, k) => OutputGradientOfLoss(name, o, y[k])).ToArray();

                var expected = new double[network.ParameterCount];
                var expectedInput = new double[network.InputSize];
                network.Backward(x, y, expected, expectedInput);
                var actual = new double[network.ParameterCount];
                var actualInput = new double[network.InputSize];
                double linearCost = network.BackwardFromOutput(x, outputGradient, actual, actualInput);

                // The fused cross-entropy δ = p − y and g ⊙ σ' (or the softmax Jacobian) agree to rounding.
                for (int k = 0; k < expected.Length; k++) AssertRelative(expected[k], actual[k], $"{name} ∂C/∂θ[{k}]", 1e-10);
                for (int i = 0; i < expectedInput.Length; i++) AssertRelative(expectedInput[i], actualInput[i], $"{name} ∂C/∂x[{i}]", 1e-10);
                Assert.Equal(outputGradient.Select((g, k) => g * output[k]).Sum(), linearCost, 12);
            }
        }

        public static TheoryData<string> OutputActivations => new()
        {
            "Linear", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU", "SELU", "Softplus", "PiecewiseLinear", "Softmax", "Step", "Sign",
            "wide Tanh", "wide Softmax",
        };

        private static INetwork<double> OutputNetwork(string activation) => activation switch
        {
            "Linear" => new Chaining.LinearOut(),
            "Sigmoid" => new Chaining.SigmoidOut(),
            "Tanh" => new Chaining.TanhOut(),
            "ReLU" => new Chaining.ReluOut(),
            "LeakyReLU" => new Chaining.LeakyReluOut(),
            "ELU" => new Chaining.EluOut(),
            "SELU" => new Chaining.SeluOut(),
            "Softplus" => new Chaining.SoftplusOut(),
            "PiecewiseLinear" => new Chaining.PiecewiseLinearOut(),
            "Softmax" => new Chaining.SoftmaxOut(),
            "Step" => new Chaining.StepOut(),
            "Sign" => new Chaining.SignOut(),
            "wide Tanh" => new Chaining.WideA(),
            _ => new Chaining.WideB(),
        };

        [Theory]
        [MemberData(nameof(OutputActivations))]
        public void BackwardFromOutput_passes_the_gradient_check_for_every_output_activation(string activation)
        {
            var network = OutputNetwork(activation);
            var random = new DeterministicRandom(activation.Length);
            // Inputs of about ±2 put units on both sides of the ReLU kinks and the piecewise-linear corners.
            double[] x = Uniform(random, network.InputSize, -2, 2);
            double[] outputGradient = Uniform(random, network.OutputSize, -1, 1);

            var parameters = GradientCheck.ParametersFromOutput(network, x, outputGradient);
            var inputs = GradientCheck.InputsFromOutput(network, x, outputGradient);
            Assert.True(parameters.RelativeError < 1e-7, $"{activation} parameters: {parameters}");
            Assert.True(inputs.RelativeError < 1e-7, $"{activation} inputs: {inputs}");

            var gradient = new double[network.ParameterCount];
            network.BackwardFromOutput(x, outputGradient, gradient);
            bool zeroGradient = activation is "Step" or "Sign";
            Assert.Equal(zeroGradient, gradient.All(g => g == 0));
        }

        [Fact]
        public void BackwardFromOutput_adds_into_the_gradient_checks_lengths_and_allocates_nothing()
        {
            var unrolled = new Chaining.SmallA();
            var looped = new Chaining.WideB();
            double[] x = { 0.3, -0.2, 0.9 }, g = { 0.5, -1 };
            var once = new double[Chaining.SmallA.ParameterCount];
            unrolled.BackwardFromOutput(x, g, once);
            var twice = new double[Chaining.SmallA.ParameterCount];
            unrolled.BackwardFromOutput(x, g, twice);
            unrolled.BackwardFromOutput(x, g, twice);
            for (int k = 0; k < once.Length; k++) Assert.Equal(2 * once[k], twice[k], 15);

            var inputGradient = new double[3];
            Assert.Throws<ArgumentException>("outputGradient", () => unrolled.BackwardFromOutput(x, new double[3], once));
            Assert.Throws<ArgumentException>("input", () => unrolled.BackwardFromOutput(new double[2], g, once));
            Assert.Throws<ArgumentException>("gradient", () => unrolled.BackwardFromOutput(x, g, new double[1]));
            Assert.Throws<ArgumentException>("inputGradient", () => unrolled.BackwardFromOutput(x, g, once, new double[2]));

            double[] wideX = new double[Chaining.WideB.InputSize], wideG = new double[Chaining.WideB.OutputSize];
            double[] wideGradient = new double[Chaining.WideB.ParameterCount], wideInputGradient = new double[Chaining.WideB.InputSize];
            wideG[1] = 1;
            for (int warmUp = 0; warmUp < 2; warmUp++)
            {
                unrolled.BackwardFromOutput(x, g, once, inputGradient);
                looped.BackwardFromOutput(wideX, wideG, wideGradient, wideInputGradient);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            unrolled.BackwardFromOutput(x, g, once);
            unrolled.BackwardFromOutput(x, g, once, inputGradient);
            looped.BackwardFromOutput(wideX, wideG, wideGradient);
            looped.BackwardFromOutput(wideX, wideG, wideGradient, wideInputGradient);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        internal static double[] Uniform(DeterministicRandom random, int count, double low, double high) =>
            Enumerable.Range(0, count).Select(_ => random.NextUniform(low, high)).ToArray();

        private static double[] Filled(DeterministicRandom random, int count) => Uniform(random, count, -0.1, 0.1);

        /// <summary>A one-hot target for a softmax output, 0/1 labels for a sigmoid, anything for a regression.</summary>
        private static double[] Target(DeterministicRandom random, INetwork<double> network)
        {
            var target = new double[network.OutputSize];
            if (network.Architecture.Contains("CrossEntropy"))
            {
                if (network.OutputSize == 1) target[0] = random.NextUniform(0, 1) < 0.5 ? 0 : 1;
                else target[(int)(random.NextUniform(0, 1) * network.OutputSize) % network.OutputSize] = 1;
                return target;
            }
            for (int k = 0; k < target.Length; k++) target[k] = random.NextUniform(-1, 1);
            return target;
        }

        private static void AssertRelative(double expected, double actual, string what, double tolerance = 1e-12)
        {
            double scale = Math.Max(Math.Abs(expected), Math.Abs(actual));
            Assert.True(Math.Abs(expected - actual) <= tolerance * scale, $"{what}: expected {expected:R}, got {actual:R}");
        }
    }
}
