using NetGen.Generators.Model;

namespace NetGen.Generators.Emitting
{
    internal sealed partial class NetworkEmitter
    {
        /// <summary>
        /// The parameter buffer, as <see cref="CompilationFacts.ChooseBuffer"/> decided: an [InlineArray] or a fixed-size
        /// buffer inside the object (one allocation, no indirection), or an array allocated once with the network.
        /// Every method reads the parameters through <c>Parameters</c>, so nothing else depends on the choice.
        /// </summary>
        private void EmitParameterStorage()
        {
            switch (_layout.Buffer)
            {
                case BufferStrategy.InlineArray:
                    _w.Line("/// <summary>The fixed-size storage of every parameter, inline in this object.</summary>");
                    _w.Line("[global::System.Runtime.CompilerServices.InlineArray(ParameterCount)]");
                    using (_w.Block("private struct ParameterBuffer"))
                        _w.Line($"private {_t.Name} _element0;");
                    _w.Line();
                    _w.Line("private ParameterBuffer _parameters;");
                    break;
                case BufferStrategy.FixedBuffer:
                    _w.Line("/// <summary>The fixed-size storage of every parameter, inline in this object ([InlineArray] is not available here).</summary>");
                    using (_w.Block("private unsafe struct ParameterBuffer"))
                        _w.Line($"public fixed {_t.Name} Values[ParameterCount];");
                    _w.Line();
                    _w.Line("private ParameterBuffer _parameters;");
                    break;
                default:
                    _w.Line("/// <summary>The storage of every parameter, allocated once with the network (no inline buffer is available or large enough here).</summary>");
                    _w.Line($"private readonly {_t.Name}[] _parameters = new {_t.Name}[ParameterCount];");
                    break;
            }

            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Every trainable parameter. For each layer in order: its weight row-major (W [units, fanIn], or a Conv2D's");
            _w.Line("/// K [filters, channels, k, k]), then its bias — PyTorch's nn.Linear and nn.Conv2d layout, so a state_dict copies in");
            _w.Line("/// without transposing (ParameterTensors lists them).");
            _w.Line("/// </summary>");
            _w.Line(_layout.Buffer == BufferStrategy.FixedBuffer
                ? $"public unsafe {_span} Parameters => global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref _parameters.Values[0], ParameterCount);"
                : $"public {_span} Parameters => _parameters;");
        }

        /// <summary>
        /// The buffers (BatchNorm's running statistics): state that is not a parameter, in an array allocated once with the
        /// network. A network without buffers still answers INetwork's Buffers, with nothing.
        /// </summary>
        private void EmitBufferStorage()
        {
            if (_layout.BufferCount == 0)
            {
                EmitNoBuffers($"{RuntimeNames.INetwork}<{_t.Name}>", _span);
                return;
            }

            _w.Line("/// <summary>The number of buffer values: every layer's running statistics.</summary>");
            _w.Line($"public const int BufferCount = {_layout.BufferCount};");
            _w.Line();
            _w.Line($"private readonly {_t.Name}[] _buffers = new {_t.Name}[BufferCount];");
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// The buffers: state that is not trained by gradients — each BatchNorm's running_mean, running_var and");
            if (_layout.StreamingOnly)
            {
                // No training and no weight files here: the statistics come from a twin declared with Steps.
                _w.Line("/// num_batches_tracked, as PyTorch keeps them, which Step normalises with; copy them from a twin declared with Steps");
                _w.Line("/// (BufferTensors lists them with PyTorch's keys).");
            }
            else
            {
                _w.Line("/// num_batches_tracked, as PyTorch keeps them. BackwardBatch and Train update them; Save, Load and the state_dict carry");
                _w.Line("/// them with PyTorch's keys (BufferTensors lists them).");
            }
            _w.Line("/// </summary>");
            _w.Line($"public {_span} Buffers => _buffers;");
            _w.Line();
            EmitBufferTensors();
        }

        private string TensorList => $"global::System.Collections.Generic.IReadOnlyList<{RuntimeNames.ParameterTensor}>";

        /// <summary>A network without buffers answers its contract's Buffers and BufferTensors with nothing.</summary>
        private void EmitNoBuffers(string contract, string spanType)
        {
            _w.Line($"{spanType} {contract}.Buffers => default;");
            _w.Line();
            _w.Line($"{TensorList} {contract}.BufferTensors => global::System.Array.Empty<{RuntimeNames.ParameterTensor}>();");
        }

        /// <summary>BufferTensors, the declared layers' running statistics with their keys, and the table behind it.</summary>
        private void EmitBufferTensors()
        {
            _w.Line("/// <summary>The buffer tensors with their state_dict keys, shapes and offsets into Buffers.</summary>");
            _w.Line($"public {TensorList} BufferTensors => BufferTensorValues;");
            _w.Line();
            using (_w.Block($"private static readonly {RuntimeNames.ParameterTensor}[] BufferTensorValues =", ";"))
                foreach (var tensor in _declared.BufferTensors)
                    _w.Line($"new(\"{tensor.Key}\", {tensor.Offset}, {string.Join(", ", tensor.Shape)}),");
        }

        /// <summary>Declares <c>buffers</c>, the running statistics as a span, in a method of a network that has them.</summary>
        private void EmitBufferSpan(bool writable)
        {
            if (_layout.BufferCount == 0) return;
            _w.Line(_layout.Frozen ? $"{_readOnlySpan} buffers = {ComputedBuffers};" : $"{(writable ? _span : _readOnlySpan)} buffers = Buffers;");
        }
    }
}
