using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generators.Model;
using NetGen.Generators.Parsing;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>The generator decides by types and marks, never by message text or file paths.</summary>
    public class TypedContractTests
    {
        private const string Net = """
            using NetGen;
            [Network(Loss.MeanSquaredError, Weights = "weights/net.json")]
            [Input(2)] [Dense(1, Activation.Linear)]
            public partial class Net { }
            """;

        private const string Fits = """{"layers.0.weight": [[1, 2]], "layers.0.bias": [3]}""";

        public static TheoryData<string, string> Files => new()
        {
            { Fits, nameof(WeightsStatus.Loaded) },
            { "{\"layers.0.weight\": [[1, 2]], \"layers.0.bias\": [3]", nameof(WeightsStatus.Unreadable) }, // not JSON: the object never closes
            { "Not valid JSON", nameof(WeightsStatus.Unreadable) },
            { """{"layers.0.weight": [[1, 2, 3]], "layers.0.bias": [3]}""", nameof(WeightsStatus.Mismatch) }, // JSON of the wrong shape
            { """{"Not valid JSON": 1, "layers.0.weight": [[1, 2]], "layers.0.bias": [3]}""", nameof(WeightsStatus.Mismatch) },
            { "[1, 2, 3]", nameof(WeightsStatus.Mismatch) }, // JSON, but not an object of tensors
        };

        [Theory]
        [MemberData(nameof(Files))]
        public void The_weights_status_comes_from_the_step_that_failed(string json, string expected)
        {
            var weights = WeightsLoader.Load(Spec(), Candidates(json), new WeightsCache(capacity: 4))!;
            Assert.Equal(expected, weights.Status.ToString());
            Assert.Equal(expected == nameof(WeightsStatus.Loaded) ? new double[] { 1, 2, 3 } : System.Array.Empty<double>(), weights.Values.ToArray());
        }

        [Fact]
        public void An_unchanged_weights_file_is_parsed_once_and_a_changed_one_again()
        {
            var cache = new WeightsCache(capacity: 4);
            var spec = Spec();

            var first = WeightsLoader.Load(spec, Candidates(Fits), cache)!;
            var again = WeightsLoader.Load(spec, Candidates(Fits), cache)!; // a new compilation: new text objects, same content
            Assert.Equal(1, cache.Reads);
            Assert.Equal(first, again);

            var changed = WeightsLoader.Load(spec, Candidates(Fits.Replace("[3]", "[4]")), cache)!;
            Assert.Equal(2, cache.Reads);
            Assert.Equal(new double[] { 1, 2, 4 }, changed.Values.ToArray());
        }

        [Fact]
        public void The_cache_keeps_its_capacity_and_reads_a_dropped_file_again()
        {
            var cache = new WeightsCache(capacity: 2);
            var spec = Spec();
            string[] texts = { Fits, Fits.Replace("[3]", "[4]"), Fits.Replace("[3]", "[5]") };
            foreach (var text in texts) WeightsLoader.Load(spec, Candidates(text), cache);
            Assert.Equal(3, cache.Reads);

            WeightsLoader.Load(spec, Candidates(texts[2]), cache); // still held
            Assert.Equal(3, cache.Reads);
            WeightsLoader.Load(spec, Candidates(texts[0]), cache); // the oldest, dropped for the third
            Assert.Equal(4, cache.Reads);
        }

        [Fact]
        public async Task Generated_members_are_recognised_by_the_generators_mark_wherever_the_file_lives()
        {
            var (output, _) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Net), additionalFiles: File(Fits));
            var generated = output.SyntaxTrees.Single(tree => tree.FilePath.EndsWith("Net.g.cs", System.StringComparison.Ordinal));
            var moved = CSharpSyntaxTree.ParseText(generated.GetText(), GeneratorHarness.ParseOptions(), path: "obj/elsewhere/Net.g.cs");
            var compilation = GeneratorHarness.CreateCompilation(Net).AddSyntaxTrees(moved);

            var diagnostics = await AnalyzerHarness.AnalyzeAsync(compilation, File(Fits));
            Assert.Empty(diagnostics);
        }

        [Fact]
        public async Task A_users_member_in_a_folder_named_like_the_generator_still_conflicts()
        {
            var user = CSharpSyntaxTree.ParseText("public partial class Net { public void Forward() { } }", GeneratorHarness.ParseOptions(),
                path: "src/NetGen.Generators/NetExtras.cs");
            var compilation = GeneratorHarness.CreateCompilation(Net).AddSyntaxTrees(user);

            var diagnostics = await AnalyzerHarness.AnalyzeAsync(compilation, File(Fits));
            var conflict = Assert.Single(diagnostics);
            Assert.Equal("NG0014", conflict.Id);
        }

        private static NetworkSpec Spec()
        {
            var compilation = GeneratorHarness.CreateCompilation(Net);
            return NetworkParser.Parse(compilation.GetTypeByMetadataName("Net")!, CancellationToken.None);
        }

        private static EquatableArray<AdditionalFile> Candidates(string json) =>
            ImmutableArray.Create(AdditionalFile.From(File(json), CancellationToken.None)).ToEquatableArray();

        private static InMemoryAdditionalText File(string json) => new("weights/net.json", json);
    }
}
