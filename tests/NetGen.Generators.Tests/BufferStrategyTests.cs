using System;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// The parameter buffer follows the compilation: [InlineArray] from C# 12 on .NET 8+, a fixed-size buffer where unsafe
    /// code is allowed (e.g. Unity: netstandard2.1, C# 9), an array otherwise. The results are bit-identical.
    /// </summary>
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

        public static TheoryData<string, LanguageVersion, bool, bool, string> Targets => new()
        {
            { "net10-csharp14", LanguageVersion.Latest, false, false, "[global::System.Runtime.CompilerServices.InlineArray(ParameterCount)]" },
            { "net10-csharp11", LanguageVersion.CSharp11, false, false, "new float[ParameterCount]" },
            { "netstandard21-csharp9-unsafe", LanguageVersion.CSharp9, true, true, "public fixed float Values[ParameterCount];" },
            { "netstandard21-csharp9", LanguageVersion.CSharp9, true, false, "new float[ParameterCount]" },
        };

        [Theory]
        [MemberData(nameof(Targets))]
        public void Every_target_compiles_without_warnings_and_computes_the_same_results(
            string name, LanguageVersion version, bool netStandard21, bool allowUnsafe, string expectedStorage)
        {
            var (_, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source, version, name, netStandard21, allowUnsafe), version);
            Assert.Contains(expectedStorage, result.GeneratedSources.Single().SourceText.ToString());

            var network = Create(GeneratorHarness.CompileAndLoad(Source, version, name, netStandard21, allowUnsafe));
            var reference = Create(GeneratorHarness.CompileAndLoad(Source, LanguageVersion.Latest, name + "-reference"));
            Assert.Equal(reference.Parameters.ToArray(), network.Parameters.ToArray());

            var input = Enumerable.Range(0, 40).Select(i => (float)Math.Cos(i)).ToArray();
            float[] target = { 0, 1, 0 };
            float[] output = new float[3], referenceOutput = new float[3];
            network.Forward(input, output);
            reference.Forward(input, referenceOutput);
            Assert.Equal(referenceOutput, output);
            Assert.Equal(reference.TrainStep(input, target, 0.1f), network.TrainStep(input, target, 0.1f));
            Assert.Equal(reference.Parameters.ToArray(), network.Parameters.ToArray());
        }

        private static INetwork<float> Create(System.Reflection.Assembly assembly) =>
            (INetwork<float>)Activator.CreateInstance(assembly.GetType("ClassifierNet")!)!;
    }
}
