extern alias Generator;

using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;
using NetGen.Generators.Rules;
using Xunit;
using static NetGen.Generators.Tests.Infrastructure.Specs;

namespace NetGen.Generators.Tests
{
    using Activation = Generator::NetGen.Activation;
    using Loss = Generator::NetGen.Loss;

    /// <summary>The rules on specs built directly, without Roslyn: a table of layer lists and the violations and shapes they give.</summary>
    public class NetworkRulesTableTests
    {
        private static readonly CompilationFacts Modern = new(SupportsInlineArray: true, SupportsFixedBuffer: true, SupportsConstantSpans: true, SupportsAggressiveOptimization: true,
            LanguageVersion: 1400);

        /// <summary>A network, the violations (id, target) it must give in any order, and its shapes (null: none inferred).</summary>
        private static readonly Dictionary<string, (NetworkSpec Spec, string[] Violations, string? Shapes)> Cases = new()
        {
            ["xor"] = (Network(Loss.BinaryCrossEntropy, Vector(2), Dense(4, Activation.Tanh), Dense(1, Activation.Sigmoid)),
                new string[0], "2 | 4 | 1"),
            ["fashion"] = (FashionNet(), new string[0], "1×28×28 | 8×26×26 | 8×13×13 | 16×13×13 | 16×6×6 | 64 | 10"),
            ["strided padded conv"] = (Network(Loss.MeanSquaredError, Image(3, 7, 7), Conv2D(4, 3, stride: 2, padding: 1), Dense(1, Activation.Linear)),
                new string[0], "3×7×7 | 4×4×4 | 1"),
            ["binary cross-entropy needs sigmoid"] = (Network(Loss.BinaryCrossEntropy, Vector(2), Dense(1, Activation.Linear)),
                new[] { "NG0005 Layer#0.activation" }, "2 | 1"),
            ["categorical cross-entropy needs softmax"] = (Network(Loss.CategoricalCrossEntropy, Vector(2), Dense(3, Activation.Sigmoid)),
                new[] { "NG0005 Layer#0.activation" }, "2 | 3"),
            ["softmax of one unit"] = (Network(Loss.MeanSquaredError, Vector(2), Dense(1, Activation.Softmax)),
                new[] { "NG0006 Layer#0.units" }, "2 | 1"),
            ["softmax on a hidden layer"] = (Network(Loss.MeanSquaredError, Vector(2), Dense(4, Activation.Softmax), Dense(1, Activation.Linear)),
                new[] { "NG0007 Layer#0.activation" }, "2 | 4 | 1"),
            ["step has no gradient"] = (Network(Loss.MeanSquaredError, Vector(2), Dense(4, Activation.Step), Dense(1, Activation.Linear)),
                new[] { "NG0008 Layer#0.activation" }, "2 | 4 | 1"),
            ["slope on tanh is unused"] = (Network(Loss.MeanSquaredError, Vector(2), Dense(1, Activation.Tanh, slope: 2)),
                new[] { "NG0012 Layer#0.Slope" }, "2 | 1"),
            ["zero units"] = (Network(Loss.MeanSquaredError, Vector(2), Dense(0, Activation.Linear)),
                new[] { "NG0004 Layer#0.units" }, null),
            ["no layers"] = (Network(Loss.MeanSquaredError, Vector(2)), new[] { "NG0003 Type#0" }, null),
            ["two inputs"] = (Network(Loss.MeanSquaredError, new[] { Vector(2), Vector(3) }, Dense(1, Activation.Linear)),
                new[] { "NG0002 Input#1" }, null),
            ["convolution of a vector"] = (Network(Loss.MeanSquaredError, Vector(16), Conv2D(2, 3), Dense(1, Activation.Linear)),
                new[] { "NG0024 Layer#0" }, null),
            ["kernel larger than the map"] = (Network(Loss.MeanSquaredError, Image(1, 2, 2), Conv2D(2, 3), Dense(1, Activation.Linear)),
                new[] { "NG0022 Layer#0.kernel" }, null),
            ["pooling with stride 0"] = (Network(Loss.MeanSquaredError, Image(1, 4, 4), MaxPool2D(2, stride: 0), Dense(1, Activation.Linear)),
                new[] { "NG0023 Layer#0.Stride" }, null),
            ["softmax on a convolution"] = (Network(Loss.MeanSquaredError, Image(1, 4, 4), Conv2D(2, 3, Activation.Softmax), Dense(1, Activation.Linear)),
                new[] { "NG0025 Layer#0.activation" }, "1×4×4 | 2×2×2 | 1"),
            ["too wide"] = (Network(Loss.MeanSquaredError, Vector(2), Dense(9000, Activation.Linear)),
                new[] { "NG0017 Type#0" }, "2 | 9000"),
            ["not partial"] = (Linear() with { Type = Linear().Type with { IsPartial = false } }, new[] { "NG0001 Type#0" }, "2 | 1"),
            ["layers on two declarations"] = (Linear() with { LayerDeclarationCount = 2 }, new[] { "NG0009 Type#0" }, "2 | 1"),
            ["a generic type"] = (Linear() with { Type = Linear().Type with { IsGeneric = true } }, new[] { "NG0010 Type#0" }, "2 | 1"),
            ["a slope no float holds"] = (Network(Loss.MeanSquaredError, Vector(2), Dense(1, Activation.LeakyReLU, slope: 1e39)),
                new[] { "NG0011 Layer#0.Slope" }, "2 | 1"),
            ["an undefined activation"] = (Network(Loss.MeanSquaredError, Vector(2), Dense(1, (Activation)99)),
                new[] { "NG0015 Layer#0.activation" }, "2 | 1"),
            ["frozen without weights"] = (Linear() with { Frozen = true }, new[] { "NG0021 Network#0.Frozen" }, "2 | 1"),
        };

        /// <summary>A valid one-layer network to break one rule at a time.</summary>
        private static NetworkSpec Linear() => Network(Loss.MeanSquaredError, Vector(2), Dense(1, Activation.Linear));

        public static TheoryData<string> CaseNames => new(Cases.Keys);

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void Rules_give_the_listed_violations(string name)
        {
            var (spec, expected, _) = Cases[name];
            var actual = NetworkRules.Check(spec, Modern, weights: null).Select(Describe).OrderBy(x => x, System.StringComparer.Ordinal);
            Assert.Equal(expected.OrderBy(x => x, System.StringComparer.Ordinal), actual);
            Assert.Equal(!expected.Any(IsErrorId), NetworkRules.IsValid(spec, Modern, weights: null));
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void Shape_inference_gives_the_listed_shapes(string name)
        {
            var (spec, _, expected) = Cases[name];
            var shapes = NetworkRules.Shapes(spec);
            Assert.Equal(expected, shapes is { } inferred ? string.Join(" | ", inferred.Select(s => s.Text)) : null);
        }

        [Theory]
        [InlineData(false, false, "Forward", true)]
        [InlineData(false, false, "Backward", true)]
        [InlineData(false, false, "BakedParameters", false)]
        [InlineData(false, true, "BakedParameters", true)]
        [InlineData(true, true, "Forward", true)]
        [InlineData(true, true, "ForwardBatch", true)]
        [InlineData(true, true, "Backward", false)]
        [InlineData(true, true, "Parameters", true)] // read-only, for IFrozenNetwork
        [InlineData(true, true, "Load", false)]
        [InlineData(true, true, "BackwardBatch", false)]
        [InlineData(true, true, "TrainStep", false)]
        public void NG0014_only_for_members_this_network_generates(bool frozen, bool withWeights, string member, bool conflicts)
        {
            // Weights that fit (a Dense(1) over 2 inputs has 3 parameters), so a frozen network is valid.
            var plain = Network(Loss.MeanSquaredError, Vector(2), Dense(1, Activation.Linear));
            var spec = plain with
            {
                Frozen = frozen,
                WeightsFile = withWeights ? "net.weights.json" : null,
                Type = plain.Type with { ConflictingMembers = new[] { member }.ToEquatableArray() },
            };
            var weights = withWeights ? new BakedWeights(WeightsStatus.Loaded, new[] { 0.1, 0.2, 0.3 }.ToEquatableArray(), "") : null;
            bool reported = NetworkRules.Check(spec, Modern, weights).Any(v => v.Descriptor.Id == "NG0014");
            Assert.Equal(conflicts, reported);
        }

        /// <summary>The folded constants of a frozen network exist only where a BatchNorm folds (FoldedBuffers: and another stays).</summary>
        [Theory]
        [InlineData(true, true, "FoldedParameters", true)]
        [InlineData(true, true, "FoldedBuffers", false)]
        [InlineData(true, false, "FoldedParameters", false)]
        [InlineData(false, true, "FoldedParameters", false)]
        [InlineData(true, true, "BakedBuffers", true)]
        public void NG0014_for_the_folded_constants_only_where_a_BatchNorm_folds(bool frozen, bool foldable, string member, bool conflicts)
        {
            // Dense(2) → BatchNorm folds; Dense(2, Tanh) → BatchNorm does not (the activation comes between).
            var plain = Network(Loss.MeanSquaredError, Vector(2), foldable ? Dense(2, Activation.Linear) : Dense(2, Activation.Tanh),
                new BatchNormLayer(new ActivationSpec(Activation.Linear, null, null, null), 0.1, 1e-5, Affine: true));
            var spec = plain with
            {
                Frozen = frozen,
                WeightsFile = "net.weights.json",
                Type = plain.Type with { ConflictingMembers = new[] { member }.ToEquatableArray() },
            };
            // W (4), b (2), γ, β (2 each); running mean and variance (2 each) and num_batches_tracked.
            var values = Enumerable.Range(0, 6 + 4 + 5).Select(i => i == 12 || i == 13 ? 1.0 : 0.1).ToEquatableArray();
            var weights = new BakedWeights(WeightsStatus.Loaded, values, "");
            bool reported = NetworkRules.Check(spec, Modern, weights).Any(v => v.Descriptor.Id == "NG0014");
            Assert.Equal(conflicts, reported);
        }

        /// <summary>
        /// A streaming-only network (a recurrent layer over an [Input] without Steps) declares Parameters and the streaming
        /// members, frozen or not, and none of the members that need a sequence length: a user's Train or Forward is no conflict.
        /// </summary>
        [Theory]
        [InlineData(false, "Step", true)]
        [InlineData(false, "ForwardSequence", true)]
        [InlineData(false, "StateSize", true)]
        [InlineData(false, "Parameters", true)]
        [InlineData(false, "ParameterTensors", true)]
        [InlineData(false, "Architecture", true)]
        [InlineData(false, "Workspace", true)]
        [InlineData(false, "Forward", false)]
        [InlineData(false, "InputSize", false)]
        [InlineData(false, "Loss", false)]
        [InlineData(false, "ComputeLoss", false)]
        [InlineData(false, "ForwardBatch", false)]
        [InlineData(false, "TileWorkspace", false)]
        [InlineData(false, "Backward", false)]
        [InlineData(false, "TrainStep", false)]
        [InlineData(false, "Train", false)]
        [InlineData(false, "Save", false)]
        [InlineData(false, "Load", false)]
        [InlineData(false, "BatchWorkspaceBytes", false)]
        [InlineData(false, "Buffers", false)]
        [InlineData(true, "Step", true)]
        [InlineData(true, "Parameters", true)]
        [InlineData(true, "Forward", false)]
        [InlineData(true, "Train", false)]
        public void NG0014_for_a_streaming_only_network_only_for_what_it_declares(bool frozen, string member, bool conflicts)
        {
            var lstm = new Generator::NetGen.Generators.Layers.RecurrentLayer(Generator::NetGen.Generators.Layers.RecurrentCell.LSTM, 2, Activation.Tanh,
                NamedActivation: false, Bias: true, ReturnSequences: false, Generator::NetGen.WeightInit.Auto);
            var plain = Network(Loss.MeanSquaredError, Vector(1), lstm, Dense(1, Activation.Linear));
            var spec = plain with
            {
                Frozen = frozen,
                WeightsFile = frozen ? "amp.json" : null,
                Type = plain.Type with { ConflictingMembers = new[] { member }.ToEquatableArray() },
            };
            Assert.True(spec.IsStreamingOnly);
            // An LSTM(2) over 1 feature has 8·1 + 8·2 + 8 + 8 = 40 parameters, the Dense(1) 3.
            var weights = frozen ? new BakedWeights(WeightsStatus.Loaded, Enumerable.Repeat(0.1, 43).ToEquatableArray(), "") : null;
            var violations = NetworkRules.Check(spec, Modern, weights);
            Assert.DoesNotContain(violations, v => v.IsError && v.Descriptor.Id != "NG0014");
            Assert.Equal(conflicts, violations.Any(v => v.Descriptor.Id == "NG0014"));
        }

        /// <summary>
        /// "LayerN" and the workspace are declared only for a kind that has a geometry field and for maps that live in the
        /// workspace, read from the kinds' facts (a Dense layer 2 declares no Layer2, an unrolled network no Workspace).
        /// </summary>
        [Theory]
        [InlineData(false, "Layer2", false)]
        [InlineData(false, "Workspace", false)]
        [InlineData(true, "Layer2", true)]
        [InlineData(true, "Layer3", true)]
        [InlineData(true, "Layer4", false)]
        [InlineData(true, "Layer5", false)]
        [InlineData(true, "Workspace", true)]
        public void NG0014_for_geometry_fields_and_the_workspace_only_where_a_kind_declares_them(bool image, string member, bool conflicts)
        {
            var plain = image
                ? Network(Loss.MeanSquaredError, Image(1, 6, 6), Conv2D(2, 3, Activation.ReLU), MaxPool2D(2), Dense(1, Activation.Linear))
                : Network(Loss.MeanSquaredError, Vector(2), Dense(3, Activation.Tanh), Dense(1, Activation.Linear));
            var spec = plain with { Type = plain.Type with { ConflictingMembers = new[] { member }.ToEquatableArray() } };
            Assert.Equal(conflicts, NetworkRules.Check(spec, Modern, weights: null).Any(v => v.Descriptor.Id == "NG0014"));
        }

        [Theory]
        [InlineData(703, true)]
        [InlineData(800, true)]
        [InlineData(900, false)]
        [InlineData(1400, false)]
        public void NG0027_below_csharp_9_on_the_type(int languageVersion, bool reported)
        {
            var violations = NetworkRules.Check(Linear(), Modern with { LanguageVersion = languageVersion }, weights: null).Select(Describe);
            Assert.Equal(reported ? new[] { "NG0027 Type#0" } : new string[0], violations);
        }

        private static string Describe(Violation violation) =>
            $"{violation.Descriptor.Id} {violation.Target.Kind}#{violation.Target.Index}{(violation.Target.Argument is null ? "" : "." + violation.Target.Argument)}";

        /// <summary>Whether a described violation ("NG0007 Layer#1") is an error, by its descriptor.</summary>
        private static bool IsErrorId(string violation) =>
            DiagnosticDescriptors.All.Single(d => violation.StartsWith(d.Id, StringComparison.Ordinal)).DefaultSeverity == DiagnosticSeverity.Error;
    }
}
