namespace CancelGateway.Providers.SageMaker;

/// <summary>
/// The AWS partitions and the DNS suffix of each, as the AWS SDKs' partition table
/// (partitions.json) lists them. An execution ARN names its partition; SageMaker's regional
/// endpoint there is <c>api.sagemaker.{region}.{dnsSuffix}</c> (SageMaker's endpoint rule set).
/// </summary>
internal static class SageMakerPartitions
{
    private static readonly Dictionary<string, string> DnsSuffixes = new(StringComparer.Ordinal)
    {
        ["aws"] = "amazonaws.com",
        ["aws-cn"] = "amazonaws.com.cn",
        ["aws-us-gov"] = "amazonaws.com",
        ["aws-iso"] = "c2s.ic.gov",
        ["aws-iso-b"] = "sc2s.sgov.gov",
        ["aws-iso-e"] = "cloud.adc-e.uk",
        ["aws-iso-f"] = "csp.hci.ic.gov",
        ["aws-eusc"] = "amazonaws.eu",
    };

    /// <summary>The partitions known here, for messages.</summary>
    public static IEnumerable<string> Known => DnsSuffixes.Keys;

    /// <summary>The regional SageMaker API endpoint, or null for a partition not known here.</summary>
    public static Uri? RegionalEndpoint(string partition, string region) =>
        DnsSuffixes.TryGetValue(partition, out var suffix) ? new Uri($"https://api.sagemaker.{region}.{suffix}/") : null;
}
