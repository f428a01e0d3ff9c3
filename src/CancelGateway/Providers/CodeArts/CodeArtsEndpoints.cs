namespace CancelGateway.Providers.CodeArts;

/// <summary>
/// Where a region's CodeArts Pipeline API is. Huawei Cloud does not name it the same way in every
/// region (its SDKs' CodeArtsPipelineRegion tables): most regions serve
/// <c>cloudpipeline-ext.{region}</c>, a few newer ones <c>pipeline-external.{region}</c> or
/// <c>pipeline.{region}</c>. A region not listed is assumed to follow the common pattern;
/// <c>Providers:CodeArts:Endpoints:{region}</c> corrects that without a new release.
/// </summary>
internal static class CodeArtsEndpoints
{
    private static readonly Dictionary<string, string> HostPrefixes = new(StringComparer.Ordinal)
    {
        ["tr-west-1"] = "pipeline-external",
        ["la-south-2"] = "pipeline-external",
        ["af-north-1"] = "pipeline",
        ["me-east-1"] = "pipeline",
        ["af-south-1"] = "pipeline",
    };

    /// <summary>The public endpoint of <paramref name="region"/>, ending in '/'.</summary>
    public static Uri Regional(string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        var prefix = HostPrefixes.GetValueOrDefault(region, "cloudpipeline-ext");
        return new Uri($"https://{prefix}.{region}.myhuaweicloud.com/");
    }

    /// <summary>
    /// The base URL for a run in <paramref name="region"/>: the region's configured endpoint, else
    /// the all-regions one (an emulator), else the public one. Relative paths resolve against the
    /// last '/', so a configured base without a trailing one gets it.
    /// </summary>
    public static Uri For(string region, CodeArtsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Endpoints.TryGetValue(region, out var own) ? own : options.Endpoint;
        return configured is null ? Regional(region) : WithTrailingSlash(configured);
    }

    private static Uri WithTrailingSlash(Uri uri) => uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
