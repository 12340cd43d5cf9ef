using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetGen.Onnx
{
    /// <summary>What a value between two layers is: it decides the ONNX rank and the nodes that reshape it.</summary>
    internal enum ValueKind { Vector, Sequence, Image, Steps }

    /// <summary>
    /// A network's <see cref="IInferenceNetwork{T}.Architecture"/> line read back into its input and layers: the line is
    /// the complete description generated code carries (weight files rely on it naming every setting), written by the
    /// generator's <c>LayerSpec.Describe</c>, e.g. "1×12×12 → Conv2D 4 3×3 s2 p1 Tanh → MaxPool2D 2 → Dense 10 Softmax;
    /// CategoricalCrossEntropy; float".
    /// </summary>
    internal sealed class ArchitectureLine
    {
        private ArchitectureLine(ValueKind inputKind, int[] inputDimensions, IReadOnlyList<LayerWords> layers)
        {
            InputKind = inputKind;
            InputDimensions = inputDimensions;
            Layers = layers;
        }

        public ValueKind InputKind { get; }

        /// <summary>The input's dimensions without the batch: [F], [C, L], [C, H, W] or [L, F] for steps.</summary>
        public int[] InputDimensions { get; }

        public IReadOnlyList<LayerWords> Layers { get; }

        public static ArchitectureLine Parse(string architecture)
        {
            string chain = architecture.Split(';')[0];
            string[] parts = chain.Split(new[] { " → " }, StringSplitOptions.None);
            var (kind, dimensions) = Input(parts[0].Trim(), architecture);
            var layers = parts.Skip(1).Select((text, index) => new LayerWords(index, text.Trim())).ToArray();
            return new ArchitectureLine(kind, dimensions, layers);
        }

        private static (ValueKind, int[]) Input(string text, string architecture)
        {
            if (text.Contains(" step"))
            {
                // "28 steps×16": L steps of F features.
                string[] halves = text.Split('×');
                return (ValueKind.Steps, new[] { Integer(halves[0].Split(' ')[0], architecture), Integer(halves[1], architecture) });
            }
            int[] sizes = text.Split('×').Select(s => Integer(s, architecture)).ToArray();
            return sizes.Length switch
            {
                1 => (ValueKind.Vector, sizes),
                2 => (ValueKind.Sequence, sizes),
                3 => (ValueKind.Image, sizes),
                _ => throw new ArgumentException($"The architecture \"{architecture}\" has an input shape '{text}' that NetGen does not write.", "network"),
            };
        }

        internal static int Integer(string text, string context) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
                ? value
                : throw new ArgumentException($"'{text}' in \"{context}\" is not a size.", "network");
    }

    /// <summary>One layer of an architecture line as its words, e.g. "Conv2D", "8", "3×3", "s2", "p1", "Tanh".</summary>
    internal sealed class LayerWords
    {
        private readonly string[] _words;

        public LayerWords(int index, string text)
        {
            Index = index;
            Text = text;
            _words = text.Split(' ');
        }

        /// <summary>The layer's number: its tensors' state_dict keys are "layers.{Index}.name".</summary>
        public int Index { get; }

        public string Text { get; }

        public string Kind => _words[0];

        /// <summary>The word after the kind (units, filters, a window, a ratio).</summary>
        public string Size => _words.Length > 1 ? _words[1] : throw Unreadable("has no size");

        /// <summary>The last word: the activation label of Dense, convolution and BatchNorm layers, e.g. "LeakyReLU(s=0.1)".</summary>
        public string Last => _words[_words.Length - 1];

        public bool Has(string word) => Array.IndexOf(_words, word) >= 0;

        /// <summary>Two adjacent words, e.g. "no bias", "per channel".</summary>
        public bool Has(string first, string second)
        {
            for (int i = 0; i + 1 < _words.Length; i++)
                if (_words[i] == first && _words[i + 1] == second) return true;
            return false;
        }

        /// <summary>A setting written as a letter and a size or a pair ("s2", "s2×1", "d2", "p1", "g4"), or null.</summary>
        public int[]? Setting(char letter)
        {
            foreach (string word in _words.Skip(1))
                if (word.Length > 1 && word[0] == letter && char.IsDigit(word[1]))
                    return word.Substring(1).Split('×').Select(s => ArchitectureLine.Integer(s, Text)).ToArray();
            return null;
        }

        /// <summary>A named number written "name=value" ("m=0.2", "ε=0.001"), or null.</summary>
        public double? Named(string name)
        {
            foreach (string word in _words)
                if (word.StartsWith(name + "=", StringComparison.Ordinal))
                    return Number(word.Substring(name.Length + 1));
            return null;
        }

        /// <summary>Sizes written "3×5" (or "3" for a square or a 1-D window), after an optional prefix ("k3").</summary>
        public static int[] Sizes(string word, string context) =>
            word.TrimStart('k').Split('×').Select(s => ArchitectureLine.Integer(s, context)).ToArray();

        public double Number(string text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : throw Unreadable($"has '{text}' where a number belongs");

        public ArgumentException Unreadable(string problem) =>
            new($"The layer \"{Text}\" {problem}; OnnxModel reads the architecture lines NetGen's generator writes.", "network");
    }
}
