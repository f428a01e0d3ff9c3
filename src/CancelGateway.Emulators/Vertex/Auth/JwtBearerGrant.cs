namespace CancelGateway.Emulators.Vertex.Auth;

/// <summary>What an accepted JWT-bearer assertion grants: who, and for which scopes.</summary>
internal sealed record JwtBearerGrant(string ClientEmail, IReadOnlyList<string> Scopes);
