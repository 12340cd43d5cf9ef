using System;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Generators.Model
{
    /// <summary>
    /// An AdditionalFiles item the generator may read weights from, equal to another when the path and the content are:
    /// the content is compared by the compiler's checksum of the text, so an unchanged file neither re-runs the pipeline
    /// nor is read again (<see cref="Parsing.WeightsCache"/>).
    /// </summary>
    internal sealed class AdditionalFile : IEquatable<AdditionalFile>
    {
        private readonly SourceText? _text;

        /// <summary>Wraps the compiler's text; null when the file could not be read.</summary>
        public AdditionalFile(string path, SourceText? text)
        {
            Path = path;
            _text = text;
            ContentKey = text is null ? "" : ChecksumText(text);
        }

        /// <summary>The path as the project gives it.</summary>
        public string Path { get; }

        /// <summary>Whether the compiler could read the file.</summary>
        public bool IsReadable => _text is not null;

        /// <summary>The content's checksum and its algorithm: the same text gives the same key. Empty when unreadable.</summary>
        public string ContentKey { get; }

        /// <summary>The text; null when unreadable. Materialised on each call: call it only to parse.</summary>
        public string? ReadText() => _text?.ToString();

        /// <summary>Reads an AdditionalFiles item as the compiler gives it.</summary>
        public static AdditionalFile From(AdditionalText file, CancellationToken cancellationToken) =>
            new(file.Path, file.GetText(cancellationToken));

        /// <inheritdoc/>
        public bool Equals(AdditionalFile? other) =>
            other is not null && Path == other.Path && IsReadable == other.IsReadable && ContentKey == other.ContentKey;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as AdditionalFile);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Path) * 31 + StringComparer.Ordinal.GetHashCode(ContentKey);

        private static string ChecksumText(SourceText text)
        {
            var checksum = text.GetChecksum();
            var key = new StringBuilder(text.ChecksumAlgorithm.ToString()).Append(':');
            foreach (byte b in checksum) key.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return key.ToString();
        }
    }
}
