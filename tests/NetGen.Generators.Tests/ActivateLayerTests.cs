using System;
using System.Linq;
using System.Reflection;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// [Activate] is the activation stage of the layer below written as a layer of its own: a network that writes its
    /// activations as layers computes the same values, losses and gradients as the one that glues them to its layers, to
    /// the last bit, in the one-sample and the batched code, unrolled or looped, on vectors and maps.
    /// </summary>
    public class ActivateLayerTests
    {
        /// <summary>Pairs of networks, glued and separate, with the same parameters in the same places.</summary>
        private const string Source = """
            using NetGen;
            [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)] [Input(3)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.Sigmoid)]
            public partial class SmallGlued { }
            [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)] [Input(3)] [Dense(4)] [Activate(Activation.Tanh)] [Dense(1)] [Activate(Activation.Sigmoid)]
            public partial class SmallSeparate { }
            [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double)] [Input(12)] [Dense(20, Activation.LeakyReLU, Slope = 0.2)] [Dense(5, Activation.Softmax)]
            public partial class WideGlued { }
            [Network(Loss.CategoricalCrossEntropy, Precision = Precision.Double)] [Input(12)] [Dense(20)] [Activate(Activation.LeakyReLU, Slope = 0.2)] [Dense(5)] [Activate(Activation.Softmax)]
            public partial class WideSeparate { }
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(2, 6, 6)] [Conv2D(3, 3, Activation.ELU)] [MaxPool2D(2)] [Dense(2, Activation.Tanh)]
            public partial class MapGlued { }
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(2, 6, 6)] [Conv2D(3, 3)] [Activate(Activation.ELU)] [MaxPool2D(2)] [Dense(2)] [Activate(Activation.Tanh)]
            public partial class MapSeparate { }
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(4)] [Dense(4, Activation.Tanh)] [Dense(40)] [Dense(1)]
            public partial class BetweenGlued { }
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(4)] [Dense(4)] [Activate(Activation.Tanh)] [Dense(40)] [Dense(1)]
            public partial class BetweenSeparate { }
            [Network(Loss.MeanSquaredError, Precision = Precision.Double)] [Input(4)] [Dense(4)] [Activate(Activation.Tanh)] [Dropout(0.5)] [Dense(40)] [Dense(1)]
            public partial class BetweenDropped { }
            """;

        private static readonly Lazy<Assembly> Networks = new(() => GeneratorHarness.CompileAndLoad(Source, assemblyName: "ActivateNetworks"));

        [Theory]
        [InlineData("Small")]
        [InlineData("Wide")]
        [InlineData("Map")]
        [InlineData("Between")] // an unrolled activation layer that keeps spans for the looped layer above it
        public void Separate_activations_compute_what_glued_ones_do_to_the_bit(string name)
        {
            var glued = Create(name + "Glued");
            var separate = Create(name + "Separate");
            Assert.Equal(glued.ParameterCount, separate.ParameterCount);
            glued.Parameters.CopyTo(separate.Parameters);

            var random = new Random(7);
            const int samples = 21; // more than one tile of the batched code, and a partial one
            var inputs = Enumerable.Range(0, samples * glued.InputSize).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            var targets = Targets(glued.OutputSize, samples, random);
            for (int s = 0; s < samples; s++)
            {
                var x = inputs.AsSpan(s * glued.InputSize, glued.InputSize).ToArray();
                var y = targets.AsSpan(s * glued.OutputSize, glued.OutputSize).ToArray();
                Assert.Equal(Forward(glued, x), Forward(separate, x));
                Assert.Equal(glued.ComputeLoss(x, y), separate.ComputeLoss(x, y));
                var (gluedGradient, gluedInputGradient, gluedLoss) = Backward(glued, x, y);
                var (separateGradient, separateInputGradient, separateLoss) = Backward(separate, x, y);
                Assert.Equal(gluedLoss, separateLoss);
                Assert.Equal(gluedGradient, separateGradient);
                Assert.Equal(gluedInputGradient, separateInputGradient);
            }

            var gluedOutputs = new double[samples * glued.OutputSize];
            var separateOutputs = new double[samples * glued.OutputSize];
            glued.ForwardBatch(inputs, gluedOutputs);
            separate.ForwardBatch(inputs, separateOutputs);
            Assert.Equal(gluedOutputs, separateOutputs);
            var gluedBatchGradient = new double[glued.ParameterCount];
            var separateBatchGradient = new double[glued.ParameterCount];
            Assert.Equal(glued.BackwardBatch(inputs, targets, gluedBatchGradient), separate.BackwardBatch(inputs, targets, separateBatchGradient));
            Assert.Equal(gluedBatchGradient, separateBatchGradient);

            var first = inputs.AsSpan(0, glued.InputSize).ToArray();
            var firstTarget = targets.AsSpan(0, glued.OutputSize).ToArray();
            Assert.Equal(glued.TrainStep(first, firstTarget, 0.1), separate.TrainStep(first, firstTarget, 0.1));
            Assert.Equal(glued.Parameters.ToArray(), separate.Parameters.ToArray());
        }

        /// <summary>
        /// Unrolled activation and dropout layers between an unrolled layer (locals) and a looped one (spans) read the locals:
        /// inference-mode dropout is then the identity to the bit.
        /// </summary>
        [Fact]
        public void Dropout_between_an_unrolled_and_a_looped_layer_is_the_identity_in_inference()
        {
            var separate = Create("BetweenSeparate");
            var dropped = Create("BetweenDropped");
            separate.Parameters.CopyTo(dropped.Parameters);
            var x = new[] { 0.3, -1.2, 0.8, 2.0 };
            Assert.Equal(Forward(separate, x), Forward(dropped, x));
            var (gradient, inputGradient, loss) = Backward(separate, x, new[] { 0.5 });
            var (droppedGradient, droppedInputGradient, droppedLoss) = Backward(dropped, x, new[] { 0.5 });
            Assert.Equal(gradient, droppedGradient);
            Assert.Equal(inputGradient, droppedInputGradient);
            Assert.Equal(loss, droppedLoss);
            Assert.True(double.IsFinite(dropped.TrainStep(x, new[] { 0.5 }, 0.01)));
        }

        [Fact]
        public void The_layer_is_named_in_the_architecture_and_takes_no_parameters()
        {
            var network = Create("SmallSeparate");
            Assert.Equal("3 → Dense 4 Linear → Activate Tanh → Dense 1 Linear → Activate Sigmoid; BinaryCrossEntropy; double", network.Architecture);
            Assert.Equal(new[] { "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias" }, network.ParameterTensors.Select(t => t.Key));
        }

        private static INetwork<double> Create(string name) => (INetwork<double>)Activator.CreateInstance(Networks.Value.GetType(name)!)!;

        private static double[] Forward(INetwork<double> network, double[] x)
        {
            var output = new double[network.OutputSize];
            network.Forward(x, output);
            return output;
        }

        private static (double[] Gradient, double[] InputGradient, double Loss) Backward(INetwork<double> network, double[] x, double[] y)
        {
            var gradient = new double[network.ParameterCount];
            var inputGradient = new double[network.InputSize];
            double loss = network.Backward(x, y, gradient, inputGradient);
            return (gradient, inputGradient, loss);
        }

        /// <summary>Targets each loss takes: one-hot rows for more than one output, else values in (0, 1).</summary>
        private static double[] Targets(int outputs, int samples, Random random)
        {
            var targets = new double[outputs * samples];
            for (int s = 0; s < samples; s++)
                if (outputs > 2) targets[s * outputs + random.Next(outputs)] = 1;
                else for (int k = 0; k < outputs; k++) targets[s * outputs + k] = random.NextDouble();
            return targets;
        }
    }
}
