using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>
/// A run's name, parsed: which provider it lives on and its parts. The text is what the
/// caller gave and what the provider calls the run, so it round-trips unchanged.
/// </summary>
/// <param name="Text">The full name as given.</param>
/// <param name="Provider">The provider the form of the name points at.</param>
/// <param name="Parts">The name's variables (project, location, job; region, account, pipeline, execution; ...).</param>
internal sealed record RunName(string Text, Provider Provider, IReadOnlyDictionary<string, string> Parts)
{
    /// <summary>A part by its name; throws when the form has no such part.</summary>
    public string this[string part] => Parts[part];

    /// <inheritdoc />
    public override string ToString() => Text;
}
