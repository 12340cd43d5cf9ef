using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetGen
{
    /// <summary>
    /// A small, strict JSON reader (RFC 8259) into dictionaries, lists, doubles, strings, booleans and null: enough for
    /// state_dict files, without a package dependency in the runtime that games and devices ship.
    /// </summary>
    internal sealed class JsonReader
    {
        private readonly string _text;
        private int _position;

        private JsonReader(string text) => _text = text;

        /// <exception cref="InvalidDataException">The text is not valid JSON; the message gives the position.</exception>
        public static object? Parse(string text)
        {
            var reader = new JsonReader(text);
            var value = reader.Value(depth: 0);
            reader.SkipWhitespace();
            if (reader._position != text.Length) throw reader.Error("unexpected text after the value");
            return value;
        }

        private object? Value(int depth)
        {
            if (depth > 64) throw Error("nesting is too deep");
            SkipWhitespace();
            if (_position >= _text.Length) throw Error("the text ends where a value should be");
            char c = _text[_position];
            switch (c)
            {
                case '{': return Object(depth);
                case '[': return Array(depth);
                case '"': return String();
                case 't': Expect("true"); return true;
                case 'f': Expect("false"); return false;
                case 'n': Expect("null"); return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return Number();
                    throw Error($"unexpected '{c}'");
            }
        }

        private Dictionary<string, object?> Object(int depth)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            _position++;
            SkipWhitespace();
            if (TryTake('}')) return result;
            do
            {
                SkipWhitespace();
                if (_position >= _text.Length || _text[_position] != '"') throw Error("expected a property name");
                string key = String();
                SkipWhitespace();
                if (!TryTake(':')) throw Error("expected ':'");
                if (result.ContainsKey(key)) throw Error($"the property \"{key}\" appears twice");
                result[key] = Value(depth + 1);
                SkipWhitespace();
            }
            while (TryTake(','));
            if (!TryTake('}')) throw Error("expected ',' or '}'");
            return result;
        }

        private List<object?> Array(int depth)
        {
            var result = new List<object?>();
            _position++;
            SkipWhitespace();
            if (TryTake(']')) return result;
            do
            {
                result.Add(Value(depth + 1));
                SkipWhitespace();
            }
            while (TryTake(','));
            if (!TryTake(']')) throw Error("expected ',' or ']'");
            return result;
        }

        private string String()
        {
            var result = new StringBuilder();
            _position++;
            while (true)
            {
                if (_position >= _text.Length) throw Error("a string is not closed");
                char c = _text[_position++];
                if (c == '"') return result.ToString();
                if (c < ' ') throw Error("a control character in a string");
                if (c != '\\')
                {
                    result.Append(c);
                    continue;
                }

                if (_position >= _text.Length) throw Error("a string is not closed");
                char escape = _text[_position++];
                switch (escape)
                {
                    case '"': case '\\': case '/': result.Append(escape); break;
                    case 'b': result.Append('\b'); break;
                    case 'f': result.Append('\f'); break;
                    case 'n': result.Append('\n'); break;
                    case 'r': result.Append('\r'); break;
                    case 't': result.Append('\t'); break;
                    case 'u':
                        if (_position + 4 > _text.Length ||
                            !ushort.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort code))
                            throw Error("a bad \\u escape");
                        result.Append((char)code);
                        _position += 4;
                        break;
                    default: throw Error($"a bad escape '\\{escape}'");
                }
            }
        }

        private double Number()
        {
            int start = _position;
            if (_text[_position] == '-') _position++;
            while (_position < _text.Length && "0123456789.eE+-".IndexOf(_text[_position]) >= 0) _position++;
            string token = _text.Substring(start, _position - start);
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsInfinity(value))
                throw Error($"'{token}' is not a number");
            return value;
        }

        private void Expect(string word)
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0) throw Error($"expected '{word}'");
            _position += word.Length;
        }

        private bool TryTake(char c)
        {
            if (_position < _text.Length && _text[_position] == c)
            {
                _position++;
                return true;
            }
            return false;
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r') _position++;
        }

        private InvalidDataException Error(string message) => new($"Not valid JSON at character {_position}: {message}.");
    }
}
