using System;
using System.Linq;
using NetGen.Generators.Layers;
using Xunit;

namespace NetGen.Generators.Tests
{
    /// <summary>LayerKinds is the one list of kinds: the runtime's layer attributes are exactly its entries.</summary>
    public class LayerKindsTests
    {
        [Fact]
        public void Every_layer_attribute_of_the_runtime_is_a_kind_and_every_kind_has_its_attribute()
        {
            var attributes = typeof(global::NetGen.NetworkAttribute).Assembly.GetExportedTypes()
                .Where(t => t.Namespace == "NetGen" && typeof(Attribute).IsAssignableFrom(t) && t.Name is not ("NetworkAttribute" or "InputAttribute"))
                .ToArray();
            Assert.Equal(attributes.Select(t => t.Name.Substring(0, t.Name.Length - "Attribute".Length)).OrderBy(name => name, StringComparer.Ordinal),
                LayerKinds.AttributeNames.OrderBy(name => name, StringComparer.Ordinal));
            Assert.All(attributes, type => Assert.True(LayerKinds.IsLayerAttribute(type.FullName), type.FullName));
        }

        [Fact]
        public void The_no_layer_message_lists_every_kind_once()
        {
            var listed = System.Text.RegularExpressions.Regex.Matches(LayerKinds.ListText, @"\[(\w+)\]").Select(match => match.Groups[1].Value);
            Assert.Equal(LayerKinds.AttributeNames, listed);
            Assert.EndsWith($" or [{LayerKinds.AttributeNames.Last()}]", LayerKinds.ListText);
        }
    }
}
