using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using NetGen.Generators.Layers;
using NetGen.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// Random attribute combinations (valid and invalid sizes, every enum value and undefined ones, parameters in and out of
    /// range, image, vector and sequence networks with recurrent layers, partial or not, nested, every type kind): the
    /// generator never throws, every case the analyzer calls valid is
    /// generated and compiles without warnings, and every case it reports an error for gets no code.
    /// </summary>
    public class PropertyTests
    {
        private const int Cases = 10_000;
        private const int CasesPerCompilation = 250;

        private readonly ITestOutputHelper _output;

        public PropertyTests(ITestOutputHelper output) => _output = output;

        private sealed record Case(int Number, string Source, int Start, int End);

        [Fact]
        public async Task Random_networks_are_either_valid_and_clean_or_diagnosed()
        {
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            int valid = 0, diagnosed = 0, validRecurrent = 0;
            // Batches are independent compilations: run them on every core.
            await Parallel.ForEachAsync(Enumerable.Range(0, Cases / CasesPerCompilation), async (batch, _) =>
            {
                var (source, cases) = BuildBatch(batch);
                var (output, result) = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source, assemblyName: $"Batch{batch}"));
                var analyzerDiagnostics = await AnalyzerHarness.AnalyzeAsync(output);
                var compilerDiagnostics = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

                foreach (var testCase in cases)
                {
                    string hint = $".Case{testCase.Number}.g.cs";
                    bool generated = result.GeneratedSources.Any(s => s.HintName.EndsWith(hint, StringComparison.Ordinal));
                    var ng = analyzerDiagnostics.Where(d => Within(d, testCase)).ToList();
                    bool hasError = ng.Any(d => d.Severity == DiagnosticSeverity.Error);
                    var compilerProblems = compilerDiagnostics.Where(d =>
                        d.Location.SourceTree?.FilePath.EndsWith(hint, StringComparison.Ordinal) == true || Within(d, testCase)).ToList();

                    bool isNetwork = testCase.Source.Contains("[Network(");
                    string? problem =
                        !isNetwork ? (generated || ng.Any(d => d.Id == "NG0013") != HasLayerAttributes(testCase.Source)
                            ? "without [Network]: expected no code, and NG0013 exactly when there are layer attributes" : null) :
                        generated == hasError ? $"generated = {generated} but NG errors = [{string.Join(", ", ng.Select(d => d.Id))}]" :
                        generated && compilerProblems.Count > 0 ? $"generated code does not compile cleanly: {compilerProblems[0]}" :
                        !generated && ng.Count == 0 ? "no code and no NG diagnostic" :
                        ng.Count == 0 && compilerProblems.Count > 0 ? $"valid but the compiler reports {compilerProblems[0]}" : null;
                    if (problem is not null) failures.Add($"{problem}{Environment.NewLine}{testCase.Source}");
                    if (ng.Count == 0) Interlocked.Increment(ref valid); else Interlocked.Increment(ref diagnosed);
                    if (ng.Count == 0 && new[] { "[LSTM(", "[GRU(", "[RNN(" }.Any(testCase.Source.Contains)) Interlocked.Increment(ref validRecurrent);
                }
            });

            _output.WriteLine($"{valid} valid ({validRecurrent} of them recurrent), {diagnosed} diagnosed");
            Assert.True(failures.Count == 0, $"{failures.Count} failing cases; the first ones:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(5))}");
            Assert.True(valid > Cases / 10 && diagnosed > Cases / 10, $"unbalanced: {valid} valid, {diagnosed} diagnosed");
            Assert.True(validRecurrent > Cases / 50, $"only {validRecurrent} valid recurrent networks");
        }

        private static bool HasLayerAttributes(string source) =>
            source.Contains("[Input(") || LayerKinds.AttributeNames.Any(name => source.Contains($"[{name}(") || source.Contains($"[{name}]"));

        private static bool Within(Diagnostic diagnostic, Case testCase) =>
            diagnostic.Location.SourceTree?.FilePath == "Networks.cs" &&
            diagnostic.Location.SourceSpan.Start >= testCase.Start && diagnostic.Location.SourceSpan.End <= testCase.End;

        private static (string Source, List<Case> Cases) BuildBatch(int batch)
        {
            var random = new DeterministicRandom(batch);
            var source = new StringBuilder($"using NetGen;\nnamespace Batch{batch}\n{{\n");
            var cases = new List<Case>();
            for (int i = 0; i < CasesPerCompilation; i++)
            {
                int number = batch * CasesPerCompilation + i;
                string text = RandomCase(random, number);
                cases.Add(new Case(number, text, source.Length, source.Length + text.Length));
                source.Append(text).Append('\n');
            }
            return (source.Append("}\n").ToString(), cases);
        }

        /// <summary>
        /// Half the cases are built valid (then count on the generator to emit clean code), half are drawn from every value,
        /// sensible or not. Both kinds may be nested in partial, non-partial or generic classes.
        /// </summary>
        private static string RandomCase(DeterministicRandom random, int number)
        {
            T Pick<T>(params T[] options) => options[random.NextInt(options.Length)];
            bool Chance(double p) => random.NextDouble() < p;
            bool clean = Chance(0.5);
            string Number(double value) => double.IsNaN(value) ? "double.NaN" : double.IsPositiveInfinity(value) ? "double.PositiveInfinity" :
                value.ToString("R", CultureInfo.InvariantCulture);
            string EnumValue(string type, int count) => !clean && Chance(0.03) ? $"({type})({Pick(count, 42, -1)})" : $"({type}){random.NextInt(count)}";
            int Size() => clean ? (Chance(0.05) ? Pick(33, 40) : Pick(1, 2, 3, 5, 7)) : Pick(1, 2, 3, 5, 40, 2, 3, 0, -1);

            var attributes = new StringBuilder();
            int loss = random.NextInt(4);
            if (clean || !Chance(0.03))
            {
                attributes.Append($"[Network({(clean ? $"(Loss){loss}" : EnumValue("Loss", 4))}");
                if (Chance(0.3)) attributes.Append($", Precision = {EnumValue("Precision", 2)}");
                if (Chance(0.3)) attributes.Append($", Seed = {random.NextInt(1000) - 10}");
                attributes.Append(")] ");
            }

            // A third of the cases are image networks: a map input and image layers before the Dense ones.
            bool image = Chance(0.35);
            int channels = clean ? Pick(1, 2, 3) : Size(), height = clean ? 4 + random.NextInt(9) : Pick(4, 7, 1, 0, -1), width = clean ? 4 + random.NextInt(9) : Pick(4, 6, 2, 0);
            // A sixth of the vector cases are sequences for recurrent layers: L steps (Steps on a map, or below 1, is NG0043), or
            // for a fifth of them no Steps (streaming-only: Step and ForwardSequence, no training).
            bool sequence = !image && Chance(0.17);
            string steps = sequence ? Chance(0.2) ? "" : $", Steps = {(clean ? 1 + random.NextInt(4) : Pick(1, 3, 0, -1))}"
                : image && !clean && Chance(0.03) ? ", Steps = 2" : "";
            int inputs = clean || Chance(0.9) ? 1 : Pick(0, 2);
            for (int k = 0; k < inputs; k++) attributes.Append(image ? $"[Input({channels}, {height}, {width}{steps})] " : $"[Input({Size()}{steps})] ");

            // [BatchNorm] with its activation stage: clean ones normalise a layer's output with valid settings, the others may
            // sit first or twice in a row (NG0035, NG0036) with any momentum and ε (NG0011) and any activation.
            string BatchNorm()
            {
                var arguments = new List<string>();
                if (!clean) arguments.Add(EnumValue("Activation", 12));
                else if (Chance(0.6)) arguments.Add($"(Activation){Pick(0, 3, 4, 5, 6, 7, 8, 9, 10)}");
                if (Chance(0.3)) arguments.Add($"Momentum = {Number(clean ? Pick(0.0, 0.3, 1) : Pick(0.3, -0.1, 1.5, double.NaN))}");
                if (Chance(0.3)) arguments.Add($"Epsilon = {Number(clean ? Pick(1e-3, 0.1) : Pick(1e-3, 0, -1, double.PositiveInfinity))}");
                if (Chance(0.3)) arguments.Add("Affine = false");
                return $"[BatchNorm{(arguments.Count > 0 ? $"({string.Join(", ", arguments)})" : "")}] ";
            }
            bool BatchNormAfter(bool hidden) => clean ? hidden && Chance(0.2) : Chance(0.08);
            if (!clean && Chance(0.03)) attributes.Append(BatchNorm());

            int imageLayers = image ? 1 + random.NextInt(3) : 0;
            // Clean image networks may end on an image layer only for the squared errors (no Softmax on a map, no activation on a pool).
            int layers = !clean && Chance(0.04) ? 0 : (image ? (clean && loss < 2 ? random.NextInt(3) : 1 + random.NextInt(2)) : 1 + random.NextInt(4));
            for (int k = 0; k < imageLayers; k++)
            {
                bool output = layers == 0 && k == imageLayers - 1;
                int kind = clean && output && loss == 2 ? 0 : random.NextInt(3);
                int fits = Math.Max(1, Math.Min(height, width));
                int size = clean ? 1 + random.NextInt(Math.Min(fits, 4)) : Pick(1, 2, 3, 5, 0, -1);
                string stride = clean ? (Chance(0.6) ? "" : $", Stride = {Pick(1, 2)}") : Chance(0.3) ? $", Stride = {Pick(1, 2, 0, -1)}" : "";
                int strideValue = stride.Length == 0 ? (kind == 0 ? 1 : size) : int.Parse(stride.Substring(11), CultureInfo.InvariantCulture);
                if (kind == 0)
                {
                    int padding = clean ? Pick(0, 0, 1) : Pick(0, 1, -1);
                    int activation = !clean ? -1 : output && loss == 2 ? 3 : Pick(0, 3, 4, 5, 6, 7, 8, 9, 10);
                    int filters = clean ? Pick(1, 2, 3) : Size();
                    // Issue 19's arguments: clean cases keep the kernel inside the (padded) map and the groups dividing.
                    int dilation = clean ? (Chance(0.2) && 2 * (size - 1) + 1 <= Math.Min(height, width) + 2 * padding ? 2 : 1) : Pick(1, 1, 2, 0, -1);
                    bool same = clean ? padding == 0 && Chance(0.2) : Chance(0.1);
                    int groups = clean ? (filters % channels == 0 && Chance(0.3) ? channels : 1) : Pick(1, 1, 2, 3, 0);
                    attributes.Append($"[Conv2D({filters}, {size}, {(activation >= 0 ? $"(Activation){activation}" : EnumValue("Activation", 12))}{stride}");
                    if (padding != 0 || !clean) attributes.Append($", Padding = {padding}");
                    if (dilation != 1) attributes.Append($", Dilation = {dilation}");
                    if (same) attributes.Append(", Same = true");
                    if (groups != 1) attributes.Append($", Groups = {groups}");
                    if (Chance(0.15)) attributes.Append(", Bias = false");
                    if (clean && activation == 7 && Chance(0.3)) attributes.Append($", Alpha = {Number(Pick(0.5, 2))}");
                    if (Chance(0.1)) attributes.Append($", Init = {EnumValue("WeightInit", 7)}");
                    attributes.Append(")] ");
                    int extent = Math.Max(1, dilation) * (size - 1) + 1, step = Math.Max(1, strideValue);
                    (channels, height, width) = same
                        ? (filters, (height + step - 1) / step, (width + step - 1) / step)
                        : (filters, (height + 2 * padding - extent) / step + 1, (width + 2 * padding - extent) / step + 1);
                }
                else
                {
                    // Padding (at most half the window when clean), or "same", or neither.
                    int padding = clean ? (size >= 2 && Chance(0.2) ? 1 : 0) : Chance(0.2) ? Pick(1, 2, -1) : 0;
                    bool same = clean ? padding == 0 && Chance(0.15) : Chance(0.1);
                    attributes.Append($"[{(kind == 1 ? "MaxPool2D" : "AvgPool2D")}({size}{stride}{(padding != 0 ? $", Padding = {padding}" : "")}{(same ? ", Same = true" : "")}");
                    if (kind == 2 && padding != 0 && Chance(0.5)) attributes.Append(", CountPadding = false");
                    attributes.Append(")] ");
                    int step = Math.Max(1, strideValue);
                    (height, width) = same
                        ? ((height + step - 1) / step, (width + step - 1) / step)
                        : ((height + 2 * padding - size) / step + 1, (width + 2 * padding - size) / step + 1);
                }
                if (BatchNormAfter(hidden: !output))
                    attributes.Append(BatchNorm()).Append(!clean && Chance(0.2) ? BatchNorm() : "");
            }
            // Sometimes a global pool turns the map into a vector of channels before the Dense layers.
            if (imageLayers > 0 && (layers > 0 || !clean) && Chance(0.2)) attributes.Append(Chance(0.5) ? "[GlobalAvgPool] " : "[GlobalMaxPool] ");

            // Sequences: perhaps a Dense on every step, then one or two recurrent layers. Clean ones hand a sequence to every
            // recurrent layer but the last (after a many-to-one layer there is no sequence left: NG0042) and give a softmax
            // output one vector; the others may put a recurrent layer after a map (NG0042) or give RNN any activation (NG0044).
            int recurrentLayers = sequence ? 1 + random.NextInt(2) : image && !clean && Chance(0.03) ? 1 : 0;
            if (sequence && Chance(0.3)) attributes.Append($"[Dense({Size()}, {(clean ? $"(Activation){Pick(0, 4, 5)}" : EnumValue("Activation", 12))})] ");
            for (int k = 0; k < recurrentLayers; k++)
            {
                bool last = k == recurrentLayers - 1;
                string kind = Pick("LSTM", "GRU", "RNN");
                var arguments = new List<string> { Size().ToString(CultureInfo.InvariantCulture) };
                if (kind == "RNN" && Chance(0.5)) arguments.Add(clean ? $"(Activation){Pick(4, 5)}" : EnumValue("Activation", 12));
                if (clean ? !last || (loss != 3 && Chance(0.5)) : Chance(0.5)) arguments.Add("ReturnSequences = true");
                if (Chance(0.2)) arguments.Add("Bias = false");
                if (Chance(0.1)) arguments.Add($"Init = {EnumValue("WeightInit", 7)}");
                attributes.Append($"[{kind}({string.Join(", ", arguments)})] ");
            }

            for (int k = 0; k < layers; k++)
            {
                bool output = k == layers - 1;
                // Clean: differentiable activations, Softmax only on the output, the output matching the cross-entropies.
                int activation = !clean ? -1 :
                    output && loss == 2 ? 3 : output && loss == 3 ? 11 : Pick(0, 3, 4, 5, 6, 7, 8, 9, 10);
                int units = clean && activation == 11 ? Pick(2, 3, 10) : Size();
                attributes.Append($"[Dense({units}, {(activation >= 0 ? $"(Activation){activation}" : EnumValue("Activation", 12))}");
                if (clean)
                {
                    if (activation is 0 or 6 && Chance(0.3)) attributes.Append($", Slope = {Number(Pick(0.5, 2, -1))}");
                    if (activation == 7 && Chance(0.3)) attributes.Append($", Alpha = {Number(Pick(0.5, 2))}");
                    if (Chance(0.1)) attributes.Append($", BiasInit = {Number(Pick(0, 0.3, 1))}");
                }
                else
                {
                    foreach (var parameter in new[] { "Slope", "Threshold", "Alpha", "BiasInit" })
                        if (Chance(0.08)) attributes.Append($", {parameter} = {Number(Pick(-1, 0, 0.3, 2, double.NaN, double.PositiveInfinity))}");
                }
                if (Chance(0.1)) attributes.Append(", Bias = false");
                if (Chance(0.1)) attributes.Append($", Init = {EnumValue("WeightInit", 7)}");
                attributes.Append(")] ");
                if (BatchNormAfter(hidden: !output))
                    attributes.Append(BatchNorm()).Append(!clean && Chance(0.2) ? BatchNorm() : "");
            }

            string partial = clean || Chance(0.9) ? "partial " : "";
            string declaration = (clean ? 0 : Pick(0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5)) switch
            {
                1 => $"public {partial}struct Case{number} {{ }}",
                2 => $"public static {partial}class Case{number} {{ }}",
                3 => $"public {partial}interface Case{number} {{ }}",
                4 => $"public {partial}record Case{number} {{ }}",
                5 => $"public {partial}class Case{number}<T> {{ }}",
                _ => !clean && Chance(0.05) ? $"public {partial}class Case{number} {{ public int Forward() => 0; }}" : $"public {partial}class Case{number} {{ }}",
            };

            string type = $"{attributes}\n{declaration}";
            return (clean ? Pick(0, 0, 0, 1) : Pick(0, 0, 0, 0, 0, 0, 1, 2, 3)) switch
            {
                1 => $"public partial class Outer{number} {{\n{type}\n}}",
                2 => $"public class Outer{number} {{\n{type}\n}}",
                3 => $"public partial class Outer{number}<U> {{\n{type}\n}}",
                _ => type,
            };
        }
    }
}
