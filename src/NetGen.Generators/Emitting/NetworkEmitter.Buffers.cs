namespace NetGen.Generators.Emitting
{
    internal sealed partial class NetworkEmitter
    {
        /// <summary>
        /// The parameter buffer: an [InlineArray] struct inside the object where the target and language allow it (the
        /// parameters sit in the object itself: one allocation, no indirection); otherwise an array allocated once.
        /// </summary>
        private void EmitParameterStorage()
        {
            if (_layout.UsesInlineArray)
            {
                _w.Line("/// <summary>The fixed-size storage of every parameter, inline in this object.</summary>");
                _w.Line("[global::System.Runtime.CompilerServices.InlineArray(ParameterCount)]");
                using (_w.Block("private struct ParameterBuffer"))
                    _w.Line($"private {_t.Name} _element0;");
                _w.Line();
                _w.Line("private ParameterBuffer _parameters;");
            }
            else
            {
                _w.Line("/// <summary>The storage of every parameter, allocated once with the network ([InlineArray] is not available here).</summary>");
                _w.Line($"private readonly {_t.Name}[] _parameters = new {_t.Name}[ParameterCount];");
            }

            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Every trainable parameter. For each layer in order: W row-major [units, fanIn], then b [units] —");
            _w.Line("/// the layout of PyTorch's nn.Linear weight and bias, so a state_dict copies in without transposing.");
            _w.Line("/// </summary>");
            _w.Line($"public {_span} Parameters => _parameters;");
        }
    }
}
