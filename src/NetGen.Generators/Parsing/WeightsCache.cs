using System;
using System.Collections.Generic;
using System.Threading;
using NetGen.Generators.Model;

namespace NetGen.Generators.Parsing
{
    /// <summary>
    /// Weights files already read, by content and by the network layout they were read for, so that an unchanged file
    /// is parsed once rather than at every compilation (the analyzer runs on each keystroke in an editor).
    /// </summary>
    internal sealed class WeightsCache : ContentCache<BakedWeights>
    {
        /// <summary>A cache holding at most <paramref name="capacity"/> results.</summary>
        public WeightsCache(int capacity) : base(capacity)
        {
        }

        /// <summary>The cache the generator and the analyzer share within one compiler or editor process.</summary>
        public static WeightsCache Shared { get; } = new(capacity: 32);
    }

    /// <summary>
    /// Results of reading files (weights, models), by content and by what they were read for. Bounded: past
    /// <see cref="Capacity"/> entries the oldest is dropped. Safe to use from concurrent analyzer callbacks.
    /// </summary>
    internal class ContentCache<TResult> where TResult : class
    {
        private readonly Dictionary<string, TResult> _entries = new(StringComparer.Ordinal);
        private readonly Queue<string> _age = new();
        private readonly object _lock = new();
        private int _reads;

        /// <summary>A cache holding at most <paramref name="capacity"/> results.</summary>
        public ContentCache(int capacity)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "It must be positive.");
            Capacity = capacity;
        }

        /// <summary>How many results it keeps.</summary>
        public int Capacity { get; }

        /// <summary>How many times a file was actually read (a miss): what the cache saves is every other lookup.</summary>
        public int Reads => _reads;

        /// <summary>
        /// The result for this content and layout: from the cache, or from <paramref name="read"/>, which runs outside the
        /// lock (two threads may both read a new file; both get the same result, and one is kept).
        /// </summary>
        public TResult GetOrRead(string contentKey, string layoutKey, Func<TResult> read)
        {
            string key = contentKey + "\n" + layoutKey;
            lock (_lock)
                if (_entries.TryGetValue(key, out var cached)) return cached;

            var result = read();
            Interlocked.Increment(ref _reads);
            lock (_lock)
            {
                if (_entries.ContainsKey(key)) return result;
                if (_entries.Count == Capacity) _entries.Remove(_age.Dequeue());
                _entries.Add(key, result);
                _age.Enqueue(key);
            }
            return result;
        }
    }
}
