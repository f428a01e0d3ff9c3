using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>
/// ListPipelineJobsRequest.filter, the part of AIP-160 pipelineJobs.list documents: comparisons of
/// <c>create_time</c>, <c>update_time</c>, <c>end_time</c> (RFC 3339; <c>= != &lt; &gt; &lt;= &gt;=</c>),
/// <c>state</c>, <c>pipeline_name</c> (<c>= !=</c>), <c>display_name</c> (<c>= !=</c> and the <c>:</c>
/// wildcard) and <c>labels.{key}</c> (<c>= !=</c>), joined by <c>AND</c> and <c>OR</c> (OR binds
/// tighter, AIP-160). Anything else (another field, an operator a field does not support, a bad
/// time, parentheses, NOT) is 400 INVALID_ARGUMENT, as Vertex answers a filter it cannot apply.
/// </summary>
internal sealed partial class VertexListFilter
{
    private readonly IReadOnlyList<IReadOnlyList<Func<VertexRunSnapshot, bool>>> _conjunction;

    private VertexListFilter(IReadOnlyList<IReadOnlyList<Func<VertexRunSnapshot, bool>>> conjunction) => _conjunction = conjunction;

    /// <summary>The filter that keeps every job.</summary>
    public static VertexListFilter None { get; } = new([]);

    /// <summary>Parses the query parameter.</summary>
    public static VertexListFilter Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return None;
        }

        var tokens = Tokenize(text);
        var conjunction = new List<IReadOnlyList<Func<VertexRunSnapshot, bool>>>();
        var disjunction = new List<Func<VertexRunSnapshot, bool>>();
        var i = 0;
        while (true)
        {
            if (tokens.Count - i < 3)
            {
                throw Invalid(text, "expected a comparison: field, operator, value");
            }

            disjunction.Add(Comparison(tokens[i], tokens[i + 1], tokens[i + 2], text));
            i += 3;
            if (i == tokens.Count)
            {
                break;
            }

            switch (tokens[i])
            {
                case { Quoted: false, Text: "AND" }:
                    conjunction.Add(disjunction);
                    disjunction = [];
                    break;
                case { Quoted: false, Text: "OR" }:
                    break;
                default:
                    throw Invalid(text, $"expected AND or OR, found {tokens[i].Text}");
            }

            i++;
        }

        conjunction.Add(disjunction);
        return new VertexListFilter(conjunction);
    }

    /// <summary>Whether <paramref name="job"/> passes.</summary>
    public bool Matches(VertexRunSnapshot job) => _conjunction.All(any => any.Any(test => test(job)));

    private static Func<VertexRunSnapshot, bool> Comparison(Token field, Token op, Token value, string text)
    {
        if (field.Quoted || value.Text is "AND" or "OR" && !value.Quoted)
        {
            throw Invalid(text, $"expected a comparison, found {field.Text} {op.Text} {value.Text}");
        }

        switch (field.Text)
        {
            case "create_time":
                return Time(job => job.CreateTime, op, value, text);
            case "update_time":
                return Time(job => job.UpdateTime, op, value, text);
            case "end_time":
                return Time(job => job.EndTime, op, value, text);
            case "state":
                var state = Enum.GetValues<PipelineState>().FirstOrDefault(s => s.ToWireName() == value.Text);
                if (state == PipelineState.Unspecified && value.Text != PipelineState.Unspecified.ToWireName())
                {
                    throw Invalid(text, $"{value.Text} is not a PipelineState");
                }

                return Equality(job => job.State.ToWireName(), op, value.Text, field.Text, text);
            case "pipeline_name":
                return Equality(job => job.PipelineName, op, value.Text, field.Text, text);
            case "display_name" when op.Text == ":":
                var pattern = new Regex("^" + Regex.Escape(value.Text).Replace("\\*", ".*", StringComparison.Ordinal) + "\\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                return job => pattern.IsMatch(job.DisplayName);
            case "display_name":
                return Equality(job => job.DisplayName, op, value.Text, field.Text, text);
            case var labels when labels.StartsWith("labels.", StringComparison.Ordinal) && labels.Length > "labels.".Length:
                var key = labels["labels.".Length..];
                return Equality(job => job.Labels.TryGetValue(key, out var v) ? v : null, op, value.Text, field.Text, text);
            default:
                throw Invalid(text, $"unsupported field {field.Text}; pipelineJobs.list filters create_time, update_time, end_time, state, pipeline_name, display_name and labels");
        }
    }

    private static Func<VertexRunSnapshot, bool> Equality(Func<VertexRunSnapshot, string?> read, Token op, string value, string field, string text) => op.Text switch
    {
        "=" => job => string.Equals(read(job), value, StringComparison.Ordinal),
        "!=" => job => !string.Equals(read(job), value, StringComparison.Ordinal),
        _ => throw Invalid(text, $"{field} supports = and != only, not {op.Text}"),
    };

    private static Func<VertexRunSnapshot, bool> Time(Func<VertexRunSnapshot, DateTimeOffset?> read, Token op, Token value, string text)
    {
        if (!DateTimeOffset.TryParseExact(value.Text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var bound))
        {
            throw Invalid(text, $"\"{value.Text}\" is not an RFC 3339 time");
        }

        Func<int, bool> holds = op.Text switch
        {
            "=" => c => c == 0,
            "!=" => c => c != 0,
            "<" => c => c < 0,
            ">" => c => c > 0,
            "<=" => c => c <= 0,
            ">=" => c => c >= 0,
            _ => throw Invalid(text, $"times support = != < > <= >=, not {op.Text}"),
        };

        // A job that has no such time yet (end_time of a running job) matches only !=.
        return job => read(job) is { } time ? holds(time.CompareTo(bound)) : op.Text == "!=";
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '"')
            {
                var value = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    value.Append(text[i] == '\\' && i + 1 < text.Length ? text[++i] : text[i]);
                    i++;
                }

                if (i == text.Length)
                {
                    throw Invalid(text, "a quoted value is not closed");
                }

                i++;
                tokens.Add(new Token(value.ToString(), Quoted: true));
            }
            else if (Operator().Match(text, i) is { Success: true } op && op.Index == i)
            {
                tokens.Add(new Token(op.Value, Quoted: false));
                i += op.Length;
            }
            else if (Word().Match(text, i) is { Success: true } word && word.Index == i)
            {
                tokens.Add(new Token(word.Value, Quoted: false));
                i += word.Length;
            }
            else
            {
                throw Invalid(text, $"unexpected character '{c}' (parentheses and NOT are not supported)");
            }
        }

        return tokens;
    }

    private static VertexApiException Invalid(string filter, string why) =>
        VertexErrors.InvalidArgument("filter", $"Provided filter is not valid: \"{filter}\": {why}.");

    [GeneratedRegex(@"!=|<=|>=|=|<|>|:", RegexOptions.CultureInvariant)]
    private static partial Regex Operator();

    [GeneratedRegex(@"[A-Za-z0-9_.\-+]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    private readonly record struct Token(string Text, bool Quoted);
}
