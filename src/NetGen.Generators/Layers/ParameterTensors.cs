using System.Collections.Immutable;
using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Layers
{
    /// <summary>The one parameter layout: each layer's tensors in declaration order, keyed and placed.</summary>
    internal static class ParameterTensors
    {
        /// <summary>
        /// Every layer's tensors (weight, then bias) one after the other, with their state_dict keys
        /// (<c>layers.{layer index}.{name}</c>) and offsets: what the generated <c>ParameterTensors</c>, the buffer layout,
        /// the initialiser and the build-time weights check all use.
        /// </summary>
        public static ImmutableArray<ParameterTensor> Of(NetworkSpec spec, ImmutableArray<Shape> shapes)
        {
            var tensors = ImmutableArray.CreateBuilder<ParameterTensor>();
            int offset = 0;
            for (int i = 0; i < spec.Layers.Count; i++)
                foreach (var tensor in spec.Layers[i].Tensors(shapes[i]))
                {
                    tensors.Add(new ParameterTensor(StateDictFormat.Key(i, tensor.Name), offset, tensor.Shape.ToArray()));
                    offset += (int)tensor.Length;
                }
            return tensors.ToImmutable();
        }
    }
}
