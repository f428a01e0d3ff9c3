namespace CancelGateway.Selection;

/// <summary>Why a filter did not parse, and where.</summary>
/// <param name="Position">The 0-based character offset into the filter text where the problem is.</param>
/// <param name="Message">What is wrong and how to fix it, starting with the position ("at 17: ...").</param>
internal sealed record RunFilterError(int Position, string Message);
