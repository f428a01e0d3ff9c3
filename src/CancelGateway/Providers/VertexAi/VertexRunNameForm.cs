using System.Text.RegularExpressions;
using CancelGateway.V1;

namespace CancelGateway.Providers.VertexAi;

/// <summary>A Vertex AI pipeline job's resource name: <c>projects/{project}/locations/{location}/pipelineJobs/{job}</c>.</summary>
internal sealed partial class VertexRunNameForm : RunNameForm
{
    public const string Project = "project";
    public const string Location = "location";
    public const string Job = "job";

    public override Provider Provider => Provider.VertexAi;

    public override string Name => "vertex-ai";

    public override string DisplayName => "Vertex AI";

    public override string Prefix => "projects/";

    public override string Summary => "projects/{project}/locations/{location}/pipelineJobs/{job}";

    public override string Form => Summary;

    public override IReadOnlyList<string> Parts { get; } = [Project, Location, Job];

    protected override Regex Pattern => JobName();

    // Project ids and locations are lower-case with digits and hyphens; job ids are user-chosen
    // (lower-case letters, digits, hyphens) or numeric server-assigned ids.
    [GeneratedRegex(@"^projects/(?<project>[a-z0-9][a-z0-9\-.:]{0,127})/locations/(?<location>[a-z][a-z0-9\-]{0,62})/pipelineJobs/(?<job>[a-zA-Z0-9][a-zA-Z0-9\-_]{0,127})\z", RegexOptions.CultureInvariant)]
    private static partial Regex JobName();

    public override string ScopeForm => "projects/{project}/locations/{location}";

    protected override Regex ScopePattern => ScopeName();

    // A scope is the parent that pipelineJobs.list reads: one project and location.
    [GeneratedRegex(@"^projects/(?<project>[a-z0-9][a-z0-9\-.:]{0,127})/locations/(?<location>[a-z][a-z0-9\-]{0,62})\z", RegexOptions.CultureInvariant)]
    private static partial Regex ScopeName();
}
