using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;

namespace NetGen.Generators.Onnx
{
    /// <summary>
    /// Where a recurrent graph's axes lie. torch.onnx.export writes nn.LSTM(batch_first=True) as Transpose [1, 0, 2] (to
    /// time-first), the LSTM node (Y is [steps, directions, batch, H]), Squeeze of the directions axis and Transpose back;
    /// the last step is a Gather (y[:, -1]) or a Slice (y[:, -1:]), the final state Y_h is [directions, batch, H].
    /// </summary>
    internal enum StepLayout
    {
        /// <summary>No recurrent rearrangement: a vector, a map, or a value NetGen reads as it is.</summary>
        None,

        /// <summary>[batch, steps, features]: NetGen's own step-major order.</summary>
        BatchFirst,

        /// <summary>[steps, batch, features]: what a recurrent node with layout 0 reads.</summary>
        TimeFirst,

        /// <summary>Y of layout 0: [steps, directions, batch, H].</summary>
        Sequence,

        /// <summary>Y of layout 1: [batch, steps, directions, H].</summary>
        SequenceBatchFirst,

        /// <summary>Y_h of layout 0 ([directions, batch, H]), or the last step kept by a Slice of time-first steps ([1, batch, H]): axis 0 is squeezed away.</summary>
        LeadingOne,

        /// <summary>
        /// Y_h of layout 1 ([batch, directions, H]), or the last step kept by a Slice of [batch, steps, H]: each sample's H values
        /// with an axis of 1 after the batch, so layers act on it as on a vector; a Squeeze of axis 1 removes the axis.
        /// </summary>
        SecondOne,
    }

    /// <summary>
    /// ONNX's LSTM, GRU and RNN nodes as NetGen's [LSTM], [GRU] and [RNN] layers (PyTorch's nn.LSTM, nn.GRU, nn.RNN), and the
    /// Transpose, Squeeze, Gather and Slice nodes that exporters put around them. ONNX stacks the gates as LSTM i, o, f, c and
    /// GRU z, r, h; NetGen (PyTorch) as i, f, g, o and r, z, n: the weights are reordered gate by gate. What ONNX can say and
    /// PyTorch's layers cannot (another direction, a clip, peepholes, a start state, other activations) is refused by name.
    /// </summary>
    internal static class OnnxRecurrent
    {
        public static string Describe(StepLayout layout) => layout switch
        {
            StepLayout.TimeFirst => "steps transposed to [steps, batch, features]",
            StepLayout.Sequence => "a recurrent node's Y ([steps, directions, batch, units])",
            StepLayout.SequenceBatchFirst => "a recurrent node's Y ([batch, steps, directions, units])",
            StepLayout.LeadingOne => "a value of shape [1, batch, units] (a final state or a kept last step)",
            StepLayout.SecondOne => "a value of shape [batch, 1, units] (a final state or a kept last step)",
            _ => "steps",
        };

        /// <summary>For each of NetGen's gates in order, the ONNX gate block it comes from.</summary>
        private static int[] GateSource(RecurrentCell cell) => cell switch
        {
            RecurrentCell.LSTM => new[] { 0, 2, 3, 1 }, // i, f, g, o ← ONNX i, o, f, c
            RecurrentCell.GRU => new[] { 1, 0, 2 },     // r, z, n ← ONNX z, r, h
            _ => new[] { 0 },
        };

        /// <summary>ONNX's activations attribute when it is left out, which is PyTorch's cell.</summary>
        private static string[] DefaultActivations(RecurrentCell cell) => cell switch
        {
            RecurrentCell.LSTM => new[] { "Sigmoid", "Tanh", "Tanh" },
            RecurrentCell.GRU => new[] { "Sigmoid", "Tanh" },
            _ => new[] { "Tanh" },
        };

        public static string? Recurrent(OnnxImport import, OnnxNode node, RecurrentCell cell)
        {
            string op = node.OpType, module = $"nn.{cell}";
            long layout = import.Int(node, "layout", 0);
            if (layout is not (0 or 1)) return $"layout = {layout}, which ONNX does not define";
            var expected = layout == 0 ? StepLayout.TimeFirst : StepLayout.BatchFirst;
            if (import.Shape is not { IsSteps: true } steps || import.Layout != expected)
                return $"it reads {(import.Shape is { IsSteps: true } ? Describe(import.Layout) : "no steps")}; NetGen's [{cell}] reads the steps of a [batch, steps, features] input, as {module}(batch_first=True) exports them ({(layout == 0 ? "transposed to [steps, batch, features] for layout 0" : "unchanged for layout 1")})";

            string direction = node.Attribute("direction")?.S ?? "forward";
            if (direction != "forward")
                return $"direction = '{direction}': NetGen's [{cell}] runs forward in one direction; export {module}(bidirectional=False), or run a reversed copy of the sequence through a second network";
            if (node.Attribute("clip") is not null) return $"clip = {import.Float(node, "clip", 0)}: NetGen's [{cell}] does not clip its gates ({module} has no clip)";
            if (import.Int(node, "input_forget", 0) != 0) return $"input_forget = 1 (coupled input and forget gates): NetGen's [LSTM] has PyTorch's separate gates";
            if (node.Attribute("activation_alpha") is not null || node.Attribute("activation_beta") is not null)
                return $"activation_alpha/activation_beta are set: NetGen's [{cell}] has {module}'s activations, without parameters";
            var activations = node.Attribute("activations")?.Strings is { Count: > 0 } named ? named.ToArray() : DefaultActivations(cell);
            var nonlinearity = NetGen.Activation.Tanh;
            if (cell == RecurrentCell.RNN && activations.SequenceEqual(new[] { "Relu" })) nonlinearity = NetGen.Activation.ReLU;
            else if (!activations.SequenceEqual(DefaultActivations(cell)))
                return $"activations [{string.Join(", ", activations)}]: NetGen's [{cell}] has {module}'s ({(cell == RecurrentCell.RNN ? "Tanh or Relu" : string.Join(", ", DefaultActivations(cell)))})";
            if (cell == RecurrentCell.GRU && import.Int(node, "linear_before_reset", 0) != 1)
                return "linear_before_reset = 0 (ONNX's default: the reset gate multiplies h before W_hn): NetGen's [GRU] is PyTorch's, r ⊙ (W_hn h + b_hn), which is linear_before_reset = 1 as torch.onnx.export writes it";

            int gates = GateSource(cell).Length;
            if (import.Constant(node, 1) is not { Dims.Length: 3 } w || import.Constant(node, 2) is not { Dims.Length: 3 } r)
                return "its W and R must be constant 3-D tensors (the layer's weights)";
            if (w.Dims[0] != 1 || r.Dims[0] != 1)
                return $"num_directions = {w.Dims[0]}: NetGen's [{cell}] has one direction; export {module}(bidirectional=False)";
            long rows = w.Dims[1], units = rows / gates;
            if (rows % gates != 0 || units < 1 || r.Dims[1] != rows || r.Dims[2] != units)
                return $"W [{string.Join(", ", w.Dims)}] and R [{string.Join(", ", r.Dims)}] are not {gates} gates of one size";
            long hiddenSize = import.Int(node, "hidden_size", units);
            if (hiddenSize != units) return $"hidden_size = {hiddenSize} where its weights have {units} units";
            if (w.Dims[2] != steps.Channels) return $"its weights take {w.Dims[2]} features where the steps below have {steps.Channels}";
            var bias = import.Constant(node, 3);
            if (OnnxImport.HasInput(node, 3) && (bias is null || bias.Count != 2 * rows)) return $"its B must be a constant of 2×{rows} values ([Wb; Rb])";
            if (OnnxImport.HasInput(node, 4))
                return $"it has sequence_lens '{node.Inputs[4]}': NetGen's [{cell}] runs every sequence over all its {steps.Width} steps (pad or cut the sequences to one length)";
            foreach (var (slot, name) in cell == RecurrentCell.LSTM ? new[] { (5, "initial_h"), (6, "initial_c") } : new[] { (5, "initial_h") })
                if (OnnxImport.HasInput(node, slot) && !import.IsZeroState(node.Inputs[slot]) && import.Constant(node, slot)?.Values?.All(v => v == 0) != true)
                    return $"its {name} '{node.Inputs[slot]}' is not zero: NetGen's [{cell}] starts every sequence from a zero state (to continue from a state of your own, pass it to the generated Step or ForwardSequence)";
            if (cell == RecurrentCell.LSTM && OnnxImport.HasInput(node, 7) && import.Constant(node, 7)?.Values?.All(v => v == 0) != true)
                return "it has peepholes (input P): NetGen's [LSTM] is PyTorch's, which has none";

            bool sequence = Used(import, node, 0), final = Used(import, node, 1);
            if (Used(import, node, 2)) return "its final cell state Y_c is used: NetGen's [LSTM] hands on h only";
            if (sequence && final) return "both its Y and its Y_h are used (a branch); NetGen's recurrent layer hands on every step (ReturnSequences = true) or the last (false)";
            if (!sequence && !final) return "none of its outputs is used";

            var order = GateSource(cell);
            int h = (int)units, features = steps.Channels;
            var parameters = new List<double>();
            void Gates(double[] values, int start, int columns)
            {
                foreach (int block in order)
                    for (int row = 0; row < h; row++)
                        for (int column = 0; column < columns; column++)
                            parameters.Add(values[start + (block * h + row) * columns + column]);
            }
            Gates(w.Values!, 0, features);
            Gates(r.Values!, 0, h);
            if (bias is not null)
            {
                Gates(bias.Values!, 0, 1);
                Gates(bias.Values!, (int)rows, 1);
            }
            var layer = new RecurrentLayer(cell, h, nonlinearity, NamedActivation: false, Bias: bias is not null, ReturnSequences: sequence, WeightInit.Auto);
            if (import.AddLayer(node, layer, parameters) is string problem) return problem;
            if (final)
            {
                import.ContinueWith(node.Outputs[1]);
                import.Layout = layout == 0 ? StepLayout.LeadingOne : StepLayout.SecondOne;
            }
            else import.Layout = layout == 0 ? StepLayout.Sequence : StepLayout.SequenceBatchFirst;
            return null;
        }

        private static bool Used(OnnxImport import, OnnxNode node, int output) =>
            output < node.Outputs.Count && node.Outputs[output].Length > 0 && import.IsUsed(node.Outputs[output]);

        /// <summary>Transpose [1, 0, 2] swaps the batch and steps axes of steps (to and from a recurrent node's time-first order).</summary>
        public static string? SwapBatchAndSteps(OnnxImport import)
        {
            if (import.Layout is not (StepLayout.BatchFirst or StepLayout.TimeFirst))
                return $"perm [1, 0, 2] of {Describe(import.Layout)}: NetGen reads it only between [batch, steps, features] and a recurrent node's [steps, batch, features]";
            import.Layout = import.Layout == StepLayout.BatchFirst ? StepLayout.TimeFirst : StepLayout.BatchFirst;
            return null;
        }

        /// <summary>Squeeze of the directions axis of Y (to steps) or of a final state or kept step (to a vector); axes are an attribute before opset 13.</summary>
        public static string? Squeeze(OnnxImport import, OnnxNode node)
        {
            if (import.Opset >= 13 && !OnnxImport.HasInput(node, 1) || import.Opset < 13 && node.Attribute("axes") is null)
                return "it has no axes, so it removes every axis of size 1 (the batch too when a batch has one sample); NetGen reads a Squeeze of one named axis (squeeze(dim))";
            var axes = import.Opset < 13 ? import.Ints(node, "axes").ToArray() : import.Constant(node, 1)?.Values?.Select(v => (long)v).ToArray();
            if (axes is null) return "its axes are computed at run time";
            var (axis, after) = import.Layout switch
            {
                StepLayout.Sequence => (1L, StepLayout.TimeFirst),
                StepLayout.SequenceBatchFirst => (2L, StepLayout.BatchFirst),
                StepLayout.LeadingOne => (0L, StepLayout.None),
                StepLayout.SecondOne => (1L, StepLayout.None),
                _ => (-1L, StepLayout.None),
            };
            if (axis < 0 || axes.Length != 1 || axes[0] != axis)
                return $"axes [{string.Join(", ", axes)}] of {Describe(import.Layout)}: NetGen reads a Squeeze only of a recurrent node's directions axis or of a kept last step";
            import.Layout = after;
            return null;
        }

        /// <summary>y[:, -1] (Gather of the last index along the steps) makes the recurrent layer below many-to-one; h_n[-1] (Gather 0 of a final state) is its vector.</summary>
        public static string? Gather(OnnxImport import, OnnxNode node)
        {
            long axis = import.Int(node, "axis", 0);
            if (import.Constant(node, 1) is not { Dims.Length: 0, Values: { Length: 1 } indices }) return "its index must be one constant number";
            double index = indices[0];
            switch (import.Layout)
            {
                case StepLayout.LeadingOne when axis == 0 && index is 0 or -1:
                case StepLayout.SecondOne when axis == 1 && index is 0 or -1:
                    import.Layout = StepLayout.None;
                    return null;
                case StepLayout.BatchFirst when axis == 1 && IsLast(import, index):
                case StepLayout.TimeFirst when axis == 0 && IsLast(import, index):
                    import.Layout = StepLayout.None;
                    return import.TakeLastStep(node);
                default:
                    return $"axis = {axis}, index {index} of {Describe(import.Layout)}: NetGen reads a Gather only of the last step (y[:, -1]) or of a final state (h_n[-1]); a Gather of shapes (x.view(x.size(0), -1)) has no layer: flatten with torch.flatten(x, 1)";
            }
        }

        /// <summary>y[:, -1:] (Slice of the last step, which keeps its axis): the recurrent layer below becomes many-to-one.</summary>
        public static string? Slice(OnnxImport import, OnnxNode node)
        {
            double[]? Read(int slot, string attribute) => import.Opset < 10 ? import.Ints(node, attribute).Select(v => (double)v).ToArray() : import.Constant(node, slot)?.Values;
            var starts = Read(1, "starts");
            var ends = Read(2, "ends");
            var axes = Read(3, "axes");
            var strides = import.Opset < 10 ? null : Read(4, "steps");
            int stepAxis = import.Layout switch { StepLayout.BatchFirst => 1, StepLayout.TimeFirst => 0, _ => -1 };
            static bool One(double[]? values, Func<double, bool> holds) => values is { Length: 1 } && holds(values[0]);
            if (stepAxis < 0 || !One(axes, axis => axis == stepAxis) || !One(starts, start => IsLast(import, start)) || !One(ends, end => end >= import.Shape!.Width)
                || strides is { Length: > 0 } && !One(strides, stride => stride == 1))
                return $"a Slice of {Describe(import.Layout)} that is not the last step: NetGen reads only y[:, -1:] (or y[:, -1]) after a recurrent layer";
            import.Layout = stepAxis == 0 ? StepLayout.LeadingOne : StepLayout.SecondOne;
            return import.TakeLastStep(node);
        }

        private static bool IsLast(OnnxImport import, double index) => import.Shape is { IsSteps: true } steps && (index == -1 || index == steps.Width - 1);
    }
}
