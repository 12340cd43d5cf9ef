using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using NetGen.Generators.Layers;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>tools/netgen_layers.py, the Python tools' table of layer kinds, names exactly the generator's layer attributes.</summary>
    public class LayerTableTests
    {
        [Fact]
        public void The_python_layer_table_names_exactly_the_generators_layer_kinds()
        {
            string table = File.ReadAllText(Path.Combine(RepositoryRoot(), "tools", "netgen_layers.py"));
            var python = Regex.Matches(table, "^    Kind\\(\"(\\w+)\",", RegexOptions.Multiline).Select(m => m.Groups[1].Value).OrderBy(n => n).ToArray();
            // The layer attributes of the runtime, as the generator's LayerKinds recognises them.
            var generator = typeof(global::NetGen.DenseAttribute).Assembly.GetTypes()
                .Where(type => LayerKinds.IsLayerAttribute(type.FullName))
                .Select(type => type.Name.Substring(0, type.Name.Length - "Attribute".Length)).OrderBy(n => n).ToArray();
            Assert.NotEmpty(generator);
            Assert.Equal(generator, python);
        }

        private static string RepositoryRoot([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
    }
}
