using System.Net.Http.Headers;
using CancelGateway.Providers.Http;
using CancelGateway.V1;

namespace CancelGateway.Providers.SageMaker;

/// <summary>Where a SageMaker call goes, and the call itself (through the HTTP core; signed by <see cref="SageMakerSigningHandler"/>).</summary>
internal sealed partial class SageMakerProvider
{
    /// <summary>The service model's target prefix: X-Amz-Target is "SageMaker.{Action}".</summary>
    private const string TargetPrefix = "SageMaker.";

    private static readonly MediaTypeHeaderValue AwsJsonMediaType = new("application/x-amz-json-1.1");

    /// <summary>The configured endpoint, else the regional endpoint of the partition and region (an execution's, or a pipeline's).</summary>
    private Uri EndpointFor(string partition, string region, string what) =>
        _endpoint
        ?? SageMakerPartitions.RegionalEndpoint(partition, region)
        ?? throw _http.Fail(
            new ProviderException(
                Provider.Sagemaker,
                ProviderFailureKind.NotConfigured,
                $"The gateway knows no SageMaker endpoint in partition {partition} (it knows {string.Join(", ", SageMakerPartitions.Known)}); set {SageMakerOptions.SectionName}:Endpoint ({what})."),
            what);

    /// <summary>Sends <paramref name="action"/> about <paramref name="run"/>, to and signed for the execution's partition and region.</summary>
    private Task<(ProviderResponse Response, SageMakerApiError? Error)> SendAsync(string action, byte[] body, RunName run, string what, CancellationToken cancellationToken) =>
        SendAsync(action, body, run[SageMakerRunNameForm.Partition], run[SageMakerRunNameForm.Region], what, cancellationToken);

    /// <summary>
    /// Sends <c>POST /</c> with <c>X-Amz-Target: SageMaker.{action}</c>, signed for
    /// <paramref name="region"/> (the region its endpoint serves). An AWS error comes back parsed;
    /// everything else throws.
    /// </summary>
    private async Task<(ProviderResponse Response, SageMakerApiError? Error)> SendAsync(string action, byte[] body, string partition, string region, string what, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, EndpointFor(partition, region, what)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = AwsJsonMediaType;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + action);
        request.Options.Set(ProviderRequest.Region, region);
        var response = await _http.SendAsync(request, what, cancellationToken);
        return (response, response.IsSuccess ? null : SageMakerErrorMapper.ReadError(response.Message, response.Body, _timeProvider));
    }
}
