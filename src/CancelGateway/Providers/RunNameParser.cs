namespace CancelGateway.Providers;

/// <summary>
/// Tells a run name's provider from its form and checks it, by asking each provider's
/// <see cref="RunNameForm"/> (<see cref="RunNameForms.All"/>); the forms' prefixes cannot be confused.
/// </summary>
internal static class RunNameParser
{
    /// <summary>The longest run name accepted.</summary>
    public const int MaxLength = 2048;

    /// <summary>The accepted forms, for error messages: "a (A), b (B), or c (C)".</summary>
    public static string ExpectedForms { get; } = Expected();

    /// <summary>Parses <paramref name="text"/>, or says what is wrong with it.</summary>
    public static bool TryParse(string? text, out RunName? name, out string error)
    {
        name = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"A run name is required: {ExpectedForms}.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"A run name is at most {MaxLength} characters.";
            return false;
        }

        foreach (var form in RunNameForms.All)
        {
            if (text.StartsWith(form.Prefix, StringComparison.Ordinal))
            {
                return form.TryParse(text, out name, out error);
            }
        }

        error = $"{UserInput.Quote(text)} is not a run name of any provider; expected {ExpectedForms}.";
        return false;
    }

    private static string Expected()
    {
        var forms = RunNameForms.All.Select(form => $"{form.Summary} ({form.DisplayName})").ToList();
        return forms.Count < 2 ? string.Concat(forms) : string.Join(", ", forms.SkipLast(1)) + ", or " + forms[^1];
    }
}
