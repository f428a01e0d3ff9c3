namespace CancelGateway.Providers;

/// <summary>Tells a scope's provider from its form and checks it, by asking each provider's <see cref="RunNameForm"/>.</summary>
internal static class RunScopeParser
{
    /// <summary>The accepted forms, for error messages.</summary>
    public static string ExpectedForms { get; } = string.Join(", ", RunNameForms.All.Select(form => $"{form.ScopeForm} ({form.DisplayName})"));

    /// <summary>Parses <paramref name="text"/>, or says what is wrong with it.</summary>
    public static bool TryParse(string? text, out RunScope? scope, out string error)
    {
        scope = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"A scope is required: {ExpectedForms}.";
            return false;
        }

        if (text.Length > RunNameParser.MaxLength)
        {
            error = $"A scope is at most {RunNameParser.MaxLength} characters.";
            return false;
        }

        foreach (var form in RunNameForms.All)
        {
            if (text.StartsWith(form.Prefix, StringComparison.Ordinal))
            {
                return form.TryParseScope(text, out scope, out error);
            }
        }

        error = $"{UserInput.Quote(text)} is not a scope of any provider; expected {ExpectedForms}.";
        return false;
    }
}
