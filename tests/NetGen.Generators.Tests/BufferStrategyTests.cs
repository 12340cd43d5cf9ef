using System;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>The parameter buffer follows the compilation: [InlineArray] from C# 12, an array before; results are identical.</summary>
    public class BufferStrategyTests
    {
        private const string Source = """
            using NetGen;
            [Network(Loss.CategoricalCrossEntropy, Seed = 4)]
            [Input(40)]
            [Dense(6, Activation.Tanh)]
            [Dense(3, Activation.Softmax)]
            public partial class ClassifierNet { }
            """;

        [Theory]
        [InlineData(LanguageVersion.CSharp11, false)]
        [InlineData(LanguageVersion.Latest, true)]
        public void The_buffer_strategy_follows_the_language_version(LanguageVersion version, bool inlineArray)
        {
            string generated = GeneratorHarness.GeneratedSource(Source, "ClassifierNet.g.cs", version);
            Assert.Equal(inlineArray, generated.Contains("[global::System.Runtime.CompilerServices.InlineArray(ParameterCount)]"));
            Assert.Equal(!inlineArray, generated.Contains("new float[ParameterCount]"));
        }

        [Fact]
        public void Both_strategies_compute_bit_identical_results()
        {
            var modern = (INetwork<float>)Activator.CreateInstance(
                GeneratorHarness.CompileAndLoad(Source, LanguageVersion.Latest, "Modern").GetType("ClassifierNet")!)!;
            var legacy = (INetwork<float>)Activator.CreateInstance(
                GeneratorHarness.CompileAndLoad(Source, LanguageVersion.CSharp11, "Legacy").GetType("ClassifierNet")!)!;

            Assert.Equal(modern.Parameters.ToArray(), legacy.Parameters.ToArray());
            var input = Enumerable.Range(0, 40).Select(i => (float)Math.Cos(i)).ToArray();
            float[] target = { 0, 1, 0 };
            float[] modernOutput = new float[3], legacyOutput = new float[3];
            modern.Forward(input, modernOutput);
            legacy.Forward(input, legacyOutput);
            Assert.Equal(modernOutput, legacyOutput);
            Assert.Equal(modern.TrainStep(input, target, 0.1f), legacy.TrainStep(input, target, 0.1f));
            Assert.Equal(modern.Parameters.ToArray(), legacy.Parameters.ToArray());
        }
    }
}
