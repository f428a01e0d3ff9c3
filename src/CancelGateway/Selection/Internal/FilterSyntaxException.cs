namespace CancelGateway.Selection.Internal;

/// <summary>
/// Unwinds the parser at the first problem; <see cref="RunFilter.TryParse"/> turns it into a
/// <see cref="RunFilterError"/> and nothing else ever sees it.
/// </summary>
internal sealed class FilterSyntaxException(int position, string problem) : Exception(problem)
{
    /// <summary>The 0-based character offset of the problem.</summary>
    public int Position { get; } = position;
}
