namespace CancelGateway.Selection.Internal;

/// <summary>
/// Recursive descent over the AIP-160 subset described in docs/selection.md:
/// <code>
/// expression = factor { "AND" factor }
/// factor     = term { "OR" term }
/// term       = ( "NOT" | "-" ) term | "(" expression ")" | comparison
/// comparison = field operator value
/// </code>
/// As AIP-160 defines it, OR binds tighter than AND: <c>a AND b OR c</c> is <c>a AND (b OR c)</c>.
/// Terms side by side without AND or OR are refused (AIP-160's implicit AND is left out: in a
/// filter that cancels runs, a forgotten quote or operator should be an error, not a narrower match).
/// The first problem throws a <see cref="FilterSyntaxException"/> with its position.
/// </summary>
internal sealed partial class FilterParser
{
    private readonly string _text;
    private int _position;
    private int _depth;

    private FilterParser(string text) => _text = text;

    private bool AtEnd => _position >= _text.Length;

    /// <summary>Parses a whole filter; the text is not empty and within <see cref="RunFilter.MaxLength"/>.</summary>
    public static FilterNode Parse(string text)
    {
        var parser = new FilterParser(text);
        var root = parser.ParseExpression("at the start of the filter");
        if (!parser.AtEnd)
        {
            // ParseExpression stops only at the end or at a ')': this one closes nothing.
            throw Error(parser._position, "')' has no matching '('");
        }

        return root;
    }

    private FilterNode ParseExpression(string context)
    {
        var factors = new List<FilterNode> { ParseFactor(context) };
        while (true)
        {
            SkipSpace();
            if (AtEnd || Peek() == ')')
            {
                return factors.Count == 1 ? factors[0] : new AllOf(factors);
            }

            if (!TryKeyword("AND"))
            {
                throw MissingJoin();
            }

            factors.Add(ParseFactor("after AND"));
        }
    }

    private FilterNode ParseFactor(string context)
    {
        var terms = new List<FilterNode> { ParseTerm(context) };
        while (true)
        {
            SkipSpace();
            if (!TryKeyword("OR"))
            {
                return terms.Count == 1 ? terms[0] : new AnyOf(terms);
            }

            terms.Add(ParseTerm("after OR"));
        }
    }

    private FilterNode ParseTerm(string context)
    {
        SkipSpace();
        var start = _position;
        if (Peek() == '-')
        {
            _position++;
            return Nested(start, () => new Negation(ParseTerm("after '-'")));
        }

        if (TryKeyword("NOT"))
        {
            return Nested(start, () => new Negation(ParseTerm("after NOT")));
        }

        if (Peek() == '(')
        {
            _position++;
            return Nested(start, () =>
            {
                var inner = ParseExpression("after '('");
                if (AtEnd)
                {
                    throw Error(start, "'(' is never closed; add a ')'");
                }

                _position++;
                return inner;
            });
        }

        return ParseComparison(context);
    }

    /// <summary>Parses a nested term, one level deeper; the cap keeps "((((…" from exhausting the stack.</summary>
    private FilterNode Nested(int start, Func<FilterNode> parse)
    {
        if (++_depth > RunFilter.MaxDepth)
        {
            throw Error(start, $"the filter nests deeper than {RunFilter.MaxDepth} levels of parentheses and NOT; flatten it");
        }

        var node = parse();
        _depth--;
        return node;
    }

    private FilterSyntaxException MissingJoin()
    {
        var at = _position;
        var word = PeekIdentifier();
        if (word is "NOT")
        {
            return Error(at, "NOT cannot join two terms; write AND NOT or OR NOT");
        }

        if (word.ToUpperInvariant() is "AND" or "OR" or "NOT")
        {
            return Error(at, $"keywords are upper case: write {word.ToUpperInvariant()}");
        }

        return Error(at, $"expected AND or OR before {Describe(at)}; join terms with AND or OR (a space alone does not), and quote values that contain spaces");
    }

    private static FilterSyntaxException Error(int position, string problem) => new(position, problem);
}
