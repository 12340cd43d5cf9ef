using System.Linq;
using NetGen.Generators.Model;

namespace NetGen.Generators.Emitting
{
    /// <summary>
    /// What a network's memory costs, known at compile time: the bytes of its parameters and buffers, of the per-thread
    /// workspaces its calls allocate once and of the batch workspace BackwardBatch rents, as public constants and as a
    /// table in the file header (what an embedded or game developer budgets).
    /// </summary>
    internal sealed partial class NetworkEmitter
    {
        /// <summary>One memory fact: its constant, the expression that defines it, its value and what the header says of it.</summary>
        private readonly struct MemoryFact
        {
            public MemoryFact(string constant, string definition, int bytes, string label, string where, string summary)
            {
                Constant = constant;
                Definition = definition;
                Bytes = bytes;
                Label = label;
                Where = where;
                Summary = summary;
            }

            public string Constant { get; }
            public string Definition { get; }
            public int Bytes { get; }
            public string Label { get; }
            public string Where { get; }
            public string Summary { get; }
        }

        /// <summary>The memory facts of this network, in the order the header and the class list them.</summary>
        private MemoryFact[] MemoryFacts()
        {
            int size = _t.Bytes;
            string sizeOf = $"sizeof({_t.Name})";
            string parameterHome = _layout.Frozen
                ? _layout.ConstantSpans ? "constants in the assembly's data section" : "a static array of constants"
                : _layout.Buffer == BufferStrategy.Array ? "an array allocated with the network" : "inside the network object";
            if (_layout.BakedWeights is not null && !_layout.Frozen) parameterHome += ", and again as the weights file's constants";
            if (!_layout.Folds.IsEmpty) parameterHome += $", and {Text(_layout.ParameterCount)} folded values beside them";
            var facts = new System.Collections.Generic.List<MemoryFact>
            {
                new("ParameterBytes", $"ParameterCount * {sizeOf}", _declared.ParameterCount * size, "parameters", parameterHome,
                    $"The bytes of the parameters (ParameterCount × sizeof({_t.Name})), {parameterHome}."),
                new("BufferBytes", _declared.BufferCount == 0 ? "0" : $"{(_layout.Frozen ? Text(_declared.BufferCount) : "BufferCount")} * {sizeOf}",
                    _declared.BufferCount * size, "buffers", _declared.BufferCount == 0 ? "none" : _layout.Frozen ? "constants, as the parameters" : "an array allocated with the network",
                    "The bytes of the buffers (BatchNorm's running statistics); 0 without buffers."),
                new("WorkspaceBytes", _layout.WorkspaceLength == 0 ? "0" : $"WorkspaceLength * {sizeOf}", _layout.WorkspaceLength * size, "workspace",
                    _layout.WorkspaceLength == 0 ? "none: every value is a local or on the stack"
                        : "per thread, allocated on the first call that uses it",
                    _layout.StreamingOnly
                        ? "The bytes of the per-thread workspace of Step and ForwardSequence (a step's records), allocated on a thread's first " +
                          "call and kept; 0 when every value is a local or on the stack."
                        : "The bytes of the per-thread workspace of Forward, ComputeLoss, Backward, BackwardFromOutput and TrainStep (the maps' z, a " +
                          "and δ; a recurrent network's steps and per-step records, which Step, ForwardSequence and the batched calls use too), " +
                          "allocated on a thread's first call and kept; 0 when every value is a local or on the stack."),
            };
            if (!_layout.StreamingOnly) // a streaming-only network has no batches, so no tile workspace
                facts.Add(new("BatchWorkspaceBytes", $"TileWorkspaceLength * {sizeOf}", TileValuesPerRow * NetGen.GeneratedCode.BatchTiling.Rows * size, "tile workspace",
                    "per thread, allocated on its first ForwardBatch",
                    "The bytes of the per-thread tile workspace of ForwardBatch (TileRows samples' A and Z of every layer), allocated on a " +
                    "thread's first batch and kept."));
            if (_layout.Frozen || _layout.StreamingOnly) return facts.ToArray();
            facts.Add(new("BackwardBatchBytesPerSample", $"{ValuesPerSample} * {sizeOf}", ValuesPerSample * size, "BackwardBatch",
                "per sample, rented from the shared array pool by each call",
                "The bytes of BackwardBatch's workspace per sample (A, Z and Δ of every layer): a batch of N samples rents N × this " +
                "plus BatchStatisticsBytes from the shared array pool (which rounds up to a power of two and keeps the array)."));
            facts.Add(new("BatchStatisticsBytes", _layout.StatisticsLength == 0 ? "0" : $"{_layout.StatisticsLength} * {sizeOf}",
                _layout.StatisticsLength * size, "batch statistics",
                _layout.StatisticsLength == 0 ? "none" : "per BackwardBatch call, in the same rented array",
                "The bytes of the batch-wide statistics (BatchNorm's) in BackwardBatch's workspace, after the samples' values; 0 without BatchNorm."));
            return facts.ToArray();
        }

        /// <summary>The header's memory table: each fact's bytes, and where they live.</summary>
        private void EmitMemoryHeader()
        {
            var facts = MemoryFacts();
            _w.Comment("Memory, in bytes (the constants " + string.Join(", ", facts.Select(f => f.Constant)) + "):");
            int labelWidth = facts.Max(f => f.Label.Length), bytesWidth = facts.Max(f => Text(f.Bytes).Length);
            foreach (var fact in facts)
                _w.Comment($"  {fact.Label.PadRight(labelWidth)}  {Text(fact.Bytes).PadLeft(bytesWidth)}  {fact.Where}");
        }

        /// <summary>The memory facts as public constants, each defined from the sizes it multiplies.</summary>
        private void EmitMemoryConstants()
        {
            foreach (var fact in MemoryFacts())
            {
                _w.Line($"/// <summary>{fact.Summary}</summary>");
                _w.Line($"public const int {fact.Constant} = {fact.Definition};");
                _w.Line();
            }
        }
    }
}
