namespace CancelGateway.Security;

/// <summary>What one caller may do: its own policy entry and the <c>*</c> entry together.</summary>
internal sealed class Grant
{
    private readonly IReadOnlyList<PolicyEntry> _entries;

    /// <summary>Everything, no limits: no policy file is configured.</summary>
    public static readonly Grant Unrestricted = new([], unrestricted: true);

    public Grant(IReadOnlyList<PolicyEntry> entries, bool unrestricted = false)
    {
        _entries = entries;
        IsUnrestricted = unrestricted;
        // The principal's own limits win over those of "*" (its entry comes first).
        MaxBatch = entries.Select(e => e.MaxBatch).FirstOrDefault(m => m is not null);
        RequestsPerSecond = entries.Select(e => e.RequestsPerSecond).FirstOrDefault(r => r is not null);
        MayReadAudit = unrestricted || entries.Any(e => e.Audit);
    }

    public bool IsUnrestricted { get; }

    public int? MaxBatch { get; }

    public double? RequestsPerSecond { get; }

    public bool MayReadAudit { get; }

    /// <summary>Whether the caller may cancel and see the run.</summary>
    public bool Covers(string run) => IsUnrestricted || _entries.Any(e => e.Runs.Any(p => p.Matches(run)));

    /// <summary>Whether the caller may ask for FORCE on the run: an entry that covers it must allow force.</summary>
    public bool MayForce(string run) => IsUnrestricted || _entries.Any(e => e.Force && e.Runs.Any(p => p.Matches(run)));

    /// <summary>
    /// Whether the caller may see an operation: a run's cancellation when it covers the run; a
    /// batch when it asked for it or covers every run in it.
    /// </summary>
    public bool MaySee(OperationSubject subject, string principal) =>
        IsUnrestricted
        || (subject.BatchRequester is null
            ? subject.Runs.Count == 1 && Covers(subject.Runs[0])
            : subject.BatchRequester == principal || (subject.Runs.Count > 0 && subject.Runs.All(Covers)));
}
