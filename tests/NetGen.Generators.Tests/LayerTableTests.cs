using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using NetGen.Generators.Layers;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>
    /// The lists of layer kinds a user or a tool reads name exactly the generator's layer attributes: tools/netgen_layers.py
    /// (the Python tools' table), and the README's "Layer vocabulary" and "Attributes" table.
    /// </summary>
    public class LayerTableTests
    {
        [Fact]
        public void The_python_layer_table_names_exactly_the_generators_layer_kinds()
        {
            string table = File.ReadAllText(Path.Combine(RepositoryRoot(), "tools", "netgen_layers.py"));
            var python = Regex.Matches(table, "^    Kind\\(\"(\\w+)\",", RegexOptions.Multiline).Select(m => m.Groups[1].Value).OrderBy(n => n).ToArray();
            Assert.Equal(GeneratorLayerNames(), python);
        }

        [Fact]
        public void The_readme_vocabulary_and_attribute_table_name_exactly_the_generators_layer_kinds()
        {
            string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
            // "The layer attributes are `[Dense]`, … and `[RNN]`;" under "### Layer vocabulary".
            string vocabulary = Regex.Match(readme, @"^### Layer vocabulary\n\nThe layer attributes are (.*?);", RegexOptions.Multiline | RegexOptions.Singleline).Groups[1].Value;
            Assert.Equal(GeneratorLayerNames(), Regex.Matches(vocabulary, @"`\[(\w+)\]`").Select(m => m.Groups[1].Value).OrderBy(n => n));
            // The first cell of every row of the "| NetGen | PyTorch | Keras |" table: `[Dense(int units, …)]`, `[GlobalAvgPool]`, …
            string table = Regex.Match(readme, @"^\| NetGen \| PyTorch \|.*?\n\n", RegexOptions.Multiline | RegexOptions.Singleline).Value;
            var rows = Regex.Matches(table, @"^\| ([^|]*) \|", RegexOptions.Multiline).Skip(1).Select(m => m.Groups[1].Value);   // past the header; "|---|" has no cell
            Assert.Equal(GeneratorLayerNames(), rows.SelectMany(cell => Regex.Matches(cell, @"`\[(\w+)[(\]]").Select(m => m.Groups[1].Value)).Distinct().OrderBy(n => n));
        }

        /// <summary>The layer attributes of the runtime as the generator's LayerKinds recognises them, without "Attribute", sorted.</summary>
        private static string[] GeneratorLayerNames()
        {
            var names = typeof(global::NetGen.DenseAttribute).Assembly.GetTypes()
                .Where(type => LayerKinds.IsLayerAttribute(type.FullName))
                .Select(type => type.Name.Substring(0, type.Name.Length - "Attribute".Length)).OrderBy(n => n).ToArray();
            Assert.NotEmpty(names);
            return names;
        }

        private static string RepositoryRoot([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
    }
}
