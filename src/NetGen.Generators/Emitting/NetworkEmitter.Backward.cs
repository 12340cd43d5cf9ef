using System;
using System.Linq;
using NetGen.Generators.Layers;
using static NetGen.Generators.Emitting.MathText;

namespace NetGen.Generators.Emitting
{
    internal sealed partial class NetworkEmitter
    {
        private void EmitBackward()
        {
            string gradientArgs = $"{_readOnlySpan} input, {_readOnlySpan} target, {_span} gradient";
            _w.Line("/// <summary>");
            _w.Line("/// Adds ∂C/∂θ of one sample into <paramref name=\"gradient\"/> (length ParameterCount, laid out like Parameters)");
            _w.Line("/// and returns the sample's loss C. Call it for every sample of a batch, then step with the sum or mean.");
            _w.Line("/// </summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the length of its constant.</exception>");
            using (_w.Block($"public {_t.Name} Backward({gradientArgs})"))
            {
                EmitGuard("input", "InputSize");
                EmitGuard("target", "OutputSize");
                EmitGuard("gradient", "ParameterCount");
                _w.Line("return Backpropagate(input, target, gradient, default, computeInputGradient: false);");
            }

            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Adds ∂C/∂θ of one sample into <paramref name=\"gradient\"/>, writes ∂C/∂x into <paramref name=\"inputGradient\"/>");
            _w.Line("/// (length InputSize) and returns the loss C. The input gradient is what chains this network behind another one.");
            _w.Line("/// </summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the length of its constant.</exception>");
            using (_w.Block($"public {_t.Name} Backward({gradientArgs}, {_span} inputGradient)"))
            {
                EmitGuard("input", "InputSize");
                EmitGuard("target", "OutputSize");
                EmitGuard("gradient", "ParameterCount");
                EmitGuard("inputGradient", "InputSize");
                _w.Line("return Backpropagate(input, target, gradient, inputGradient, computeInputGradient: true);");
            }

            _w.Line();
            _w.Line("/// <summary>The forward pass, the loss and backpropagation of one sample; the public overloads have checked the lengths.</summary>");
            EmitHotMethodAttribute();
            using (_w.Block($"private {_t.Name} Backpropagate({gradientArgs}, {_span} inputGradient, bool computeInputGradient)"))
            {
                EmitParameterSpan(writable: false);
                EmitForwardPass(PassMode.Inference, withLoss: true);
                EmitLoss();
                EmitBackpropagation(GradientSink.Accumulate, PassMode.Inference);
                _w.Line("return loss;");
            }

            EmitBackwardFromOutput();
        }

        /// <summary>
        /// The vector-Jacobian product that chains networks: the same backpropagation as Backward, but the output layer's δ
        /// comes from a ∂C/∂ŷ the caller passes in (for this network's input feeding another network) instead of from the loss.
        /// </summary>
        private void EmitBackwardFromOutput()
        {
            string gradientArgs = $"{_readOnlySpan} input, {_readOnlySpan} outputGradient, {_span} gradient";
            const string returns = "/// and returns ⟨∂C/∂ŷ, ŷ⟩, the value of the linear cost whose gradient this is. A NaN in outputGradient gives NaN gradients.";
            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Adds (∂ŷ/∂θ)ᵀ <paramref name=\"outputGradient\"/> into <paramref name=\"gradient\"/>: backpropagation from a given ∂C/∂ŷ");
            _w.Line("/// (length OutputSize) instead of this network's loss, for a network whose output feeds another one. Ignores the loss,");
            _w.Line(returns);
            _w.Line("/// </summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the length of its constant.</exception>");
            using (_w.Block($"public {_t.Name} BackwardFromOutput({gradientArgs})"))
            {
                EmitGuard("input", "InputSize");
                EmitGuard("outputGradient", "OutputSize");
                EmitGuard("gradient", "ParameterCount");
                _w.Line("return BackpropagateFromOutput(input, outputGradient, gradient, default, computeInputGradient: false);");
            }

            _w.Line();
            _w.Line("/// <summary>");
            _w.Line("/// Adds (∂ŷ/∂θ)ᵀ <paramref name=\"outputGradient\"/> into <paramref name=\"gradient\"/> and writes (∂ŷ/∂x)ᵀ <paramref name=\"outputGradient\"/>,");
            _w.Line("/// ∂C/∂x, into <paramref name=\"inputGradient\"/> (length InputSize), to pass on to a network in front of this one. Ignores the loss,");
            _w.Line(returns);
            _w.Line("/// </summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the length of its constant.</exception>");
            using (_w.Block($"public {_t.Name} BackwardFromOutput({gradientArgs}, {_span} inputGradient)"))
            {
                EmitGuard("input", "InputSize");
                EmitGuard("outputGradient", "OutputSize");
                EmitGuard("gradient", "ParameterCount");
                EmitGuard("inputGradient", "InputSize");
                _w.Line("return BackpropagateFromOutput(input, outputGradient, gradient, inputGradient, computeInputGradient: true);");
            }

            _w.Line();
            _w.Line("/// <summary>The forward pass and backpropagation from a given ∂C/∂ŷ; the public overloads have checked the lengths.</summary>");
            EmitHotMethodAttribute();
            using (_w.Block($"private {_t.Name} BackpropagateFromOutput({gradientArgs}, {_span} inputGradient, bool computeInputGradient)"))
            {
                EmitParameterSpan(writable: false);
                EmitForwardPass(PassMode.Inference, withLoss: false);
                var output = _layout.Output;
                _w.Line();
                _w.Comment($"The returned value: ⟨∂C/∂ŷ, ŷ⟩ = Σₖ outputGradient[k] · a{Sup(output.Number)}[k].");
                if (output.UsesSpans)
                {
                    _w.Line($"var linearCost = {_t.Literal(0)};");
                    using (_w.Block($"for (int k = 0; k < {output.Units}; k++)")) _w.Line($"linearCost += outputGradient[k] * {output.Ref('a', "k")};");
                }
                else _w.Line($"var linearCost = {string.Join(" + ", Enumerable.Range(0, output.Units).Select(k => $"outputGradient[{k}] * {output.Ref('a', k)}"))};");
                EmitBackpropagation(GradientSink.Accumulate, PassMode.Inference, fromOutputGradient: true);
                _w.Line("return linearCost;");
            }
        }

        private void EmitTrainStep()
        {
            _w.Line("/// <summary>");
            _w.Line("/// One plain stochastic-gradient-descent step on one sample, θ ← θ − η ∂C/∂θ, applied layer by layer as");
            _w.Line("/// backpropagation reaches it (each layer's weights are used for δ before they change). Returns the loss before the step.");
            _w.Line("/// </summary>");
            _w.Line("/// <exception cref=\"global::System.ArgumentException\">");
            _w.Line("/// A span does not have the length of its constant, a value is NaN or infinite, a target is one the loss cannot take,");
            _w.Line("/// or the learning rate is not a positive finite number; the parameters are unchanged.");
            _w.Line("/// </exception>");
            EmitHotMethodAttribute();
            using (_w.Block($"public {_t.Name} TrainStep({_readOnlySpan} input, {_readOnlySpan} target, {_t.Name} learningRate)"))
            {
                EmitGuard("input", "InputSize");
                EmitGuard("target", "OutputSize");
                _w.Line($"{RuntimeNames.Guard}.TrainingSample(input, target, learningRate, {RuntimeNames.Loss}.{_layout.Loss});");
                EmitNextNoiseStream();
                EmitParameterSpan(writable: true);
                EmitForwardPass(PassMode.Training, withLoss: true);
                EmitLoss();
                EmitBackpropagation(GradientSink.Update, PassMode.Training);
                _w.Line("return loss;");
            }
        }

        /// <summary>
        /// δ of the output layer, then for each layer from the top: δ of the layer below (or ∂C/∂x), then the layer's
        /// parameter gradient. That order lets the update sink change a layer's weights right after their last use.
        /// </summary>
        /// <param name="fromOutputGradient">Whether the output layer's δ starts from the caller's <c>outputGradient</c> (else from the loss).</param>
        /// <param name="mode">The mode of the forward pass before it (TrainStep: training; Backward, BackwardFromOutput: inference).</param>
        private void EmitBackpropagation(GradientSink sink, PassMode mode, bool fromOutputGradient = false)
        {
            _w.Line();
            _w.Comment("Backpropagation (docs/math.md), from the output layer down: δ⁽ˡ⁾ = ∂C/∂z⁽ˡ⁾.");
            if (fromOutputGradient) EmitOutputDeltaFromGradient(_layout.Output);
            else EmitOutputDelta(_layout.Output);
            for (int index = _layout.Layers.Length - 1; index >= 0; index--)
            {
                var layer = _layout.Layers[index];
                var emission = new LayerEmission(_w, _layout, layer, mode);
                layer.Spec.EmitInternalGradient(emission);
                if (index > 0) EmitHiddenDelta(_layout.Layers[index - 1], emission, sink);
                else if (sink == GradientSink.Accumulate) EmitInputGradient(emission);
                if (layer.Tensors.Length == 0) continue;
                _w.Line();
                layer.Spec.EmitParameterGradient(emission, sink);
            }
        }

        private void EmitOutputDeltaFromGradient(LayerPlan output)
        {
            string sup = Sup(output.Number);
            _w.Line();
            _w.Comment($"Output layer {output.Number}: δ{sup} = ∂C/∂ŷ ⊙ σ'(z{sup}) with ∂C/∂ŷ = outputGradient, whatever the loss;");
            _w.Comment(ActivationMath.DerivativeText(output.Activation, output.Parameter) + ".");
            EmitDelta(output, k => $"outputGradient[{k}]", () => _w.Line($"outputGradient.CopyTo({output.Span('d')});"));
        }

        private void EmitOutputDelta(LayerPlan output)
        {
            var loss = _layout.Loss;
            string sup = Sup(output.Number);
            string targetSum = $"targetSum{output.Number}", logSumExp = $"lse{output.Number}";
            _w.Line();
            _w.Comment(LossMath.IsFused(loss)
                ? $"Output layer {output.Number}, {LossMath.FusedDeltaText(loss)}."
                : $"Output layer {output.Number}: δ{sup} = ∂C/∂ŷ ⊙ σ'(z{sup}) with {LossMath.OutputGradientText(loss)};");
            if (!LossMath.IsFused(loss)) _w.Comment(ActivationMath.DerivativeText(output.Activation, output.Parameter) + ".");
            if (LossMath.NeedsTargetSum(loss))
            {
                if (output.UsesSpans)
                {
                    _w.Line($"var {targetSum} = {_t.Literal(0)};");
                    using (_w.Block($"for (int k = 0; k < {output.Units}; k++)")) _w.Line($"{targetSum} += target[k];");
                }
                else _w.Line($"var {targetSum} = {string.Join(" + ", Enumerable.Range(0, output.Units).Select(k => $"target[{k}]"))};");
            }

            if (!LossMath.IsFused(loss))
            {
                EmitDelta(output, k => LossMath.OutputGradient(loss, output.Ref('a', k), $"target[{k}]", logSumExp, targetSum, _t), () =>
                {
                    using (_w.Block($"for (int k = 0; k < {output.Units}; k++)"))
                        _w.Line($"{output.Ref('d', "k")} = {LossMath.OutputGradient(loss, output.Ref('a', "k"), "target[k]", logSumExp, targetSum, _t)};");
                });
                return;
            }

            if (output.UsesSpans)
            {
                _w.Line($"{_span} {output.Span('d')} = {output.Allocation('d', _t)};");
                using (_w.Block($"for (int k = 0; k < {output.Units}; k++)"))
                    _w.Line($"{output.Ref('d', "k")} = {LossMath.FusedDelta(loss, output.Ref('a', "k"), "target[k]", targetSum)};");
            }
            else
            {
                for (int k = 0; k < output.Units; k++)
                    _w.Line($"{output.Define('d', k)} = {LossMath.FusedDelta(loss, output.Ref('a', k), $"target[{k}]", targetSum)};");
            }
        }

        private void EmitHiddenDelta(LayerPlan lower, LayerEmission upper, GradientSink sink)
        {
            string lowerSup = Sup(lower.Number), gradient = upper.Plan.Spec.InputGradientText(upper.Plan);
            _w.Line();
            _w.Comment(lower.HasActivation
                ? $"Layer {lower.Number}: δ{lowerSup} = ({gradient}) ⊙ σ'(z{lowerSup}), {ActivationMath.DerivativeText(lower.Activation, lower.Parameter)}."
                : $"Layer {lower.Number} ({lower.Spec.Kind}, no activation): δ{lowerSup} = ∂C/∂a{lowerSup} = {gradient}.");
            EmitDelta(lower, i => upper.Plan.Spec.InputGradientTerm(upper, i)!, () => upper.Plan.Spec.EmitInputGradient(upper, lower.Span('d'), sink));
        }

        private void EmitInputGradient(LayerEmission first)
        {
            _w.Line();
            using (_w.Block("if (computeInputGradient)"))
            {
                _w.Comment($"∂C/∂x = {first.Plan.Spec.InputGradientText(first.Plan)}");
                first.Plan.Spec.EmitInputGradient(first, "inputGradient", stepAlong: null);
            }
        }

        /// <summary>
        /// Defines δ of <paramref name="layer"/> from g = ∂C/∂a: <paramref name="gradientTerm"/> gives gᵢ as an expression
        /// (unrolled code), <paramref name="fillSpanWithGradient"/> writes g into the δ span (span storage), which is then
        /// multiplied by σ' in place.
        /// </summary>
        private void EmitDelta(LayerPlan layer, Func<int, string> gradientTerm, Action fillSpanWithGradient)
        {
            int n = layer.Number;
            if (layer.UsesSpans)
            {
                _w.Line($"{_span} {layer.Span('d')} = {layer.Allocation('d', _t)};");
                fillSpanWithGradient();
                if (!layer.HasActivation) return; // pooling: no activation stage, δ = ∂C/∂a
                if (layer.IsRowWise)
                {
                    _w.Line($"{RuntimeNames.NetMath}.{layer.Activation}Backward({layer.Span('a')}, {layer.Span('d')});");
                    return;
                }

                if (layer.IsLooped && ActivationMath.HasDerivativeSpanKernel(layer.Activation))
                {
                    _w.Line($"{RuntimeNames.NetMath}.{layer.Activation}Backward({layer.Span('z')}, {layer.Span('d')});");
                    return;
                }

                string? spanDerivative = ActivationMath.Derivative(layer.Activation, layer.Parameter, layer.Ref('z', "i"), layer.Ref('a', "i"), _t);
                if (spanDerivative is null) return;
                using (_w.Block($"for (int i = 0; i < {layer.Units}; i++)"))
                    _w.Line($"{layer.Ref('d', "i")} *= {spanDerivative};");
                return;
            }

            if (layer.IsSoftmax)
            {
                for (int k = 0; k < layer.Units; k++) _w.Line($"var g{n}_{k} = {gradientTerm(k)};");
                _w.Line($"var ag{n} = {string.Join(" + ", Enumerable.Range(0, layer.Units).Select(k => $"{layer.Ref('a', k)} * g{n}_{k}"))};");
                for (int k = 0; k < layer.Units; k++) _w.Line($"{layer.Define('d', k)} = {layer.Ref('a', k)} * (g{n}_{k} - ag{n});");
                return;
            }

            if (layer.IsLogSoftmax)
            {
                for (int k = 0; k < layer.Units; k++) _w.Line($"var g{n}_{k} = {gradientTerm(k)};");
                _w.Line($"var gs{n} = {string.Join(" + ", Enumerable.Range(0, layer.Units).Select(k => $"g{n}_{k}"))};");
                for (int k = 0; k < layer.Units; k++) _w.Line($"{layer.Define('d', k)} = g{n}_{k} - {RuntimeNames.NetMath}.Exp({layer.Ref('a', k)}) * gs{n};");
                return;
            }

            for (int i = 0; i < layer.Units; i++)
            {
                string? derivative = ActivationMath.Derivative(layer.Activation, layer.Parameter, layer.Ref('z', i), layer.Ref('a', i), _t);
                _w.Line($"{layer.Define('d', i)} = {(derivative is null ? gradientTerm(i) : $"({gradientTerm(i)}) * {derivative}")};");
            }
        }
    }
}
