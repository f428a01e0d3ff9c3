using System.Text.RegularExpressions;
using CancelGateway.V1;

namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// A CodeArts pipeline run, named by the gateway (CodeArts has no resource names):
/// <c>codearts/regions/{region}/projects/{project_id}/pipelines/{pipeline_id}/runs/{run_id}</c>.
/// </summary>
internal sealed partial class CodeArtsRunNameForm : RunNameForm
{
    public const string Region = "region";
    public const string Project = "project";
    public const string Pipeline = "pipeline";
    public const string Run = "run";

    public override Provider Provider => Provider.Codearts;

    public override string Name => "codearts";

    public override string DisplayName => "CodeArts";

    public override string Prefix => "codearts/";

    public override string Summary => "codearts/regions/{region}/projects/{project_id}/pipelines/{pipeline_id}/runs/{run_id}";

    public override string Form => Summary;

    public override IReadOnlyList<string> Parts { get; } = [Region, Project, Pipeline, Run];

    protected override Regex Pattern => RunPath();

    // CodeArts ids are 32-character alphanumerics; regions look like cn-north-4 or ap-southeast-1.
    [GeneratedRegex(@"^codearts/regions/(?<region>[a-z]{2}(-[a-z]+)+-\d+)/projects/(?<project>[a-zA-Z0-9]{1,64})/pipelines/(?<pipeline>[a-zA-Z0-9]{1,64})/runs/(?<run>[a-zA-Z0-9]{1,64})\z", RegexOptions.CultureInvariant)]
    private static partial Regex RunPath();

    public override string ScopeForm => "codearts/regions/{region}/projects/{project_id}/pipelines/{pipeline_id}";

    protected override Regex ScopePattern => PipelinePath();

    // A scope is one pipeline, whose runs the pipeline-run list call reads.
    [GeneratedRegex(@"^codearts/regions/(?<region>[a-z]{2}(-[a-z]+)+-\d+)/projects/(?<project>[a-zA-Z0-9]{1,64})/pipelines/(?<pipeline>[a-zA-Z0-9]{1,64})\z", RegexOptions.CultureInvariant)]
    private static partial Regex PipelinePath();
}
