using CancelGateway.Providers;

namespace CancelGateway.Selection.Internal;

/// <summary><c>labels:team</c>, <c>labels.team:*</c>, <c>display_name:*</c>: the run has the field (AIP-160's "has").</summary>
internal sealed class FieldPresence(TextField field) : FilterNode
{
    public override bool Matches(RunSummary run) => field.Read(run) is not null;
}
