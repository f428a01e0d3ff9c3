using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary>The comparisons: which fields there are and which operators and values each takes.</summary>
internal sealed partial class FilterParser
{
    private const string FieldList = "state, create_time, display_name, pipeline_name and labels.KEY";

    private static readonly string[] FieldNames = ["state", "create_time", "display_name", "pipeline_name", "labels"];

    private FilterNode ParseComparison(string context)
    {
        var start = _position;
        if (AtEnd)
        {
            throw Error(start, $"expected a comparison {context}, found the end of the filter");
        }

        if (!IsIdentifierStart(Peek()))
        {
            throw Peek() == '"'
                ? Error(start, "a string alone is not a filter (there is no free-text search); compare a field, e.g. display_name = \"...\"")
                : Error(start, $"expected a comparison {context}, found {Describe(start)}");
        }

        var name = ReadIdentifier();
        if (name is "AND" or "OR")
        {
            throw Error(start, $"expected a comparison {context}, found the keyword {name}");
        }

        if (name != "labels" && Peek() == '.' && FieldNames.Contains(name))
        {
            throw Error(_position, $"{name} has no parts; only labels takes a key, as in labels.team = \"ml\"");
        }

        return name switch
        {
            "state" => ParseState(),
            "create_time" => ParseCreateTime(),
            "display_name" => ParseText(TextField.DisplayName, "display_name"),
            "pipeline_name" => ParseText(TextField.PipelineName, "pipeline_name"),
            "labels" => ParseLabel(),
            _ => throw UnknownField(start, name),
        };
    }

    private StateComparison ParseState()
    {
        var (comparison, at) = ReadOperator("state");
        if (comparison is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
        {
            throw Error(at, $"state takes only = and !=, not {Symbol(comparison)}");
        }

        var value = ReadValue(comparison);
        if (!RunStateNames.TryGet(value.Text, out var state))
        {
            var upper = value.Text.ToUpperInvariant();
            throw Error(value.Position, RunStateNames.TryGet(upper, out _)
                ? $"state values are upper case: write {upper}"
                : $"{UserInput.Quote(value.Text)} is not a state; states are {RunStateNames.Listed} (the RUN_STATE_ prefix is optional)");
        }

        return new StateComparison(comparison == ComparisonOperator.Equal, state);
    }

    private TimeComparison ParseCreateTime()
    {
        var (comparison, at) = ReadOperator("create_time");
        if (comparison == ComparisonOperator.Has)
        {
            throw Error(at, "create_time takes =, !=, <, <=, > and >=, not :");
        }

        var value = ReadValue(comparison);
        if (!value.Quoted)
        {
            throw Error(value.Position, "create_time needs its timestamp in double quotes, e.g. create_time > \"2026-12-01T10:00:00Z\"");
        }

        if (!FilterTimestamp.TryParse(value.Text, out var timestamp, out var problem))
        {
            throw Error(value.Position, $"{UserInput.Quote(value.Text)} {problem}");
        }

        return new TimeComparison(comparison, timestamp);
    }

    /// <param name="field">What the comparison reads.</param>
    /// <param name="subject">The field as messages name it.</param>
    private FilterNode ParseText(TextField field, string subject)
    {
        var (comparison, at) = ReadOperator(subject);
        if (comparison is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual or ComparisonOperator.Has))
        {
            throw Error(at, $"{subject} takes =, != and :, not {Symbol(comparison)}");
        }

        var pattern = new TextPattern(ReadValue(comparison).Pieces);
        return comparison == ComparisonOperator.Has && pattern.IsAnything
            ? new FieldPresence(field)
            : new TextComparison(field, comparison, pattern);
    }

    /// <summary><c>labels.KEY op value</c>, or <c>labels:KEY</c> (the label exists).</summary>
    private FilterNode ParseLabel()
    {
        if (Peek() == '.')
        {
            _position++;
            var key = ReadLabelKey("after 'labels.'");
            if (Peek() == '.')
            {
                throw Error(_position, "a label key is one name; quote a key that has dots in it: labels.\"a.b\"");
            }

            return ParseText(TextField.Label(key), "a label");
        }

        var (comparison, at) = ReadOperator("labels");
        if (comparison != ComparisonOperator.Has)
        {
            throw Error(at, "labels needs a key: labels.KEY = \"value\" compares a label's value, labels:KEY tests that the run has the label");
        }

        SkipSpace();
        return new FieldPresence(TextField.Label(ReadLabelKey("after 'labels:'")));
    }

    private static FilterSyntaxException UnknownField(int start, string name)
    {
        var squashed = name.Replace("_", "", StringComparison.Ordinal);
        var meant = FieldNames.FirstOrDefault(field => string.Equals(field.Replace("_", "", StringComparison.Ordinal), squashed, StringComparison.OrdinalIgnoreCase))
            ?? (string.Equals(squashed, "label", StringComparison.OrdinalIgnoreCase) ? "labels" : null);
        var hint = meant is null ? "" : $" (did you mean {meant}?)";
        return Error(start, $"unknown field {UserInput.Quote(name)}{hint}; the fields are {FieldList}");
    }

    private static string Symbol(ComparisonOperator comparison) => comparison switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        _ => ":",
    };
}
