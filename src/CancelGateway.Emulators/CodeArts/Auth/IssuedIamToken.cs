namespace CancelGateway.Emulators.CodeArts.Auth;

/// <summary>What the emulator remembers of a token it issued.</summary>
/// <param name="UserName">Whose it is.</param>
/// <param name="ProjectName">The project (region) it is scoped to.</param>
/// <param name="IssuedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops working.</param>
internal sealed record IssuedIamToken(string UserName, string ProjectName, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
