using System.Text.RegularExpressions;
using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>
/// Tells a run name's provider from its form and checks it. The forms cannot be
/// confused: Vertex names start with "projects/", SageMaker names with "arn:", CodeArts names
/// with "codearts/".
/// </summary>
internal static partial class RunNameParser
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string ExpectedForms =
        "projects/{project}/locations/{location}/pipelineJobs/{job} (Vertex AI), "
        + "arn:aws:sagemaker:{region}:{account}:pipeline/{pipeline}/execution/{id} (SageMaker), "
        + "or codearts/regions/{region}/projects/{project_id}/pipelines/{pipeline_id}/runs/{run_id} (CodeArts)";

    /// <summary>Parses <paramref name="text"/>, or says what is wrong with it.</summary>
    public static bool TryParse(string? text, out RunName? name, out string error)
    {
        name = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"A run name is required: {ExpectedForms}.";
            return false;
        }

        if (text.Length > 2048)
        {
            error = "A run name is at most 2048 characters.";
            return false;
        }

        if (text.StartsWith("projects/", StringComparison.Ordinal))
        {
            return Match(VertexPattern(), text, Provider.VertexAi, ["project", "location", "job"], "projects/{project}/locations/{location}/pipelineJobs/{job}", out name, out error);
        }

        if (text.StartsWith("arn:", StringComparison.Ordinal))
        {
            return Match(SageMakerPattern(), text, Provider.Sagemaker, ["partition", "region", "account", "pipeline", "execution"], "arn:aws[-partition]:sagemaker:{region}:{12-digit account}:pipeline/{pipeline}/execution/{id}", out name, out error);
        }

        if (text.StartsWith("codearts/", StringComparison.Ordinal))
        {
            return Match(CodeArtsPattern(), text, Provider.Codearts, ["region", "project", "pipeline", "run"], "codearts/regions/{region}/projects/{project_id}/pipelines/{pipeline_id}/runs/{run_id}", out name, out error);
        }

        error = $"{UserInput.Quote(text)} is not a run name of any provider; expected {ExpectedForms}.";
        return false;
    }

    private static bool Match(Regex pattern, string text, Provider provider, string[] groups, string form, out RunName? name, out string error)
    {
        var match = pattern.Match(text);
        if (!match.Success)
        {
            name = null;
            error = $"{UserInput.Quote(text)} is not a valid {ProviderNames.Of(provider)} run name; expected {form}.";
            return false;
        }

        name = new RunName(text, provider, groups.ToDictionary(g => g, g => match.Groups[g].Value, StringComparer.Ordinal));
        error = string.Empty;
        return true;
    }

    // Vertex AI: project ids and locations are lower-case with digits and hyphens; job ids are
    // user-chosen (lower-case letters, digits, hyphens) or numeric server-assigned ids.
    [GeneratedRegex(@"^projects/(?<project>[a-z0-9][a-z0-9\-.:]{0,127})/locations/(?<location>[a-z][a-z0-9\-]{0,62})/pipelineJobs/(?<job>[a-zA-Z0-9][a-zA-Z0-9\-_]{0,127})\z", RegexOptions.CultureInvariant)]
    private static partial Regex VertexPattern();

    // The documented execution ARN pattern, for every partition (aws, aws-cn, aws-us-gov, aws-iso-b,
    // aws-eusc, ...); regions as the partitions name them (us-east-1, us-isob-east-1, eusc-de-east-1).
    [GeneratedRegex(@"^arn:(?<partition>aws(-[a-z]+)*):sagemaker:(?<region>[a-z]{2,}(-[a-z]+)+-\d+):(?<account>\d{12}):pipeline/(?<pipeline>[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255})/execution/(?<execution>[a-z0-9]{1,256})\z", RegexOptions.CultureInvariant)]
    private static partial Regex SageMakerPattern();

    // CodeArts ids are 32-character alphanumerics; regions look like cn-north-4 or ap-southeast-1.
    [GeneratedRegex(@"^codearts/regions/(?<region>[a-z]{2}(-[a-z]+)+-\d+)/projects/(?<project>[a-zA-Z0-9]{1,64})/pipelines/(?<pipeline>[a-zA-Z0-9]{1,64})/runs/(?<run>[a-zA-Z0-9]{1,64})\z", RegexOptions.CultureInvariant)]
    private static partial Regex CodeArtsPattern();
}
