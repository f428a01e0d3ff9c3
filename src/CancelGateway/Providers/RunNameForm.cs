using System.Text.RegularExpressions;
using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>
/// One provider's form of run name, owned by its provider folder: the prefix that tells it from
/// the others, the pattern that checks it, and the parts it names. <see cref="RunNameParser"/>
/// only iterates over the forms (<see cref="RunNameForms.All"/>), so a new provider brings its
/// form with its folder.
/// </summary>
internal abstract class RunNameForm
{
    /// <summary>The provider the form belongs to.</summary>
    public abstract Provider Provider { get; }

    /// <summary>The stable lower-case name for error metadata, logs and configuration ("vertex-ai").</summary>
    public abstract string Name { get; }

    /// <summary>The provider as people name it ("Vertex AI").</summary>
    public abstract string DisplayName { get; }

    /// <summary>How every name of the form starts; no prefix of another form starts the same way.</summary>
    public abstract string Prefix { get; }

    /// <summary>The form in one line, for the list of accepted forms.</summary>
    public abstract string Summary { get; }

    /// <summary>The form with its constraints, for the message about a name that has the prefix but not the form.</summary>
    public abstract string Form { get; }

    /// <summary>The part names, as the pattern's named groups.</summary>
    public abstract IReadOnlyList<string> Parts { get; }

    /// <summary>The whole-name pattern, with a named group per part.</summary>
    protected abstract Regex Pattern { get; }

    /// <summary>The form of a scope (what one list call of the provider covers), for messages: <c>projects/{project}/locations/{location}</c>.</summary>
    public abstract string ScopeForm { get; }

    /// <summary>The whole-scope pattern, with a named group per scope part; every scope part is also a run-name part.</summary>
    protected abstract Regex ScopePattern { get; }

    /// <summary>Parses a scope that starts with <see cref="Prefix"/>, or says what is wrong with it.</summary>
    public bool TryParseScope(string text, out RunScope? scope, out string error)
    {
        var match = ScopePattern.Match(text);
        if (!match.Success)
        {
            scope = null;
            error = $"{UserInput.Quote(text)} is not a valid {Name} scope; expected {ScopeForm}.";
            return false;
        }

        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in Parts.Where(part => match.Groups[part].Success))
        {
            parts[part] = match.Groups[part].Value;
        }

        scope = new RunScope(text, Provider, parts);
        error = string.Empty;
        return true;
    }

    /// <summary>Parses a name that starts with <see cref="Prefix"/>, or says what is wrong with it.</summary>
    public bool TryParse(string text, out RunName? name, out string error)
    {
        var match = Pattern.Match(text);
        if (!match.Success)
        {
            name = null;
            error = $"{UserInput.Quote(text)} is not a valid {Name} run name; expected {Form}.";
            return false;
        }

        name = new RunName(text, Provider, Parts.ToDictionary(part => part, part => match.Groups[part].Value, StringComparer.Ordinal));
        error = string.Empty;
        return true;
    }
}
