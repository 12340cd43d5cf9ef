using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NetGen.Generators.Rules
{
    /// <summary>Which part of a declaration a violation is about; the analyzer turns it into a source location.</summary>
    internal enum TargetKind
    {
        /// <summary>The type's name.</summary>
        Type,
        /// <summary>The [Network] attribute.</summary>
        Network,
        /// <summary>The [Input] attribute at <see cref="RuleTarget.Index"/>.</summary>
        Input,
        /// <summary>The layer attribute (any of <see cref="Layers.LayerKinds"/>) at <see cref="RuleTarget.Index"/> among all of them.</summary>
        Layer,
        /// <summary>The containing type at <see cref="RuleTarget.Index"/> (outermost is 0).</summary>
        ContainingType,
        /// <summary>The user's member named <see cref="RuleTarget.Argument"/> ("Name()" and "Name(int)" for constructors).</summary>
        Member,
        /// <summary>The attribute at <see cref="RuleTarget.Index"/> among the type's attributes that bind to no type.</summary>
        UnboundAttribute,
    }

    /// <summary>A place in the declaration: an attribute (by kind and position) and optionally one of its arguments.</summary>
    /// <param name="Argument">A constructor parameter name (e.g. "units") or a named property (e.g. "Slope"); null for the whole attribute.</param>
    internal sealed record RuleTarget(TargetKind Kind, int Index = 0, string? Argument = null);

    /// <summary>One broken rule: which diagnostic, where, the message arguments, and the activation a code fix would write.</summary>
    internal sealed record Violation(DiagnosticDescriptor Descriptor, RuleTarget Target, ImmutableArray<object> MessageArguments, Activation? FixActivation = null)
    {
        public bool IsError => Descriptor.DefaultSeverity == DiagnosticSeverity.Error;
    }
}
