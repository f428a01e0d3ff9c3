using System.Text.Json.Serialization;

namespace CancelGateway.Security;

/// <summary>What one principal (or <c>*</c>, every authenticated caller) may do, as the policy file says.</summary>
[JsonConverter(typeof(PolicyEntryConverter))]
internal sealed class PolicyEntry
{
    /// <summary>The runs it may cancel and see.</summary>
    public IReadOnlyList<RunPattern> Runs { get; init; } = [];

    /// <summary>Whether it may ask for FORCE on those runs.</summary>
    public bool Force { get; init; }

    /// <summary>The most names one BatchCancel may hold; null: the service's own bound.</summary>
    public int? MaxBatch { get; init; }

    /// <summary>Requests per second (a token bucket); null: not limited.</summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary>Whether it may read the audit trail.</summary>
    public bool Audit { get; init; }
}
