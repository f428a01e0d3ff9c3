namespace CancelGateway.Storage;

/// <summary>Which audit events to list; every filter given must match.</summary>
/// <param name="From">At or after this time.</param>
/// <param name="Until">Before this time.</param>
/// <param name="Principal">Of this principal.</param>
/// <param name="Run">About this run.</param>
internal sealed record AuditQuery(DateTimeOffset? From = null, DateTimeOffset? Until = null, string? Principal = null, string? Run = null);
