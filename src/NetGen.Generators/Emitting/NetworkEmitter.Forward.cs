using System.Linq;
using static NetGen.Generators.Emitting.MathText;

namespace NetGen.Generators.Emitting
{
    internal sealed partial class NetworkEmitter
    {
        private void EmitForward()
        {
            _w.Line("/// <summary>Computes ŷ, the network's output for one input. Keeps no state: many threads may call it at once.</summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the length of its constant.</exception>");
            EmitHotMethodAttribute();
            using (_w.Block($"public void Forward({_readOnlySpan} input, {_span} output)"))
            {
                EmitGuard("input", "InputSize");
                EmitGuard("output", "OutputSize");
                EmitParameterSpan(writable: false);
                EmitForwardPass(PassMode.Inference, withLoss: false);
                _w.Line();
                _w.Comment($"ŷ = a{Sup(_layout.Output.Number)}");
                EmitOutputCopy();
            }
        }

        /// <summary>Copies the output layer's a into <c>output</c>.</summary>
        private void EmitOutputCopy()
        {
            var output = _layout.Output;
            if (output.UsesSpans) _w.Line($"{output.Span('a')}.CopyTo(output);");
            else
                for (int k = 0; k < output.Units; k++) _w.Line($"output[{k}] = {output.Ref('a', k)};");
        }

        private void EmitComputeLoss()
        {
            _w.Line($"/// <summary>Returns the per-sample loss: {LossMath.FormulaText(_layout.Loss)}. Keeps no state: many threads may call it at once.</summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the length of its constant.</exception>");
            EmitHotMethodAttribute();
            using (_w.Block($"public {_t.Name} ComputeLoss({_readOnlySpan} input, {_readOnlySpan} target)"))
            {
                EmitGuard("input", "InputSize");
                EmitGuard("target", "OutputSize");
                EmitParameterSpan(writable: false);
                EmitForwardPass(PassMode.Inference, withLoss: true);
                EmitLoss();
                _w.Line("return loss;");
            }
        }

        /// <summary>Every layer's z and a, from a⁽¹⁾ = input; needs <c>p</c> in scope. <paramref name="withLoss"/>: EmitLoss follows.</summary>
        private void EmitForwardPass(PassMode mode, bool withLoss)
        {
            if (!_layout.InputInSpan)
            {
                _w.Line();
                _w.Comment("a⁽¹⁾ = x");
                for (int i = 0; i < _layout.InputSize; i++) _w.Line($"var a1_{i} = input[{i}];");
            }

            foreach (var layer in _layout.Layers) EmitLayerForward(layer, mode, withLoss);
        }

        private void EmitLayerForward(LayerPlan l, PassMode mode, bool withLoss)
        {
            string sup = Sup(l.Number);
            _w.Line();
            _w.Comment($"Layer {l.Number} ({LayerTitle(l)}){(l.IsOutput ? ", the output layer" : "")}.");
            if (l.UsesSpans)
            {
                if (l.HasActivation) _w.Line($"{_span} {l.Span('z')} = {l.Allocation('z', _t)};");
                _w.Line($"{_span} {l.Span('a')} = {l.Allocation('a', _t)};");
            }

            l.Spec.EmitForward(new LayerEmission(_w, _layout, l, mode, _callerState));
            if (!l.HasActivation) return;

            _w.Comment($"a{sup} = σ(z{sup}), {ActivationMath.ForwardText(l.Activation, l.Parameter)}");
            if (l.IsSoftmax) EmitSoftmax(l, needsLogSumExp: withLoss && _layout.Loss == Loss.CategoricalCrossEntropy);
            else if (l.IsLogSoftmax) EmitLogSoftmax(l);
            else if (l.IsLooped && ActivationMath.HasSpanKernel(l.Activation))
                _w.Line($"{RuntimeNames.NetMath}.{l.Activation}({l.Span('z')}, {l.Span('a')});");
            else if (l.IsLooped)
            {
                using (_w.Block($"for (int j = 0; j < {l.Units}; j++)"))
                    _w.Line($"{l.Ref('a', "j")} = {ActivationMath.Forward(l.Activation, l.Parameter, l.Ref('z', "j"), _t)};");
            }
            else
            {
                for (int j = 0; j < l.Units; j++)
                    _w.Line($"{l.Define('a', j)} = {ActivationMath.Forward(l.Activation, l.Parameter, l.Ref('z', j), _t)};");
            }
        }

        /// <summary>A layer in the comment over its block, e.g. "Dense 4 → 1, Sigmoid" or "Conv2D 3×3, 1×28×28 → 8×26×26, ReLU".</summary>
        private string LayerTitle(LayerPlan l) =>
            $"{l.Spec.KindColumn}{FoldText(l)} {l.Input.Text} → {l.Output.Text}{(l.HasActivation ? ", " + l.ActivationLabel : "")}";

        /// <summary>" with layer 3's BatchNorm folded in," for a layer a frozen network folded a BatchNorm into; else nothing.</summary>
        private string FoldText(LayerPlan l) =>
            _layout.Folds.FirstOrDefault(f => f.ComputedNumber == l.Number) is { } fold ? $" with layer {fold.BatchNormNumber}'s BatchNorm folded in," : "";

        /// <summary>
        /// Softmax shifted by m = max z so that no exponential overflows; spans use the runtime kernel, which also returns
        /// log Σ e^z when the cross-entropy needs it (unrolled code derives it from m and the sum in EmitLoss).
        /// </summary>
        private void EmitSoftmax(LayerPlan l, bool needsLogSumExp)
        {
            int n = l.Number;
            if (l.UsesSpans)
            {
                _w.Line(needsLogSumExp
                    ? $"var lse{n} = {RuntimeNames.NetMath}.SoftmaxAndLogSumExp({l.Span('z')}, {l.Span('a')});"
                    : $"{RuntimeNames.NetMath}.Softmax({l.Span('z')}, {l.Span('a')});");
                return;
            }

            _w.Line($"var m{n} = {l.Ref('z', 0)};");
            for (int k = 1; k < l.Units; k++) _w.Line($"m{n} = global::System.Math.Max(m{n}, {l.Ref('z', k)});");
            for (int k = 0; k < l.Units; k++) _w.Line($"var e{n}_{k} = {RuntimeNames.NetMath}.Exp({l.Ref('z', k)} - m{n});");
            _w.Line($"var s{n} = {string.Join(" + ", Enumerable.Range(0, l.Units).Select(k => $"e{n}_{k}"))};");
            for (int k = 0; k < l.Units; k++) _w.Line($"{l.Define('a', k)} = e{n}_{k} / s{n};");
        }

        /// <summary>
        /// Log-softmax as ŷ = z − lse, lse = m + ln Σ e^(z − m) with m = max z, so that no exponential overflows and no
        /// probability is rounded to 0 before its logarithm is taken (spans: the runtime kernel, which computes the same).
        /// </summary>
        private void EmitLogSoftmax(LayerPlan l)
        {
            int n = l.Number;
            if (l.UsesSpans)
            {
                _w.Line($"{RuntimeNames.NetMath}.LogSoftmax({l.Span('z')}, {l.Span('a')});");
                return;
            }

            EmitLogSumExp(n, Enumerable.Range(0, l.Units).Select(k => l.Ref('z', k)).ToArray());
            for (int k = 0; k < l.Units; k++) _w.Line($"{l.Define('a', k)} = {l.Ref('z', k)} - lse{n};");
        }

        /// <summary>Declares <c>lse{n}</c> = m + ln Σₖ e^(vₖ − m) with m = max v over the named values, as NetMath.LogSumExp computes it.</summary>
        private void EmitLogSumExp(int n, string[] values)
        {
            _w.Line($"var m{n} = {values[0]};");
            for (int k = 1; k < values.Length; k++) _w.Line($"m{n} = global::System.Math.Max(m{n}, {values[k]});");
            _w.Line($"var lse{n} = m{n} + {RuntimeNames.NetMath}.Log({string.Join(" + ", values.Select(v => $"{RuntimeNames.NetMath}.Exp({v} - m{n})"))});");
        }

        /// <summary>Declares <c>loss</c>: the per-sample loss of the output computed by the forward pass.</summary>
        private void EmitLoss()
        {
            var output = _layout.Output;
            var loss = _layout.Loss;
            int n = output.Number;
            _w.Line();
            _w.Comment($"Loss ({LossMath.Name(loss)}): {LossMath.FormulaText(loss)}");
            if (loss == Loss.CategoricalCrossEntropy && !output.UsesSpans) _w.Line($"var lse{n} = m{n} + {RuntimeNames.NetMath}.Log(s{n});");
            if (LossMath.NeedsOutputLogSumExp(loss))
            {
                if (output.UsesSpans) _w.Line($"var lse{n} = {RuntimeNames.NetMath}.LogSumExp({output.Span('a')});");
                else EmitLogSumExp(n, Enumerable.Range(0, output.Units).Select(k => output.Ref('a', k)).ToArray());
            }

            double scale = LossMath.Scale(loss);
            if (output.UsesSpans)
            {
                _w.Line($"var loss = {_t.Literal(0)};");
                using (_w.Block($"for (int k = 0; k < {output.Units}; k++)"))
                    _w.Line($"loss += {LossMath.Term(loss, output.Ref('a', "k"), output.Ref('z', "k"), "target[k]", $"lse{n}")};");
                if (scale != 1) _w.Line($"loss *= {_t.Literal(scale)};");
                return;
            }

            var terms = Enumerable.Range(0, output.Units)
                .Select(k => LossMath.Term(loss, output.Ref('a', k), output.Ref('z', k), $"target[{k}]", $"lse{n}"));
            string sum = string.Join(" + ", terms);
            _w.Line(scale == 1 ? $"var loss = {sum};" : $"var loss = {_t.Literal(scale)} * ({sum});");
        }

        /// <summary>
        /// Declares <c>p</c>, the parameters as a span: the buffer, or for a frozen network the baked constants (needed only
        /// by looped layers; unrolled ones have the values written into the code); and <c>workspace</c>, this thread's
        /// workspace, when image layers keep their maps there; and <c>buffers</c>, the running statistics, when layers have them.
        /// </summary>
        private void EmitParameterSpan(bool writable)
        {
            if (!_layout.Frozen) _w.Line($"{(writable ? _span : _readOnlySpan)} p = Parameters;");
            else if (_layout.Layers.Any(l => l.IsLooped)) _w.Line($"{_readOnlySpan} p = {ComputedParameters};");
            EmitBufferSpan(writable: false);
            if (_layout.WorkspaceLength > 0) _w.Line($"{_span} workspace = Workspace;");
        }
    }
}
