using System.Text.Json;

namespace Harness.Grains.Chains.Execution;

/// <summary>
/// Evaluates edge conditions. References are written as templates and replaced by JSON literals first; the grammar is
/// <c>or := and ('||' and)*</c>, <c>and := not ('&amp;&amp;' not)*</c>, <c>not := '!' not | comparison</c>,
/// <c>comparison := operand (('=='|'!='|'&lt;'|'&lt;='|'&gt;'|'&gt;=') operand)?</c>, where an operand is a JSON value
/// (<c>"text"</c>, <c>3</c>, <c>true</c>, <c>null</c>, <c>[]</c>, <c>{"a": 1}</c>) or a parenthesised expression.
/// Equality compares JSON values deeply (numbers by value); ordering applies to two numbers or two strings. A lone
/// operand is true unless it is false, null, 0, an empty string, an empty array or an empty object.
/// </summary>
internal sealed class ChainConditionEvaluator
{
    private readonly string _text;
    private int _position;

    private ChainConditionEvaluator(string text) => _text = text;

    /// <summary>Evaluates <paramref name="condition"/> against the chain's values.</summary>
    /// <param name="condition">The condition, with templates.</param>
    /// <param name="values">The chain's values.</param>
    /// <returns>Whether it holds.</returns>
    public static bool Evaluate(string condition, IChainValueSource values)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var rendered = ChainTemplateRenderer.Render(condition, values, jsonLiterals: true);
        var parser = new ChainConditionEvaluator(rendered);
        var result = parser.ParseOr();
        parser.SkipSpace();
        if (parser._position < rendered.Length)
        {
            throw parser.Error($"unexpected '{rendered[parser._position..]}'");
        }

        return IsTruthy(result);
    }

    private static bool IsTruthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.Number => value.GetDouble() != 0,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        _ => true,
    };

    private static JsonElement Bool(bool value) => value ? True : False;

    private static readonly JsonElement True = JsonDocument.Parse("true").RootElement.Clone();

    private static readonly JsonElement False = JsonDocument.Parse("false").RootElement.Clone();

    private static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
        {
            return a.GetDouble() == b.GetDouble();
        }

        return JsonElement.DeepEquals(a, b);
    }

    private JsonElement ParseOr()
    {
        var left = ParseAnd();
        while (TryConsume("||"))
        {
            var right = ParseAnd();
            left = Bool(IsTruthy(left) || IsTruthy(right));
        }

        return left;
    }

    private JsonElement ParseAnd()
    {
        var left = ParseNot();
        while (TryConsume("&&"))
        {
            var right = ParseNot();
            left = Bool(IsTruthy(left) && IsTruthy(right));
        }

        return left;
    }

    private JsonElement ParseNot()
    {
        SkipSpace();
        if (_position < _text.Length && _text[_position] == '!' && (_position + 1 >= _text.Length || _text[_position + 1] != '='))
        {
            _position++;
            return Bool(!IsTruthy(ParseNot()));
        }

        return ParseComparison();
    }

    private JsonElement ParseComparison()
    {
        var left = ParseOperand();
        foreach (var op in (ReadOnlySpan<string>)["==", "!=", "<=", ">=", "<", ">"])
        {
            if (!TryConsume(op))
            {
                continue;
            }

            var right = ParseOperand();
            return op switch
            {
                "==" => Bool(JsonEquals(left, right)),
                "!=" => Bool(!JsonEquals(left, right)),
                _ => Bool(Compare(left, right, op)),
            };
        }

        return left;
    }

    private bool Compare(JsonElement left, JsonElement right, string op)
    {
        int order;
        if (left.ValueKind == JsonValueKind.Number && right.ValueKind == JsonValueKind.Number)
        {
            order = left.GetDouble().CompareTo(right.GetDouble());
        }
        else if (left.ValueKind == JsonValueKind.String && right.ValueKind == JsonValueKind.String)
        {
            order = string.CompareOrdinal(left.GetString(), right.GetString());
        }
        else
        {
            throw Error($"'{op}' compares two numbers or two strings, not {left.ValueKind} and {right.ValueKind}");
        }

        return op switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
    }

    private JsonElement ParseOperand()
    {
        SkipSpace();
        if (_position >= _text.Length)
        {
            throw Error("an operand is missing at the end");
        }

        if (_text[_position] == '(')
        {
            _position++;
            var inner = ParseOr();
            if (!TryConsume(")"))
            {
                throw Error("')' is missing");
            }

            return inner;
        }

        var length = ValueLength(_position);
        var literal = _text.Substring(_position, length);
        try
        {
            using var document = JsonDocument.Parse(literal);
            _position += length;
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Error($"'{literal}' is not a JSON value (quote text: \"{literal}\")");
        }
    }

    /// <summary>The length of the JSON value starting at <paramref name="start"/>: a string, a bracketed value or a bare word.</summary>
    private int ValueLength(int start)
    {
        var first = _text[start];
        if (first is not ('"' or '[' or '{'))
        {
            var end = start;
            while (end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] is '.' or '-' or '+'))
            {
                end++;
            }

            return Math.Max(1, end - start);
        }

        var depth = 0;
        var inString = false;
        for (var i = start; i < _text.Length; i++)
        {
            var c = _text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                    if (depth == 0)
                    {
                        return i - start + 1;
                    }
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}' && --depth == 0)
            {
                return i - start + 1;
            }
        }

        throw Error($"'{_text[start..]}' is not closed");
    }

    private bool TryConsume(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _position, token, 0, token.Length) != 0)
        {
            return false;
        }

        _position += token.Length;
        return true;
    }

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private ChainTemplateException Error(string problem) =>
        new($"Condition '{_text}' cannot be evaluated: {problem}.");
}
