using System.Text.RegularExpressions;
using CancelGateway.V1;

namespace CancelGateway.Providers.SageMaker;

/// <summary>A SageMaker pipeline execution's ARN: <c>arn:{partition}:sagemaker:{region}:{account}:pipeline/{pipeline}/execution/{id}</c>.</summary>
internal sealed partial class SageMakerRunNameForm : RunNameForm
{
    public const string Partition = "partition";
    public const string Region = "region";
    public const string Account = "account";
    public const string Pipeline = "pipeline";
    public const string Execution = "execution";

    public override Provider Provider => Provider.Sagemaker;

    public override string Name => "sagemaker";

    public override string DisplayName => "SageMaker";

    public override string Prefix => "arn:";

    public override string Summary => "arn:aws:sagemaker:{region}:{account}:pipeline/{pipeline}/execution/{id}";

    public override string Form => "arn:aws[-partition]:sagemaker:{region}:{12-digit account}:pipeline/{pipeline}/execution/{id}";

    public override IReadOnlyList<string> Parts { get; } = [Partition, Region, Account, Pipeline, Execution];

    protected override Regex Pattern => Arn();

    // The documented execution ARN pattern, for every partition (aws, aws-cn, aws-us-gov, aws-iso-b,
    // aws-eusc, ...); regions as the partitions name them (us-east-1, us-isob-east-1, eusc-de-east-1).
    [GeneratedRegex(@"^arn:(?<partition>aws(-[a-z]+)*):sagemaker:(?<region>[a-z]{2,}(-[a-z]+)+-\d+):(?<account>\d{12}):pipeline/(?<pipeline>[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255})/execution/(?<execution>[a-z0-9]{1,256})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Arn();

    public override string ScopeForm => "arn:aws[-partition]:sagemaker:{region}:{12-digit account}:pipeline/{pipeline}";

    protected override Regex ScopePattern => PipelineArn();

    // A scope is the pipeline ARN that ListPipelineExecutions reads.
    [GeneratedRegex(@"^arn:(?<partition>aws(-[a-z]+)*):sagemaker:(?<region>[a-z]{2,}(-[a-z]+)+-\d+):(?<account>\d{12}):pipeline/(?<pipeline>[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255})\z", RegexOptions.CultureInvariant)]
    private static partial Regex PipelineArn();
}
