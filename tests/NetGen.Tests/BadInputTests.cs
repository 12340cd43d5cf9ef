using System;
using System.IO;
using System.Linq;
using System.Threading;
using NetGen.GeneratedCode;
using Xunit;

namespace NetGen.Tests
{
    /// <summary>
    /// What every bad input gets (docs/bad-input.md): NaN through Forward and ComputeLoss, a clear exception with the
    /// parameters unchanged from the training APIs and state_dict JSON, and a divergence guard that leaves finite parameters.
    /// </summary>
    public class BadInputTests
    {
        private static readonly float[] XorInputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
        private static readonly float[] XorTargets = { 0, 1, 1, 0 };

        // ---- NaN in, NaN out -------------------------------------------------------------------------------------------

        /// <summary>x = NaN, +∞, −∞, 0, 1, −1 through each activation, as PyTorch 1.13 computes it (torch.relu, F.elu, ...).</summary>
        private static readonly double[] Special = { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, 1, -1 };

        public static TheoryData<string, double[]> ActivationsOfSpecialValues() => new()
        {
            { "Linear", new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, 0.5, -0.5 } },
            // Not PyTorch's choice: torch.heaviside and torch.sign map NaN to 0; NetGen keeps NaN so that it shows.
            { "Step", new[] { double.NaN, 1, 0, 1, 1, 0 } },
            { "Sign", new[] { double.NaN, 1, -1, 0, 1, -1 } },
            { "Sigmoid", new[] { double.NaN, 1, 0, 0.5, 0.7310585786300049, 0.2689414213699951 } },
            { "Tanh", new[] { double.NaN, 1, -1, 0, 0.7615941559557649, -0.7615941559557649 } },
            { "ReLU", new[] { double.NaN, double.PositiveInfinity, 0, 0, 1, 0 } },
            { "LeakyReLU", new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, 1, -0.01 } },
            { "ELU", new[] { double.NaN, double.PositiveInfinity, -1, 0, 1, -0.6321205588285577 } },
            { "SELU", new[] { double.NaN, double.PositiveInfinity, -1.7580993408473766, 0, 1.0507009873554805, -1.1113307378125625 } },
            { "Softplus", new[] { double.NaN, double.PositiveInfinity, 0, 0.6931471805599453, 1.3132616875182228, 0.31326168751822286 } },
            { "PiecewiseLinear", new[] { double.NaN, 1, 0, 0.5, 1, 0 } },
            // Every unit gets the same z: softmax of equal finite logits is uniform, of infinite ones NaN (0 · ∞ − ∞).
            { "Softmax", new[] { double.NaN, double.NaN, double.NaN, 1.0 / 3, 1.0 / 3, 1.0 / 3 } },
        };

        [Theory]
        [MemberData(nameof(ActivationsOfSpecialValues))]
        public void Every_activation_maps_special_values_as_pytorch_does_unrolled_and_looped(string activation, double[] expected)
        {
            foreach (var network in SpecialValueNets.Of(activation))
            {
                // Weights 1 and biases 0: z = x in every unit, so the output is σ(x).
                var parameters = network.Parameters;
                for (int k = 0; k < parameters.Length; k++) parameters[k] = k < network.OutputSize ? 1 : 0;
                var output = new float[network.OutputSize];
                for (int v = 0; v < Special.Length; v++)
                {
                    network.Forward(new[] { (float)Special[v] }, output);
                    double want = activation == "Softmax" && v >= 3 ? 1.0 / network.OutputSize : expected[v];
                    foreach (float value in output)
                        Assert.True(double.IsNaN(want) ? float.IsNaN(value) : Math.Abs(value - want) <= 1e-6 || value == want,
                            $"{network.GetType().Name}: σ({Special[v]}) = {value}, PyTorch gives {want}");
                }
            }
        }

        [Fact]
        public void A_nan_input_gives_nan_outputs_and_loss_in_float_and_double_unrolled_and_looped()
        {
            var relu = new ThreeClassNet(); // the issue's case: a NaN once came out as [0.333, 0.333, 0.333]
            var output = new float[3];
            relu.Forward(new[] { float.NaN, 0.5f }, output);
            Assert.All(output, value => Assert.True(float.IsNaN(value)));
            Assert.True(float.IsNaN(relu.ComputeLoss(new[] { 0.5f, float.NaN }, new float[] { 0, 1, 0 })));

            var wide = new WideNet(); // ReLU and softmax over spans: the vectorised kernels
            var input = Enumerable.Repeat(0.25f, 40).ToArray();
            input[17] = float.NaN;
            var wideOutput = new float[30];
            wide.Forward(input, wideOutput);
            Assert.All(wideOutput, value => Assert.True(float.IsNaN(value)));
            Assert.True(float.IsNaN(wide.ComputeLoss(input, TrainingData.OneHot<float>(new[] { 4 }, 30))));

            var wideDouble = new WideDoubleNet();
            var doubleOutput = new double[WideDoubleNet.OutputSize];
            wideDouble.Forward(Enumerable.Range(0, 12).Select(i => i == 11 ? double.NaN : 0.1 * i).ToArray(), doubleOutput);
            Assert.All(doubleOutput, value => Assert.True(double.IsNaN(value)));

            var sine = new SineNet();
            Assert.True(double.IsNaN(sine.ComputeLoss(new[] { 0.5 }, new[] { double.NaN })));
        }

        [Fact]
        public void The_relu_kernel_passes_nan_through_in_the_vector_body_and_the_tail()
        {
            for (int length = 1; length <= 37; length++)
            {
                for (int at = 0; at < length; at++)
                {
                    var z = Enumerable.Range(0, length).Select(i => i == at ? float.NaN : (float)Math.Sin(i)).ToArray();
                    var a = new float[length];
                    NetMath.ReLU(z, a);
                    Assert.True(float.IsNaN(a[at]), $"length {length}, NaN at {at}");
                    var zd = Array.ConvertAll(z, v => (double)v);
                    var ad = new double[length];
                    NetMath.ReLU(zd, ad);
                    Assert.True(double.IsNaN(ad[at]), $"length {length}, NaN at {at} (double)");
                }
            }
        }

        [Fact]
        public void The_matrix_and_softmax_kernels_pass_nan_and_infinity_through_on_every_path()
        {
            for (int length = 1; length <= 37; length++)
            {
                for (int at = 0; at < length; at++)
                {
                    foreach (float bad in new[] { float.NaN, float.PositiveInfinity })
                    {
                        var z = Enumerable.Range(0, length).Select(i => i == at ? bad : (float)Math.Cos(i)).ToArray();
                        // Softmax: the Vector128 path (length ≥ 4), the scalar float body and the double one; PyTorch gives NaN
                        // everywhere for a NaN or +∞ logit.
                        var (p, portable, pd) = (new float[length], new float[length], new double[length]);
                        NetMath.Softmax(z, p);
                        NetMath.SoftmaxCore<float>(z, portable, logSumExp: false);
                        NetMath.Softmax(Array.ConvertAll(z, v => (double)v), pd);
                        Assert.True(p.All(float.IsNaN) && portable.All(float.IsNaN) && pd.All(double.IsNaN), $"softmax of {length} with {bad} at {at}");

                        // z = W x + b with x holding the bad value: every row sees it (AVX and portable bodies).
                        var weights = Enumerable.Range(0, 5 * length).Select(i => 0.5f + (float)Math.Sin(i)).ToArray();
                        var (rows, rowsPortable) = (new float[5], new float[5]);
                        NetMath.MultiplyAdd(weights, z, new float[5], rows);
                        NetMath.MultiplyAddCore<float>(weights, z, new float[5], rowsPortable);
                        Assert.True(rows.Concat(rowsPortable).All(v => float.IsNaN(v) || float.IsInfinity(v)), $"W x of {length} with {bad} at {at}");
                        if (float.IsNaN(bad)) Assert.True(rows.Concat(rowsPortable).All(float.IsNaN));
                    }
                }
            }

            Assert.True(float.IsNaN(NetMath.Sigmoid(float.NaN)) && float.IsNaN(NetMath.Softplus(float.NaN)) && float.IsNaN(NetMath.Tanh(float.NaN)));
            Assert.True(double.IsNaN(NetMath.Sigmoid(double.NaN)) && double.IsNaN(NetMath.Softplus(double.NaN)) && double.IsNaN(NetMath.Tanh(double.NaN)));
        }

        // ---- Train -----------------------------------------------------------------------------------------------------

        public static TheoryData<string, float[], float[], TrainingOptions, Type, string> BadTrainCalls() => new()
        {
            { "NaN input", With(XorInputs, 2, float.NaN), XorTargets, Options(), typeof(ArgumentException), "inputs row 1, column 0 is NaN; training needs finite numbers" },
            { "+∞ input", With(XorInputs, 7, float.PositiveInfinity), XorTargets, Options(), typeof(ArgumentException), "inputs row 3, column 1 is Infinity; training needs finite numbers" },
            { "−∞ target", XorInputs, With(XorTargets, 2, float.NegativeInfinity), Options(), typeof(ArgumentException), "targets row 2, column 0 is -Infinity" },
            { "BCE target 2", XorInputs, new float[] { 0, 1, 2, 0 }, Options(), typeof(ArgumentException), "targets row 2, column 0 is 2; binary cross-entropy needs targets in [0, 1]" },
            { "BCE target −1", XorInputs, new float[] { -1, 1, 1, 0 }, Options(), typeof(ArgumentException), "targets row 0, column 0 is -1; binary cross-entropy" },
            { "ragged inputs", XorInputs[..7], XorTargets, Options(), typeof(ArgumentException), "inputs has length 7; it must hold N ≥ 1 samples of 2 values" },
            { "short targets", XorInputs, XorTargets[..3], Options(), typeof(ArgumentException), "targets has length 3; 4 samples of 1 value (OutputSize) need 4" },
            { "NaN learning rate", XorInputs, XorTargets, Options(o => o.LearningRate = double.NaN), typeof(ArgumentOutOfRangeException), "LearningRate must be a positive finite number" },
            { "negative learning rate", XorInputs, XorTargets, Options(o => o.LearningRate = -0.1), typeof(ArgumentOutOfRangeException), "LearningRate must be a positive finite number" },
            { "0 epochs", XorInputs, XorTargets, Options(o => o.Epochs = 0), typeof(ArgumentOutOfRangeException), "Epochs must be at least 1" },
            { "no sample left", XorInputs[..2], XorTargets[..1], Options(o => o.ValidationFraction = 0.5), typeof(ArgumentException), "ValidationFraction 0.5 of 1 sample leaves none to train on" },
        };

        [Theory]
        [MemberData(nameof(BadTrainCalls))]
        public void Train_refuses_bad_input_before_it_changes_anything(string what, float[] inputs, float[] targets, TrainingOptions options, Type exception, string message)
        {
            var network = new XorNet();
            var before = network.Parameters.ToArray();
            var error = Assert.Throws(exception, () => network.Train(inputs, targets, options));
            Assert.Contains(message, error.Message);
            Assert.Equal(before, network.Parameters.ToArray());
            Assert.False(string.IsNullOrEmpty(what));
        }

        [Fact]
        public void Categorical_cross_entropy_refuses_negative_targets_and_squared_errors_take_any_finite_target()
        {
            var network = new ThreeClassNet();
            var before = network.Parameters.ToArray();
            float[] inputs = { 0, 1, 1, 0 }, targets = { 1, 0, 0, 0, -1, 2 };
            var error = Assert.Throws<ArgumentException>(() => network.Train(inputs, targets, Options()));
            Assert.Equal("targets", error.ParamName);
            Assert.StartsWith("targets row 1, column 1 is -1; categorical cross-entropy needs targets ≥ 0", error.Message);
            Assert.Equal(before, network.Parameters.ToArray());

            var sine = new SineNet();
            var report = sine.Train(new[] { 0.0, 1 }, new[] { -250.0, 7e3 }, new TrainingOptions { Epochs = 2, LearningRate = 1e-9 });
            Assert.Equal(TrainingStop.Completed, report.Stop);
        }

        [Fact]
        public void Train_refuses_parameters_that_are_not_finite_before_it_starts()
        {
            var network = new XorNet();
            network.Parameters[13] = float.NaN;
            var before = network.Parameters.ToArray();
            var error = Assert.Throws<InvalidOperationException>(() => network.Train(XorInputs, XorTargets, Options()));
            Assert.StartsWith("The parameter layers.1.weight[0, 1] is NaN before training", error.Message);
            Assert.Equal(before, network.Parameters.ToArray());
        }

        [Fact]
        public void A_step_that_makes_parameters_infinite_is_undone_and_reported()
        {
            // Each step's loss is finite (it is measured before the step), so only the parameter check can see this one.
            var network = new XorNet();
            var before = network.Parameters.ToArray();
            var report = network.Train(XorInputs, XorTargets, new TrainingOptions { Epochs = 1, BatchSize = 4, LearningRate = 1e300 });
            Assert.Equal(TrainingStop.Diverged, report.Stop);
            Assert.Empty(report.EpochLosses);
            Assert.Matches(@"^The step on batch 1 of epoch 1 \(learning rate 1E\+300\) made layers\.\d\.(weight|bias)\[[\d, ]+\] (-?Infinity|NaN)\. Training stopped and the parameters from the start of epoch 1, which are finite, were restored\.", report.Message);
            Assert.Equal(before, network.Parameters.ToArray());
        }

        [Fact]
        public void A_loss_that_grows_by_orders_of_magnitude_is_reported_as_divergence_and_the_lowest_loss_weights_restored()
        {
            // Every loss stays finite (sigmoid saturates), so without the growth guard this run would report Completed.
            var network = new XorNet();
            var before = network.Parameters.ToArray();
            var report = network.Train(XorInputs, XorTargets, new TrainingOptions { Epochs = 2000, BatchSize = 4, LearningRate = 1e30 });
            Assert.Equal(TrainingStop.Diverged, report.Stop);
            Assert.Equal(2, report.EpochLosses.Count);
            Assert.True(report.EpochLosses[1] > 1e6 * report.EpochLosses[0], string.Join(", ", report.EpochLosses));
            Assert.Matches(@"^The loss grew from 0\.\d+ in epoch 1 to [\d.]+E\+\d+ in epoch 2, more than 1,000,000 times: training stopped and the " +
                           @"parameters from the start of epoch 1, the epoch with the lowest loss \(0\.\d+\), were restored\.", report.Message);
            Assert.Equal(before, network.Parameters.ToArray());
        }

        [Fact]
        public void A_loss_that_overflows_on_finite_data_stops_training_and_names_the_sample()
        {
            var network = new EveryEnumNet(); // ELU into a linear output: nothing saturates, so (ŷ − y)² overflows
            double[] inputs = { 0.5, 0.5, 0.5, 1e300, 1e300, 1e300, -0.5, -0.5, -0.5 }, targets = new double[6];
            var report = network.Train(inputs, targets, new TrainingOptions { Epochs = 3, BatchSize = 3, Shuffle = false });
            Assert.Equal(TrainingStop.Diverged, report.Stop);
            Assert.StartsWith("The loss of sample 1 (row 1 of inputs) was Infinity in epoch 1, batch 1", report.Message);
            Assert.Contains("see Standardizer", report.Message);
            Assert.All(network.Parameters.ToArray(), p => Assert.True(double.IsFinite(p)));
        }

        [Fact]
        public void A_token_cancelled_before_training_reports_no_epoch_and_changes_nothing()
        {
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();
            var network = new XorNet();
            var before = network.Parameters.ToArray();
            var report = network.Train(XorInputs, XorTargets, Options(o => o.CancellationToken = cancellation.Token));
            Assert.Equal(TrainingStop.Cancelled, report.Stop);
            Assert.Empty(report.EpochLosses);
            Assert.Equal("Cancelled before the first step; the parameters were not changed.", report.Message);
            Assert.Equal(before, network.Parameters.ToArray());
        }

        [Fact]
        public void Messages_count_in_words()
        {
            Assert.Equal("Completed 1 epoch.", new XorNet().Train(XorInputs, XorTargets, Options(o => o.Epochs = 1)).Message);
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingData.OneHot<float>(new[] { 0, 3 }, 3));
            Assert.StartsWith("Label 3 (sample 1) is outside [0, 3).", error.Message);
        }

        [Theory]
        [InlineData(40, 0.25, 7)]
        [InlineData(10, 0.01, 3)] // round(0.1) = 0, but a positive fraction holds out at least one sample
        public void DataSet_Split_holds_out_the_samples_Train_validates_on(int samples, double fraction, int seed)
        {
            var inputs = Enumerable.Range(0, samples).Select(i => Math.Sin(i)).ToArray();
            var targets = inputs.Select(x => x * x).ToArray();
            var network = new SineNet();
            var reports = new System.Collections.Generic.List<EpochReport>();
            network.Train(inputs, targets, new TrainingOptions { Epochs = 1, BatchSize = 4, ValidationFraction = fraction, Seed = seed, Progress = new Progress(reports.Add) });

            var (_, _, validationInputs, validationTargets) = TrainingData.Split<double>(inputs, targets, 1, 1, fraction, seed);
            Assert.NotEmpty(validationInputs);
            double loss = Enumerable.Range(0, validationInputs.Length).Average(s => network.ComputeLoss(validationInputs.AsSpan(s, 1), validationTargets.AsSpan(s, 1)));
            Assert.Equal(reports.Single().ValidationLoss, loss, 1e-12);
        }

        // ---- TrainStep -------------------------------------------------------------------------------------------------

        public static TheoryData<float[], float[], float, Type, string> BadTrainSteps() => new()
        {
            { new[] { 0f, 1 }, new[] { 1f }, float.NaN, typeof(ArgumentOutOfRangeException), "The learning rate must be a positive finite number, not NaN." },
            { new[] { 0f, 1 }, new[] { 1f }, -0.5f, typeof(ArgumentOutOfRangeException), "The learning rate must be a positive finite number, not -0.5." },
            { new[] { 0f, 1 }, new[] { 1f }, 0f, typeof(ArgumentOutOfRangeException), "The learning rate must be a positive finite number, not 0." },
            { new[] { 0f, 1 }, new[] { 1f }, float.PositiveInfinity, typeof(ArgumentOutOfRangeException), "not Infinity." },
            { new[] { 0f, float.NaN }, new[] { 1f }, 0.1f, typeof(ArgumentException), "input[1] is NaN; training needs finite numbers" },
            { new[] { float.NegativeInfinity, 1 }, new[] { 1f }, 0.1f, typeof(ArgumentException), "input[0] is -Infinity" },
            { new[] { 0f, 1 }, new[] { float.NaN }, 0.1f, typeof(ArgumentException), "target[0] is NaN" },
            { new[] { 0f, 1 }, new[] { 5f }, 0.1f, typeof(ArgumentException), "target[0] is 5; binary cross-entropy needs targets in [0, 1]" },
            { new[] { 0f, 1, 2 }, new[] { 1f }, 0.1f, typeof(ArgumentException), "input has length 3; it must have length 2 (InputSize)." },
        };

        [Theory]
        [MemberData(nameof(BadTrainSteps))]
        public void TrainStep_refuses_bad_input_before_it_changes_anything(float[] input, float[] target, float learningRate, Type exception, string message)
        {
            var network = new XorNet();
            var before = network.Parameters.ToArray();
            var error = Assert.Throws(exception, () => network.TrainStep(input, target, learningRate));
            Assert.Contains(message, error.Message);
            Assert.Equal(before, network.Parameters.ToArray());
        }

        [Fact]
        public void TrainStep_of_categorical_cross_entropy_refuses_a_negative_target()
        {
            var network = new ThreeClassNet();
            var error = Assert.Throws<ArgumentException>(() => network.TrainStep(new[] { 0f, 1 }, new[] { 0f, -1, 1 }, 0.1f));
            Assert.StartsWith("target[1] is -1; categorical cross-entropy needs targets ≥ 0", error.Message);
        }

        // ---- state_dict JSON -------------------------------------------------------------------------------------------

        private const string XorLayers = """
            "layers.0.weight": [[1, 2], [3, 4], [5, 6], [7, 8]], "layers.0.bias": [1, 2, 3, 4], "layers.1.weight": [[1, 2, 3, 4]], "layers.1.bias": [NUMBER]
            """;

        public static TheoryData<string, string> BadJson() => new()
        {
            { "{" + XorLayers.Replace("NUMBER", "1e39") + "}", "layers.1.bias[0] is 1E+39, which does not fit a float network (|x| ≤ 3.4028235E+38)" },
            { "{" + XorLayers.Replace("NUMBER", "-3.5e38") + "}", "layers.1.bias[0] is -3.5E+38, which does not fit a float network" },
            { "{" + XorLayers.Replace("NUMBER", "1e309") + "}", "'1e309' is not a JSON number: it is too large for a double" },
            { "{\"architecture\": \"2 → Dense 4 ReLU → Dense 1 Sigmoid; BinaryCrossEntropy; float\", " + XorLayers.Replace("NUMBER", "0") + "}",
                "it was written from the architecture \"2 → Dense 4 ReLU → Dense 1 Sigmoid; BinaryCrossEntropy; float\"; this network is \"2 → Dense 4 Tanh → Dense 1 Sigmoid; BinaryCrossEntropy; float\"" },
            { "{\"architecture\": 7, " + XorLayers.Replace("NUMBER", "0") + "}", "its \"architecture\" is not a string" },
            { "{" + XorLayers.Replace("NUMBER", "01") + "}", "'01' is not a JSON number: a number must not start with 0 followed by more digits" },
            { "{" + XorLayers.Replace("NUMBER", "-00") + "}", "'-00' is not a JSON number: a number must not start with 0 followed by more digits" },
            { "{" + XorLayers.Replace("NUMBER", "1.") + "}", "'1.' is not a JSON number: a digit must follow the decimal point" },
            { "{" + XorLayers.Replace("NUMBER", "1.e5") + "}", "'1.e5' is not a JSON number: a digit must follow the decimal point" },
            { "{" + XorLayers.Replace("NUMBER", "-.5") + "}", "'-.5' is not a JSON number: a digit must follow the minus sign" },
            { "{" + XorLayers.Replace("NUMBER", "-") + "}", "'-' is not a JSON number: a digit must follow the minus sign" },
            { "{" + XorLayers.Replace("NUMBER", "2e") + "}", "'2e' is not a JSON number: a digit must follow the exponent's e" },
            { "{" + XorLayers.Replace("NUMBER", "2E+") + "}", "'2E+' is not a JSON number: a digit must follow the exponent's e" },
            { "{" + XorLayers.Replace("NUMBER", "+1") + "}", "expected a value (an object, array, string, number, true, false or null) but found '+1]}'" },
            { "{" + XorLayers.Replace("NUMBER", ".5") + "}", "expected a value (an object, array, string, number, true, false or null) but found '.5]}'" },
            { "{" + XorLayers.Replace("NUMBER", "NaN") + "}", "expected a value (an object, array, string, number, true, false or null) but found 'NaN]}'" },
            { "{" + XorLayers.Replace("NUMBER", "Infinity") + "}", "but found 'Infinity]}'" },
            { "{" + XorLayers.Replace("NUMBER", "0x1") + "}", "expected ',' or ']' after an array element but found 'x1]}'" },
            { "{" + XorLayers.Replace("NUMBER", "tru") + "}", "expected a value (an object, array, string, number, true, false or null) but found 'tru]}'" },
            { "garbage", "Not valid JSON at character 0: expected a value (an object, array, string, number, true, false or null) but found 'garbage'." },
            { "", "Not valid JSON at character 0: the text ends where a value should be." },
            { "{} {}", "expected the end of the text after the value but found '{}'" },
            { "{'layers.0.weight': []}", "expected a property name in double quotes but found ''layers.0.we…'" },
            { "{\"a\" 1}", "expected ':' after the property name but found '1}'" },
            { "{\"a\": 1 \"b\": 2}", "expected ',' or '}' after a property's value but found '\"b\": 2}'" },
        };

        [Theory]
        [MemberData(nameof(BadJson))]
        public void State_dict_json_refuses_bad_input_with_a_plain_reason_and_changes_nothing(string json, string reason)
        {
            var network = new XorNet();
            var before = network.Parameters.ToArray();
            var error = Assert.Throws<InvalidDataException>(() => StateDict.FromJson(network, json));
            Assert.StartsWith("Not a state_dict for this network: ", error.Message);
            Assert.Contains(reason, error.Message);
            Assert.EndsWith(". The network's parameters were not changed.", error.Message);
            Assert.DoesNotContain("..", error.Message);
            Assert.Equal(before, network.Parameters.ToArray());
        }

        [Fact]
        public void State_dict_json_loads_without_an_architecture_and_with_the_networks_own()
        {
            var network = new XorNet();
            StateDict.FromJson(network, "{" + XorLayers.Replace("NUMBER", "-0.5e1") + "}");
            Assert.Equal(-5f, network.Parameters[XorNet.ParameterCount - 1]);
            StateDict.FromJson(network, "{\"architecture\": \"" + network.Architecture + "\", " + XorLayers.Replace("NUMBER", "3.4028235e38") + "}");
            Assert.Equal(float.MaxValue, network.Parameters[XorNet.ParameterCount - 1]);

            // A double network takes what a float one refuses; a float network's file is another architecture for it.
            var json = StateDict.ToJson(new XorNet());
            var error = Assert.Throws<InvalidDataException>(() => StateDict.FromJson(new XorDoubleNet(), json));
            Assert.Contains("this network is \"2 → Dense 4 Tanh → Dense 1 Sigmoid; BinaryCrossEntropy; double\"", error.Message);
            var wide = new XorDoubleNet();
            StateDict.FromJson(wide, "{" + XorLayers.Replace("NUMBER", "1e39") + "}");
            Assert.Equal(1e39, wide.Parameters[XorDoubleNet.ParameterCount - 1]);
        }

        // ---- The fuzz test: finite, or threw and unchanged -------------------------------------------------------------

        [Fact]
        public void Random_bad_rows_targets_and_learning_rates_leave_finite_parameters_or_throw_and_change_nothing()
        {
            var random = new DeterministicRandom(15);
            float[] badValues = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f, float.MaxValue, 2, -1, 5, 1e-30f };
            double[] learningRates = { double.NaN, -1, 0, double.PositiveInfinity, 1e-3, 0.5, 10, 1e6, 1e30, 1e300 };
            int threw = 0, diverged = 0, finished = 0;
            for (int trial = 0; trial < 300; trial++)
            {
                INetwork<float> network = (trial % 3) switch { 0 => new XorNet(trial), 1 => new ThreeClassNet(trial), _ => new WideNet(trial) };
                int samples = 2 + random.NextInt(12);
                var inputs = new float[samples * network.InputSize];
                var targets = new float[samples * network.OutputSize];
                for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextNormal();
                for (int s = 0; s < samples; s++)
                    if (network.OutputSize == 1) targets[s] = random.NextInt(2);
                    else targets[s * network.OutputSize + random.NextInt(network.OutputSize)] = 1;

                int corruptions = random.NextInt(3);
                for (int c = 0; c < corruptions; c++)
                {
                    var data = random.NextInt(2) == 0 ? inputs : targets;
                    data[random.NextInt(data.Length)] = badValues[random.NextInt(badValues.Length)];
                }
                var options = new TrainingOptions
                {
                    Epochs = 1 + random.NextInt(4), BatchSize = 1 + random.NextInt(6), Seed = trial,
                    LearningRate = learningRates[random.NextInt(learningRates.Length)],
                    Optimizer = (Optimizer)random.NextInt(Enum.GetValues(typeof(Optimizer)).Length),
                };

                var before = network.Parameters.ToArray();
                try
                {
                    var report = network.Train(inputs, targets, options);
                    if (report.Stop == TrainingStop.Diverged) diverged++;
                    else finished++;
                    Assert.All(network.Parameters.ToArray(), p => Assert.True(float.IsFinite(p), $"trial {trial}: {report.Stop}, {report.Message}"));
                }
                catch (ArgumentException)
                {
                    threw++;
                    Assert.Equal(before, network.Parameters.ToArray());
                }
            }

            // Each outcome happened, so the rule was tested on all three paths.
            Assert.True(threw > 0 && diverged > 0 && finished > 0, $"threw {threw}, diverged {diverged}, finished {finished}");
        }

        /// <summary>Reports on the calling thread (System.Progress posts to a thread pool).</summary>
        private sealed class Progress : IProgress<EpochReport>
        {
            private readonly Action<EpochReport> _report;
            public Progress(Action<EpochReport> report) => _report = report;
            public void Report(EpochReport value) => _report(value);
        }

        private static float[] With(float[] values, int index, float value)
        {
            var copy = (float[])values.Clone();
            copy[index] = value;
            return copy;
        }

        private static TrainingOptions Options(Action<TrainingOptions>? change = null)
        {
            var options = new TrainingOptions { Epochs = 3, BatchSize = 2 };
            change?.Invoke(options);
            return options;
        }
    }

    [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double, Seed = 1)]
    [Input(2)]
    [Dense(4, Activation.Tanh)]
    [Dense(1, Activation.Sigmoid)]
    public partial class XorDoubleNet { }

    [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
    [Input(12)]
    [Dense(20, Activation.ReLU)]
    [Dense(6, Activation.Softmax)]
    public partial class WideDoubleNet { }

    /// <summary>One input into 3 units (unrolled code) and into 37 (loops and span kernels, with a vector tail) per activation.</summary>
    internal static partial class SpecialValueNets
    {
        public static INetwork<float>[] Of(string activation) => activation switch
        {
            "Linear" => new INetwork<float>[] { new LinearSmall(), new LinearWide() },
            "Step" => new INetwork<float>[] { new StepSmall(), new StepWide() },
            "Sign" => new INetwork<float>[] { new SignSmall(), new SignWide() },
            "Sigmoid" => new INetwork<float>[] { new SigmoidSmall(), new SigmoidWide() },
            "Tanh" => new INetwork<float>[] { new TanhSmall(), new TanhWide() },
            "ReLU" => new INetwork<float>[] { new ReLUSmall(), new ReLUWide() },
            "LeakyReLU" => new INetwork<float>[] { new LeakyReLUSmall(), new LeakyReLUWide() },
            "ELU" => new INetwork<float>[] { new ELUSmall(), new ELUWide() },
            "SELU" => new INetwork<float>[] { new SELUSmall(), new SELUWide() },
            "Softplus" => new INetwork<float>[] { new SoftplusSmall(), new SoftplusWide() },
            "PiecewiseLinear" => new INetwork<float>[] { new PiecewiseLinearSmall(), new PiecewiseLinearWide() },
            _ => new INetwork<float>[] { new SoftmaxSmall(), new SoftmaxWide() },
        };

        [Network(Loss.MeanSquaredError), Input(1), Dense(3, Activation.Linear, Slope = 0.5)] public partial class LinearSmall { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(37, Activation.Linear, Slope = 0.5)] public partial class LinearWide { }
#pragma warning disable NG0008 // Step and Sign do not train; these networks are here for their forward values only.
        [Network(Loss.MeanSquaredError), Input(1), Dense(3, Activation.Step)] public partial class StepSmall { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(37, Activation.Step)] public partial class StepWide { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(3, Activation.Sign)] public partial class SignSmall { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(37, Activation.Sign)] public partial class SignWide { }
#pragma warning restore NG0008
        [Network(Loss.MeanSquaredError), Input(1), Dense(3, Activation.Sigmoid)] public partial class SigmoidSmall { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(37, Activation.Sigmoid)] public partial class SigmoidWide { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(3, Activation.Tanh)] public partial class TanhSmall { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(37, Activation.Tanh)] public partial class TanhWide { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(3, Activation.ReLU)] public partial class ReLUSmall { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(37, Activation.ReLU)] public partial class ReLUWide { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(3, Activation.LeakyReLU)] public partial class LeakyReLUSmall { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(37, Activation.LeakyReLU)] public partial class LeakyReLUWide { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(3, Activation.ELU)] public partial class ELUSmall { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(37, Activation.ELU)] public partial class ELUWide { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(3, Activation.SELU)] public partial class SELUSmall { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(37, Activation.SELU)] public partial class SELUWide { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(3, Activation.Softplus)] public partial class SoftplusSmall { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(37, Activation.Softplus)] public partial class SoftplusWide { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(3, Activation.PiecewiseLinear)] public partial class PiecewiseLinearSmall { }
        [Network(Loss.MeanSquaredError), Input(1), Dense(37, Activation.PiecewiseLinear)] public partial class PiecewiseLinearWide { }
        [Network(Loss.CategoricalCrossEntropy), Input(1), Dense(3, Activation.Softmax)] public partial class SoftmaxSmall { }
        [Network(Loss.CategoricalCrossEntropy), Input(1), Dense(37, Activation.Softmax)] public partial class SoftmaxWide { }
    }
}
