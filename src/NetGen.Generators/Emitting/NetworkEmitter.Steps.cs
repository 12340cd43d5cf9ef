using static NetGen.Generators.Emitting.MathText;

namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// The streaming members of a network with recurrent layers: Step advances a caller-owned state by one step, and
    /// ForwardSequence by any number. Step is the forward pass of the same network on one step (NetworkLayout.ForOneStep),
    /// whose recurrent layers start from the caller's state and leave theirs in it; every layer runs the kernels it runs for
    /// one step of Forward, so Step over a sequence gives Forward's values.
    /// </summary>
    internal sealed partial class NetworkEmitter
    {
        private void EmitStreaming()
        {
            if (_stepLayout is null) return;
            _w.Line();
            _w.Line("/// <summary>The values of the state Step and ForwardSequence advance: every recurrent layer's h, then c for an LSTM, in layer order.</summary>");
            _w.Line($"public const int StateSize = {_layout.StateSize};");
            _w.Line();
            _w.Line("/// <summary>The values of one step's input: the features of one step.</summary>");
            _w.Line($"public const int StepInputSize = {_stepLayout.InputSize};");
            _w.Line();
            _w.Line("/// <summary>The values of one step's output: a many-to-one network's head applied to the current h, or one step of a sequence output.</summary>");
            _w.Line($"public const int StepOutputSize = {_stepLayout.OutputSize};");
            _w.Line();
            string streaming = $"{RuntimeNames.IStreamingNetwork}<{_t.Name}>";
            _w.Line($"int {streaming}.StateSize => StateSize;");
            _w.Line();
            _w.Line($"int {streaming}.StepInputSize => StepInputSize;");
            _w.Line();
            _w.Line($"int {streaming}.StepOutputSize => StepOutputSize;");
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// One time step: reads StepInputSize features, advances <paramref name=\"state\"/> (StateSize values, all zeros at the start");
            _w.Line("/// of a sequence) in place and writes this step's StepOutputSize outputs. The state belongs to the caller, so one network");
            _w.Line("/// serves many streams, from many threads at once; nothing is allocated.");
            _w.Line("/// </summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the length of its constant.</exception>");
            EmitHotMethodAttribute();
            using (_w.Block($"public void Step({_readOnlySpan} input, {_span} state, {_span} output)"))
            {
                EmitGuard("input", "StepInputSize");
                EmitGuard("state", "StateSize");
                EmitGuard("output", "StepOutputSize");
                _w.Line("StepUnchecked(input, state, output);");
            }

            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Any number of time steps, continuing from <paramref name=\"state\"/>: <paramref name=\"inputs\"/> is N × StepInputSize,");
            _w.Line("/// <paramref name=\"outputs\"/> gets every step's output (N × StepOutputSize), and the state is left after the last step.");
            _w.Line("/// </summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">The inputs are not whole steps, the outputs do not fit them, or the state is not StateSize long.</exception>");
            using (_w.Block($"public void ForwardSequence({_readOnlySpan} inputs, {_span} outputs, {_span} state)"))
            {
                _w.Line($"int steps = {RuntimeNames.Guard}.Steps(inputs, outputs, StepInputSize, StepOutputSize);");
                EmitGuard("state", "StateSize");
                using (_w.Block("for (int t = 0; t < steps; t++)"))
                    _w.Line("StepUnchecked(inputs.Slice(t * StepInputSize, StepInputSize), state, outputs.Slice(t * StepOutputSize, StepOutputSize));");
            }

            _w.Line();
            _w.Line("/// <summary>One step of the network (the public members have checked the lengths).</summary>");
            EmitHotMethodAttribute();
            using (_w.Block($"private void StepUnchecked({_readOnlySpan} input, {_span} state, {_span} output)"))
                new NetworkEmitter(_stepLayout, writer: _w, callerState: true).EmitStepBody();
        }

        /// <summary>The one-step forward pass from and into <c>state</c>, then its output.</summary>
        private void EmitStepBody()
        {
            EmitParameterSpan(writable: false);
            EmitForwardPass(PassMode.Inference, withLoss: false);
            _w.Line();
            _w.Comment($"This step's output: a{Sup(_layout.Output.Number)}.");
            EmitOutputCopy();
        }
    }
}
