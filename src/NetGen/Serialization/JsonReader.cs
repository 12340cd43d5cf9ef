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
            if (reader._position != text.Length) throw reader.Error($"expected the end of the text after the value but found {reader.Found()}");
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
                case 't' when TryTakeWord("true"): return true;
                case 'f' when TryTakeWord("false"): return false;
                case 'n' when TryTakeWord("null"): return null;
                default:
                    if (c == '-' || IsDigit(c)) return Number();
                    throw Error($"expected a value (an object, array, string, number, true, false or null) but found {Found()}");
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
                if (_position >= _text.Length || _text[_position] != '"') throw Error($"expected a property name in double quotes but found {Found()}");
                string key = String();
                SkipWhitespace();
                if (!TryTake(':')) throw Error($"expected ':' after the property name but found {Found()}");
                if (result.ContainsKey(key)) throw Error($"the property \"{key}\" appears twice");
                result[key] = Value(depth + 1);
                SkipWhitespace();
            }
            while (TryTake(','));
            if (!TryTake('}')) throw Error($"expected ',' or '}}' after a property's value but found {Found()}");
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
            if (!TryTake(']')) throw Error($"expected ',' or ']' after an array element but found {Found()}");
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

        /// <summary>A number by RFC 8259's grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</summary>
        private double Number()
        {
            int start = _position;
            TryTake('-');
            if (_position >= _text.Length || !IsDigit(_text[_position])) throw NumberError(start, "a digit must follow the minus sign");
            if (TryTake('0'))
            {
                if (_position < _text.Length && IsDigit(_text[_position])) throw NumberError(start, "a number must not start with 0 followed by more digits");
            }
            else SkipDigits();
            if (TryTake('.') && SkipDigits() == 0) throw NumberError(start, "a digit must follow the decimal point");
            if (TryTake('e') || TryTake('E'))
            {
                if (!TryTake('+')) TryTake('-');
                if (SkipDigits() == 0) throw NumberError(start, "a digit must follow the exponent's e");
            }

            string token = _text.Substring(start, _position - start);
            double value = double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(value)) throw NumberError(start, "it is too large for a double (|x| ≤ 1.7976931348623157E+308)");
            return value;
        }

        private int SkipDigits()
        {
            int start = _position;
            while (_position < _text.Length && IsDigit(_text[_position])) _position++;
            return _position - start;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        /// <summary>The number's text and what is wrong with it, at the position where the number starts.</summary>
        private InvalidDataException NumberError(int start, string reason)
        {
            int end = _position;
            while (end < _text.Length && (IsDigit(_text[end]) || _text[end] is '.' or 'e' or 'E' or '+' or '-')) end++;
            _position = start;
            return Error($"'{_text.Substring(start, end - start)}' is not a JSON number: {reason}");
        }

        private bool TryTakeWord(string word)
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0) return false;
            _position += word.Length;
            return true;
        }

        /// <summary>The text at the position, for an error message: a few characters in quotes, or "the end of the text".</summary>
        private string Found()
        {
            if (_position >= _text.Length) return "the end of the text";
            int length = Math.Min(12, _text.Length - _position);
            return $"'{_text.Substring(_position, length)}{(length < _text.Length - _position ? "…" : "")}'";
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
