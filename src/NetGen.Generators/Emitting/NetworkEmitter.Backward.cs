using System;
using System.Linq;
using static NetGen.Generators.Emitting.MathText;

namespace NetGen.Generators.Emitting
{
    internal sealed partial class NetworkEmitter
    {
        /// <summary>Where ∂C/∂θ goes: added into the caller's gradient (Backward) or straight into an SGD update (TrainStep).</summary>
        private enum GradientSink
        {
            Accumulate,
            Update,
        }

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
            using (_w.Block($"private {_t.Name} Backpropagate({gradientArgs}, {_span} inputGradient, bool computeInputGradient)"))
            {
                EmitParameterSpan(writable: false);
                EmitForwardPass(withLoss: true);
                EmitLoss();
                EmitBackpropagation(GradientSink.Accumulate);
                _w.Line("return loss;");
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
            using (_w.Block($"public {_t.Name} TrainStep({_readOnlySpan} input, {_readOnlySpan} target, {_t.Name} learningRate)"))
            {
                EmitGuard("input", "InputSize");
                EmitGuard("target", "OutputSize");
                _w.Line($"global::NetGen.Guard.TrainingSample(input, target, learningRate, global::NetGen.Loss.{_layout.Loss});");
                EmitParameterSpan(writable: true);
                EmitForwardPass(withLoss: true);
                EmitLoss();
                EmitBackpropagation(GradientSink.Update);
                _w.Line("return loss;");
            }
        }

        /// <summary>
        /// δ of the output layer, then for each layer from the top: δ of the layer below (or ∂C/∂x), then the layer's
        /// parameter gradient. That order lets the update sink change a layer's weights right after their last use.
        /// </summary>
        private void EmitBackpropagation(GradientSink sink)
        {
            _w.Line();
            _w.Comment("Backpropagation (MATH.md), from the output layer down: δ⁽ˡ⁾ = ∂C/∂z⁽ˡ⁾.");
            EmitOutputDelta(_layout.Output);
            for (int index = _layout.Layers.Length - 1; index >= 0; index--)
            {
                var layer = _layout.Layers[index];
                // A looped layer's step can ride along with the pass over its weights that computes δ of the layer below.
                bool weightsStepWithDelta = sink == GradientSink.Update && layer.IsLooped && index > 0;
                if (index > 0) EmitHiddenDelta(_layout.Layers[index - 1], layer, weightsStepWithDelta);
                else if (sink == GradientSink.Accumulate) EmitInputGradient(layer);
                EmitParameterGradient(layer, sink, weightsStepWithDelta);
            }
        }

        private void EmitOutputDelta(LayerPlan output)
        {
            var loss = _layout.Loss;
            string sup = Sup(output.Number);
            _w.Line();
            if (!LossMath.IsFused(loss))
            {
                _w.Comment($"Output layer {output.Number}: δ{sup} = ∂C/∂ŷ ⊙ σ'(z{sup}) with {LossMath.OutputGradientText(loss)};");
                _w.Comment(ActivationMath.DerivativeText(output.Activation, output.Parameter) + ".");
                EmitDelta(output, k => LossMath.OutputGradient(loss, output.Ref('a', k), $"target[{k}]", _t), () =>
                {
                    using (_w.Block($"for (int k = 0; k < {output.Units}; k++)"))
                        _w.Line($"{output.Ref('d', "k")} = {LossMath.OutputGradient(loss, output.Ref('a', "k"), "target[k]", _t)};");
                });
                return;
            }

            _w.Comment($"Output layer {output.Number}, {LossMath.FusedDeltaText(loss)}.");
            string targetSum = $"targetSum{output.Number}";
            if (loss == Loss.CategoricalCrossEntropy)
            {
                if (output.UsesSpans)
                {
                    _w.Line($"var {targetSum} = {_t.Literal(0)};");
                    using (_w.Block($"for (int k = 0; k < {output.Units}; k++)")) _w.Line($"{targetSum} += target[k];");
                }
                else _w.Line($"var {targetSum} = {string.Join(" + ", Enumerable.Range(0, output.Units).Select(k => $"target[{k}]"))};");
            }

            if (output.UsesSpans)
            {
                _w.Line($"{_span} {output.Span('d')} = stackalloc {_t.Name}[{output.Units}];");
                using (_w.Block($"for (int k = 0; k < {output.Units}; k++)"))
                    _w.Line($"{output.Ref('d', "k")} = {LossMath.FusedDelta(loss, output.Ref('a', "k"), "target[k]", targetSum)};");
            }
            else
            {
                for (int k = 0; k < output.Units; k++)
                    _w.Line($"{output.Define('d', k)} = {LossMath.FusedDelta(loss, output.Ref('a', k), $"target[{k}]", targetSum)};");
            }
        }

        private void EmitHiddenDelta(LayerPlan lower, LayerPlan upper, bool weightsStepWithDelta)
        {
            string lowerSup = Sup(lower.Number), upperSup = Sup(upper.Number);
            _w.Line();
            _w.Comment($"Layer {lower.Number}: δ{lowerSup} = (W{upperSup}ᵀ δ{upperSup}) ⊙ σ'(z{lowerSup}), {ActivationMath.DerivativeText(lower.Activation, lower.Parameter)}.");
            EmitDelta(lower, i => TransposedProductTerm(upper, i), () =>
            {
                if (!weightsStepWithDelta)
                {
                    EmitTransposedProduct(upper, lower.Span('d'));
                    return;
                }

                _w.Comment($"Vectorised, one pass over W{upperSup}: row j adds δ{upperSup}[j] · W{upperSup}[j,:] into δ{lowerSup}, then takes its step,");
                _w.Comment($"W{upperSup}[j,:] −= η δ{upperSup}[j] a{lowerSup}.");
                _w.Line($"global::NetGen.NetMath.MultiplyTransposedAndAddOuterProduct(p.Slice({upper.WeightOffset}, {upper.Units * upper.FanIn}), {upper.Span('d')}, {lower.Span('a')}, -learningRate, {lower.Span('d')});");
            });
        }

        private void EmitInputGradient(LayerPlan first)
        {
            _w.Line();
            using (_w.Block("if (computeInputGradient)"))
            {
                _w.Comment($"∂C/∂x = W{Sup(first.Number)}ᵀ δ{Sup(first.Number)}");
                EmitTransposedProduct(first, "inputGradient");
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
                _w.Line($"{_span} {layer.Span('d')} = stackalloc {_t.Name}[{layer.Units}];");
                fillSpanWithGradient();
                if (layer.IsSoftmax)
                {
                    _w.Line($"global::NetGen.NetMath.SoftmaxBackward({layer.Span('a')}, {layer.Span('d')});");
                    return;
                }

                if (layer.IsLooped && ActivationMath.HasSpanKernels(layer.Activation))
                {
                    _w.Line($"global::NetGen.NetMath.{layer.Activation}Backward({layer.Span('z')}, {layer.Span('d')});");
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

            for (int i = 0; i < layer.Units; i++)
            {
                string? derivative = ActivationMath.Derivative(layer.Activation, layer.Parameter, layer.Ref('z', i), layer.Ref('a', i), _t);
                _w.Line($"{layer.Define('d', i)} = {(derivative is null ? gradientTerm(i) : $"({gradientTerm(i)}) * {derivative}")};");
            }
        }

        /// <summary>(Wᵀ δ)ᵢ of <paramref name="upper"/> as one unrolled sum.</summary>
        private static string TransposedProductTerm(LayerPlan upper, int i) =>
            string.Join(" + ", Enumerable.Range(0, upper.Units).Select(j => $"p[{upper.Weight(j, i)}] * {upper.Ref('d', j)}"));

        /// <summary>Writes Wᵀ δ of <paramref name="upper"/> into <paramref name="target"/>: row by row (vectorised) for looped layers.</summary>
        private void EmitTransposedProduct(LayerPlan upper, string target)
        {
            if (!upper.IsLooped)
            {
                for (int i = 0; i < upper.FanIn; i++) _w.Line($"{target}[{i}] = {TransposedProductTerm(upper, i)};");
                return;
            }

            _w.Comment($"Vectorised: row j of W{Sup(upper.Number)} contributes δ{Sup(upper.Number)}[j] · W{Sup(upper.Number)}[j,:].");
            _w.Line($"global::NetGen.NetMath.MultiplyTransposed(p.Slice({upper.WeightOffset}, {upper.Units * upper.FanIn}), {upper.Span('d')}, {target});");
        }

        private void EmitParameterGradient(LayerPlan l, GradientSink sink, bool weightsStepped)
        {
            string sup = Sup(l.Number), previousSup = Sup(l.Number - 1);
            _w.Line();
            if (weightsStepped)
            {
                _w.Comment($"Step on layer {l.Number}: W{sup} took its step above; b{sup}[j] −= η δ{sup}[j].");
                _w.Line($"global::NetGen.NetMath.AddScaled(p.Slice({l.BiasOffset}, {l.Units}), {l.Span('d')}, -learningRate);");
                return;
            }

            _w.Comment(sink == GradientSink.Accumulate
                ? $"∂C/∂W{sup}[j,i] = δ{sup}[j] · a{previousSup}[i] and ∂C/∂b{sup}[j] = δ{sup}[j], added into gradient."
                : $"Step on layer {l.Number}: W{sup}[j,i] −= η δ{sup}[j] a{previousSup}[i] and b{sup}[j] −= η δ{sup}[j].");

            if (l.IsLooped)
            {
                string target = sink == GradientSink.Accumulate ? "gradient" : "p";
                string scale = sink == GradientSink.Accumulate ? _t.Literal(1) : "-learningRate";
                _w.Line($"global::NetGen.NetMath.AddOuterProduct({target}.Slice({l.WeightOffset}, {l.Units * l.FanIn}), {l.Span('d')}, {PreviousSpan(l)}, {scale});");
                _w.Line($"global::NetGen.NetMath.AddScaled({target}.Slice({l.BiasOffset}, {l.Units}), {l.Span('d')}, {scale});");
                return;
            }

            for (int j = 0; j < l.Units; j++)
            {
                string delta = l.Ref('d', j);
                if (sink == GradientSink.Update)
                {
                    delta = $"step{l.Number}_{j}";
                    _w.Line($"var {delta} = learningRate * {l.Ref('d', j)};");
                }

                string op = sink == GradientSink.Accumulate ? "gradient" : "p";
                string assign = sink == GradientSink.Accumulate ? "+=" : "-=";
                for (int i = 0; i < l.FanIn; i++) _w.Line($"{op}[{l.Weight(j, i)}] {assign} {delta} * {PreviousRef(l, i)};");
                _w.Line($"{op}[{l.BiasOffset + j}] {assign} {delta};");
            }
        }
    }
}
