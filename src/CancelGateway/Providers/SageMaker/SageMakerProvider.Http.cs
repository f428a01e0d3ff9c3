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

    /// <summary>The configured endpoint, else the regional endpoint of the execution's partition and region.</summary>
    private Uri EndpointFor(RunName run, string what) =>
        _endpoint
        ?? SageMakerPartitions.RegionalEndpoint(run[SageMakerRunNameForm.Partition], run[SageMakerRunNameForm.Region])
        ?? throw _http.Fail(
            new ProviderException(
                Provider.Sagemaker,
                ProviderFailureKind.NotConfigured,
                $"The gateway knows no SageMaker endpoint in partition {run[SageMakerRunNameForm.Partition]} (it knows {string.Join(", ", SageMakerPartitions.Known)}); set {SageMakerOptions.SectionName}:Endpoint ({what})."),
            what);

    /// <summary>
    /// Sends <c>POST /</c> with <c>X-Amz-Target: SageMaker.{action}</c>, signed for the execution's
    /// region (the region its endpoint serves). An AWS error comes back parsed; everything else throws.
    /// </summary>
    private async Task<(ProviderResponse Response, SageMakerApiError? Error)> SendAsync(string action, byte[] body, RunName run, string what, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, EndpointFor(run, what)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = AwsJsonMediaType;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + action);
        request.Options.Set(ProviderRequest.Region, run[SageMakerRunNameForm.Region]);
        var response = await _http.SendAsync(request, what, cancellationToken);
        return (response, response.IsSuccess ? null : SageMakerErrorMapper.ReadError(response.Message, response.Body, _timeProvider));
    }
}
