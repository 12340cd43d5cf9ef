using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace NetGen.Roslyn43.Tests
{
    /// <summary>
    /// Loads analyzer assemblies as the .NET compiler's own loader does (Roslyn's <c>DefaultAnalyzerAssemblyLoader</c>,
    /// internal to the compiler): one load context per analyzer folder; the compiler's assemblies, and anything not
    /// registered as a dependency, come from the compiler's context. So an analyzer built against a newer
    /// Microsoft.CodeAnalysis than the host's fails to load here exactly as it would in that compiler.
    /// </summary>
    internal sealed class CompilerLikeAssemblyLoader : IAnalyzerAssemblyLoader
    {
        /// <summary>The assemblies a compiler always takes from itself, never from an analyzer's folder.</summary>
        private static readonly HashSet<string> CompilerAssemblies = new(StringComparer.OrdinalIgnoreCase)
        {
            "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp", "Microsoft.CodeAnalysis.VisualBasic",
            "System.Collections.Immutable", "System.Reflection.Metadata",
        };

        private readonly HashSet<string> _dependencies = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, DirectoryLoadContext> _contexts = new(StringComparer.Ordinal);

        public void AddDependencyLocation(string fullPath) => _dependencies.Add(fullPath);

        public Assembly LoadFromPath(string fullPath)
        {
            string directory = Path.GetDirectoryName(fullPath)!;
            if (!_contexts.TryGetValue(directory, out var context))
                _contexts[directory] = context = new DirectoryLoadContext(directory, this);
            return context.LoadFromAssemblyName(AssemblyName.GetAssemblyName(fullPath));
        }

        private sealed class DirectoryLoadContext : AssemblyLoadContext
        {
            private readonly string _directory;
            private readonly CompilerLikeAssemblyLoader _loader;

            public DirectoryLoadContext(string directory, CompilerLikeAssemblyLoader loader)
                : base($"analyzers in {directory}", isCollectible: false)
            {
                _directory = directory;
                _loader = loader;
            }

            protected override Assembly? Load(AssemblyName assemblyName)
            {
                string path = Path.Combine(_directory, assemblyName.Name + ".dll");
                if (CompilerAssemblies.Contains(assemblyName.Name!) || !_loader._dependencies.Contains(path))
                    return Default.LoadFromAssemblyName(assemblyName);
                return LoadFromAssemblyPath(path);
            }
        }
    }
}
