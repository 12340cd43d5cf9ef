using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generators.Layers;
using NetGen.Generators.Model;
using static NetGen.Generators.DiagnosticDescriptors;

namespace NetGen.Generators.Rules
{
    /// <summary>
    /// NG0046 and NG0047: names that bind to nothing. The compiler's own error (CS0246 "could not be found", for an attribute
    /// as for an argument) says nothing about NetGen, so these warnings name what NetGen has, and the closest name when one is
    /// a likely slip ([Conv2d] for [Conv2D], [BatchNorm2D] for [BatchNorm], Dilatoin for Dilation). Warnings: the compiler's
    /// error already stops the build, and the network's other attributes still generate code for the rest of the project.
    /// </summary>
    internal static class NameRules
    {
        /// <summary>Names at most this many edits apart (ignoring case) are suggested; "BatchNorm2D" is two from "BatchNorm".</summary>
        private const int MaxSuggestionDistance = 2;

        public static void Check(NetworkSpec spec, NetworkRules.Reporter report)
        {
            string network = spec.Type.DisplayName;
            foreach (var unknown in spec.UnknownNames)
            {
                if (unknown.Attribute is null)
                {
                    report(UnknownAttribute, new RuleTarget(TargetKind.UnboundAttribute, unknown.Index), unknown.Written, network,
                        Suggestion(unknown.Written, LayerKinds.AttributeNames, name => $"[{name}]"), LayerKinds.ListText);
                    continue;
                }

                var (kind, where) = unknown.Attribute switch
                {
                    "Network" => (TargetKind.Network, "The [Network]"),
                    "Input" => (TargetKind.Input, "The [Input]"),
                    _ => (TargetKind.Layer, NetworkRules.LayerName(unknown.Index, unknown.Attribute,
                        spec.Layers.Take(unknown.Index + 1).Count(layer => layer.Kind == unknown.Attribute))),
                };
                report(UnknownArgument, new RuleTarget(kind, unknown.Index, unknown.Written), where, network, unknown.Written,
                    Suggestion(unknown.Written, unknown.Known, name => name), unknown.Attribute,
                    unknown.Known.Count == 0 ? "none" : string.Join(", ", unknown.Known));
            }
        }

        /// <summary>" (did you mean X?)" for the one closest known name within reach, else "".</summary>
        private static string Suggestion(string written, IEnumerable<string> known, Func<string, string> format)
        {
            var closest = known.Select(name => (Name: name, Distance: Distance(written.ToUpperInvariant(), name.ToUpperInvariant())))
                .Where(candidate => candidate.Distance <= MaxSuggestionDistance)
                .OrderBy(candidate => candidate.Distance).ToList();
            return closest.Count > 0 && (closest.Count == 1 || closest[1].Distance > closest[0].Distance) ? $" (did you mean {format(closest[0].Name)}?)" : "";
        }

        /// <summary>Levenshtein distance: the fewest insertions, deletions and substitutions that turn one string into the other.</summary>
        private static int Distance(string a, string b)
        {
            var previous = Enumerable.Range(0, b.Length + 1).ToArray();
            for (int i = 1; i <= a.Length; i++)
            {
                var current = new int[b.Length + 1];
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
            return previous[b.Length];
        }
    }
}
