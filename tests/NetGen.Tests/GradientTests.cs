using System;
using Xunit;

namespace NetGen.Tests
{
    public class GradientTests
    {
        /// <summary>
        /// The worked 4-2-3-1 logistic example computed the plain way: loops over explicit W and b arrays with the chain
        /// rule written out as docs/math.md derives it. Independent of the generator.
        /// </summary>
        [Fact]
        public void Seed001_example_gradients_equal_a_straightforward_loop_implementation()
        {
            var network = new Seed001Net();
            double[] x = { 0.5, -1.0, 0.25, 2.0 }, y = { 0.8 };
            var generated = new double[Seed001Net.ParameterCount];
            double generatedLoss = network.Backward(x, y, generated);

            var (expectedLoss, expected) = ReferenceBackprop(network.Parameters.ToArray(), new[] { 4, 2, 3, 1 }, x, y[0]);
            Assert.Equal(expectedLoss, generatedLoss, 14);
            for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], generated[k], 14);
        }

        [Fact]
        public void Seed001_and_sine_networks_pass_the_gradient_check()
        {
            var seed001 = new Seed001Net();
            double[] x = { 0.5, -1.0, 0.25, 2.0 }, y = { 0.8 };
            Assert.True(GradientCheck.Parameters(seed001, x, y).RelativeError < 1e-7);
            Assert.True(GradientCheck.Inputs(seed001, x, y).RelativeError < 1e-7);

            var sine = new SineNet();
            double[] input = { 0.7 }, target = { Math.Sin(0.7) };
            var check = GradientCheck.Parameters(sine, input, target);
            Assert.True(check.RelativeError < 1e-7, check.ToString());
        }

        [Fact]
        public void Networks_with_every_new_convolution_argument_pass_the_gradient_check()
        {
            // Rectangular, strided "same", depthwise, dilated, bias-less, padded and global pooling; causal, grouped sequences;
            // bias-less Dense layers.
            var random = new DeterministicRandom(8);
            INetwork<double>[] networks = { new SeparableNet(), new CausalNet(), new BiasFreeDoubleNet() };
            foreach (var network in networks)
            {
                var x = new double[network.InputSize];
                for (int i = 0; i < x.Length; i++) x[i] = random.NextNormal();
                var y = new double[network.OutputSize];
                y[0] = 1;
                Assert.True(GradientCheck.Parameters(network, x, y).RelativeError < 1e-6, network.GetType().Name);
                Assert.True(GradientCheck.Inputs(network, x, y).RelativeError < 1e-6, network.GetType().Name);
            }
        }

        [Fact]
        public void Backward_adds_into_the_gradient_instead_of_overwriting_it()
        {
            var network = new Seed001Net();
            double[] x = { 0.1, 0.2, 0.3, 0.4 }, y = { 1 };
            var once = new double[Seed001Net.ParameterCount];
            network.Backward(x, y, once);
            var twice = new double[Seed001Net.ParameterCount];
            network.Backward(x, y, twice);
            network.Backward(x, y, twice);
            for (int k = 0; k < once.Length; k++) Assert.Equal(2 * once[k], twice[k], 15);
        }

        /// <summary>Forward, then δ⁽ᴸ⁺¹⁾ = (ŷ − y) σ'(z), δ⁽ˡ⁾ = (Wᵀ δ⁽ˡ⁺¹⁾) ⊙ σ'(z⁽ˡ⁾), all sigmoid.</summary>
        private static (double Loss, double[] Gradient) ReferenceBackprop(double[] parameters, int[] sizes, double[] x, double y)
        {
            int layers = sizes.Length - 1;
            var activations = new double[layers + 1][];
            activations[0] = x;
            var weightOffsets = new int[layers];
            int offset = 0;
            for (int l = 0; l < layers; l++)
            {
                weightOffsets[l] = offset;
                int fanIn = sizes[l], units = sizes[l + 1];
                activations[l + 1] = new double[units];
                for (int j = 0; j < units; j++)
                {
                    double z = parameters[offset + units * fanIn + j];
                    for (int i = 0; i < fanIn; i++) z += parameters[offset + j * fanIn + i] * activations[l][i];
                    activations[l + 1][j] = 1 / (1 + Math.Exp(-z));
                }
                offset += units * (fanIn + 1);
            }

            double output = activations[layers][0];
            double loss = 0.5 * (output - y) * (output - y);
            var gradient = new double[parameters.Length];
            double[] delta = { (output - y) * output * (1 - output) };
            for (int l = layers - 1; l >= 0; l--)
            {
                int fanIn = sizes[l], units = sizes[l + 1], w = weightOffsets[l];
                for (int j = 0; j < units; j++)
                {
                    for (int i = 0; i < fanIn; i++) gradient[w + j * fanIn + i] = delta[j] * activations[l][i];
                    gradient[w + units * fanIn + j] = delta[j];
                }

                if (l == 0) break;
                var below = new double[fanIn];
                for (int i = 0; i < fanIn; i++)
                {
                    double sum = 0;
                    for (int j = 0; j < units; j++) sum += parameters[w + j * fanIn + i] * delta[j];
                    double a = activations[l][i];
                    below[i] = sum * a * (1 - a);
                }
                delta = below;
            }
            return (loss, gradient);
        }
    }
}
