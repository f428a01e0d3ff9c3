using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace CancelGateway.Emulators.SageMaker.Executions;

/// <summary>
/// A pipeline execution ARN, <c>arn:{partition}:sagemaker:{region}:{account}:pipeline/{pipeline}/execution/{id}</c>,
/// checked against the pattern the API documents for PipelineExecutionArn.
/// </summary>
internal readonly partial record struct ExecutionArn(string Partition, string Region, string Account, string Pipeline, string ExecutionId)
{
    /// <summary>PipelineExecutionArn's documented maximum length.</summary>
    public const int MaxLength = 2048;

    /// <summary>The documented pattern, for validation messages.</summary>
    public const string DocumentedPattern = @"^arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:pipeline\/.*\/execution\/.*$";

    /// <summary>The pipeline's own ARN.</summary>
    public string PipelineArn => $"arn:{Partition}:sagemaker:{Region}:{Account}:pipeline/{Pipeline}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out ExecutionArn? arn)
    {
        arn = null;
        if (text is null || text.Length > MaxLength)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        arn = new ExecutionArn(match.Groups["partition"].Value, match.Groups["region"].Value, match.Groups["account"].Value, match.Groups["pipeline"].Value, match.Groups["execution"].Value);
        return true;
    }

    public override string ToString() => $"{PipelineArn}/execution/{ExecutionId}";

    // The documented pattern, with the parts named; the greedy pipeline group splits at the last "/execution/".
    [GeneratedRegex(@"^arn:(?<partition>aws[a-z\-]*):sagemaker:(?<region>[a-z0-9\-]*):(?<account>[0-9]{12}):pipeline/(?<pipeline>.*)/execution/(?<execution>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Pattern();
}
