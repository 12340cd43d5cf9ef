using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>The incremental pipeline does no work again when nothing it depends on changed.</summary>
    public class CachingTests
    {
        private const string Source = """
            using NetGen;
            [Network(Loss.BinaryCrossEntropy)]
            [Input(2)]
            [Dense(4, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class XorNet { }
            """;

        private static readonly string[] TrackedSteps =
        {
            NetworkGenerator.TrackingNames.Specs, NetworkGenerator.TrackingNames.Facts, NetworkGenerator.TrackingNames.WeightFiles,
            NetworkGenerator.TrackingNames.Networks, NetworkGenerator.TrackingNames.ValidNetworks,
        };

        [Fact]
        public void A_second_run_on_the_same_compilation_is_cached()
        {
            var compilation = GeneratorHarness.CreateCompilation(Source);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            driver = driver.RunGenerators(compilation.Clone());
            AssertEverythingCached(driver.GetRunResult().Results.Single());
        }

        [Fact]
        public void An_unrelated_edit_leaves_every_step_cached_or_unchanged()
        {
            var compilation = GeneratorHarness.CreateCompilation(Source);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Unrelated { int X => 1; }", GeneratorHarness.ParseOptions()));
            driver = driver.RunGenerators(edited);
            AssertEverythingCached(driver.GetRunResult().Results.Single());
        }

        [Fact]
        public void Editing_the_network_regenerates_it()
        {
            var compilation = GeneratorHarness.CreateCompilation(Source);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var tree = compilation.SyntaxTrees.Single();
            var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Source.Replace("Dense(4", "Dense(5"))));
            driver = driver.RunGenerators(edited);

            var result = driver.GetRunResult().Results.Single();
            Assert.Contains(result.TrackedSteps[NetworkGenerator.TrackingNames.Specs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Contains("public const int ParameterCount = 21;", result.GeneratedSources.Single().SourceText.ToString());
        }

        [Fact]
        public void No_step_output_holds_a_symbol_syntax_node_or_compilation()
        {
            var driver = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.CreateCompilation(Source));
            var result = driver.GetRunResult().Results.Single();
            foreach (var step in TrackedSteps)
                foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
                    AssertHoldsNoRoslynObjects(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0);
        }

        private static void AssertEverythingCached(GeneratorRunResult result)
        {
            foreach (var step in TrackedSteps)
            {
                var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
                Assert.NotEmpty(reasons);
                Assert.All(reasons, reason => Assert.True(
                    reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}"));
            }

            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        }

        /// <summary>Walks the object graph of a step's output: it must be plain values all the way down.</summary>
        private static void AssertHoldsNoRoslynObjects(object? value, string step, HashSet<object> seen, int depth)
        {
            if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 12) return;
            Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree,
                $"{step} holds a {value.GetType().Name}");
            if (!value.GetType().IsValueType && !seen.Add(value)) return;

            if (value is IEnumerable sequence)
            {
                foreach (var item in sequence) AssertHoldsNoRoslynObjects(item, step, seen, depth + 1);
                return;
            }

            foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                AssertHoldsNoRoslynObjects(field.GetValue(value), step, seen, depth + 1);
        }
    }
}
