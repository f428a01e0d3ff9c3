namespace CancelGateway.Selection.Internal;

/// <summary>The value side of a comparison, as written.</summary>
/// <param name="Position">Where the value starts in the filter (its opening quote, if quoted).</param>
/// <param name="Text">The value with escapes resolved (a wildcard is a plain <c>*</c> here).</param>
/// <param name="Pieces">The literal text between unescaped <c>*</c> wildcards (one piece when there is none).</param>
/// <param name="Quoted">Whether the value was a double-quoted string rather than a bare word.</param>
internal sealed record FilterValue(int Position, string Text, IReadOnlyList<string> Pieces, bool Quoted);
