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
        public static ImmutableArray<ParameterTensor> Of(NetworkSpec spec, ImmutableArray<Shape> shapes) =>
            Place(spec, shapes, (layer, input) => layer.Tensors(input));

        /// <summary>Every layer's buffers (BatchNorm's running statistics) one after the other, keyed and placed in the Buffers span alike.</summary>
        public static ImmutableArray<ParameterTensor> Buffers(NetworkSpec spec, ImmutableArray<Shape> shapes) =>
            Place(spec, shapes, (layer, input) => layer.Buffers(input));

        /// <summary>The parameters, then the buffers placed after them: what a state_dict or a weights file holds.</summary>
        public static ImmutableArray<ParameterTensor> State(NetworkSpec spec, ImmutableArray<Shape> shapes)
        {
            var parameters = Of(spec, shapes);
            int count = parameters.Sum(t => t.Length);
            return parameters.AddRange(Buffers(spec, shapes).Select(b => new ParameterTensor(b.Key, count + b.Offset, b.Shape.ToArray())));
        }

        private static ImmutableArray<ParameterTensor> Place(NetworkSpec spec, ImmutableArray<Shape> shapes,
            System.Func<LayerSpec, Shape, ImmutableArray<TensorSpec>> tensorsOf)
        {
            var tensors = ImmutableArray.CreateBuilder<ParameterTensor>();
            int offset = 0;
            for (int i = 0; i < spec.Layers.Count; i++)
                foreach (var tensor in tensorsOf(spec.Layers[i], shapes[i]))
                {
                    tensors.Add(new ParameterTensor(StateDictFormat.Key(i, tensor.Name), offset, tensor.Shape.ToArray()));
                    offset += (int)tensor.Length;
                }
            return tensors.ToImmutable();
        }
    }
}
