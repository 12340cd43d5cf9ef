extern alias Generator;

using System.Collections.Generic;
using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;
using NetGen.Generators.Rules;
using Xunit;
using static NetGen.Generators.Tests.Infrastructure.Specs;

namespace NetGen.Generators.Tests
{
    using Activation = Generator::NetGen.Activation;
    using Loss = Generator::NetGen.Loss;

    /// <summary>The one parameter layout on specs built directly: every tensor's state_dict key, shape and offset.</summary>
    public class ParameterLayoutTests
    {
        /// <summary>A network and its tensors as "key [shape] @offset", in buffer order.</summary>
        private static readonly Dictionary<string, (NetworkSpec Spec, string[] Tensors)> Cases = new()
        {
            ["xor"] = (Network(Loss.BinaryCrossEntropy, Vector(2), Dense(4, Activation.Tanh), Dense(1, Activation.Sigmoid)), new[]
            {
                "layers.0.weight [4, 2] @0", "layers.0.bias [4] @8",
                "layers.1.weight [1, 4] @12", "layers.1.bias [1] @16",
            }),
            // Pooling layers take a key index but no tensors; the first Dense after a map reads it flattened (16·6·6 = 576).
            ["fashion"] = (FashionNet(), new[]
            {
                "layers.0.weight [8, 1, 3, 3] @0", "layers.0.bias [8] @72",
                "layers.2.weight [16, 8, 3, 3] @80", "layers.2.bias [16] @1232",
                "layers.4.weight [64, 576] @1248", "layers.4.bias [64] @38112",
                "layers.5.weight [10, 64] @38176", "layers.5.bias [10] @38816",
            }),
            // Stride and padding change the map a later layer sees, not the kernel's own shape: 3×7×7 → 4×4×4 → 64 inputs.
            ["strided padded conv"] = (Network(Loss.MeanSquaredError, Image(3, 7, 7), Conv2D(4, 3, stride: 2, padding: 1), Dense(2, Activation.Linear)), new[]
            {
                "layers.0.weight [4, 3, 3, 3] @0", "layers.0.bias [4] @108",
                "layers.1.weight [2, 64] @112", "layers.1.bias [2] @240",
            }),
            ["pooling only before dense"] = (Network(Loss.MeanSquaredError, Image(2, 4, 4), MaxPool2D(2), Dense(3, Activation.Linear)), new[]
            {
                "layers.1.weight [3, 8] @0", "layers.1.bias [3] @24",
            }),
        };

        public static TheoryData<string> CaseNames => new(Cases.Keys);

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void Tensors_have_the_listed_keys_shapes_and_offsets(string name)
        {
            var (spec, expected) = Cases[name];
            var tensors = ParameterTensors.Of(spec, NetworkRules.Shapes(spec)!.Value);
            Assert.Equal(expected, tensors.Select(t => $"{t.Key} [{string.Join(", ", t.Shape)}] @{t.Offset}"));
            Assert.All(tensors, t => Assert.Equal(t.Shape.Aggregate(1, (product, size) => product * size), t.Length));
        }
    }
}
