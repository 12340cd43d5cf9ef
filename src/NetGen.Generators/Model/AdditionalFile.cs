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

        /// <summary>
        /// The file's bytes, for binary files (ONNX models and tensors); null when unreadable. The compiler hands every
        /// AdditionalFiles item over as text and refuses binary ones (CS2015), so NetGen's build targets pass a binary file
        /// as its Base64 copy, "name.onnx.base64", decoded here. Other text is turned back into the bytes it was decoded from
        /// (its encoding; one byte per character when it has none, as text made in memory).
        /// </summary>
        public byte[]? ReadBytes()
        {
            if (_text is null) return null;
            string text = _text.ToString();
            if (Path.EndsWith(Base64Extension, StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    return Convert.FromBase64String(text.Trim());
                }
                catch (FormatException)
                {
                    return null;
                }
            }

            if (_text.Encoding is { } encoding) return encoding.GetBytes(text);
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] > 0xFF) return null;
                bytes[i] = (byte)text[i];
            }
            return bytes;
        }

        /// <summary>What NetGen's build targets append to the name of a binary AdditionalFiles item's Base64 copy.</summary>
        public const string Base64Extension = ".base64";

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
