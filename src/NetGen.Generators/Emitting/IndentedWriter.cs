using System;
using System.Text;

namespace NetGen.Generators.Emitting
{
    /// <summary>Writes C# text line by line with four-space indentation and "\n" line ends, so output is identical on every OS.</summary>
    internal sealed class IndentedWriter
    {
        private readonly StringBuilder _text = new();
        private int _depth;

        public void Line(string line = "")
        {
            if (line.Length > 0) _text.Append(' ', _depth * 4).Append(line);
            _text.Append('\n');
        }

        public void Comment(string comment) => Line(comment.Length == 0 ? "//" : "// " + comment);

        /// <summary>
        /// Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed, which closes
        /// the brace followed by <paramref name="closing"/> (";" after an initializer).
        /// </summary>
        public Scope Block(string header, string closing = "")
        {
            Line(header);
            Line("{");
            _depth++;
            return new Scope(this, closing);
        }

        public override string ToString() => _text.ToString();

        public readonly struct Scope : IDisposable
        {
            private readonly IndentedWriter _writer;
            private readonly string _closing;

            public Scope(IndentedWriter writer, string closing)
            {
                _writer = writer;
                _closing = closing;
            }

            public void Dispose()
            {
                _writer._depth--;
                _writer.Line("}" + _closing);
            }
        }
    }
}
