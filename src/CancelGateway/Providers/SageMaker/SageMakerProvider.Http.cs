using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using CancelGateway.V1;
using Grpc.Core;
using CancelGateway.Providers.SageMaker.Internal;

namespace CancelGateway.Providers.SageMaker;

/// <summary>One signed AWS JSON 1.1 call to SageMaker, and where it goes.</summary>
internal sealed partial class SageMakerProvider
{
    /// <summary>The service model's target prefix: X-Amz-Target is "SageMaker.{Action}".</summary>
    private const string TargetPrefix = "SageMaker.";

    private static readonly MediaTypeHeaderValue AwsJsonMediaType = new("application/x-amz-json-1.1");

    /// <summary>The configured endpoint, else the regional endpoint of the execution's partition and region.</summary>
    private Uri EndpointFor(RunName run, string what) =>
        options.Endpoint
        ?? SageMakerPartitions.RegionalEndpoint(run["partition"], run["region"])
        ?? throw Fail(
            new ProviderException(
                Provider.Sagemaker,
                StatusCode.FailedPrecondition,
                "PROVIDER_NOT_CONFIGURED",
                $"The gateway knows no SageMaker endpoint in partition {run["partition"]} (it knows {string.Join(", ", SageMakerPartitions.Known)}); set {SageMakerOptions.SectionName}:Endpoint ({what}).",
                isTransient: false),
            what);

    /// <summary>
    /// Gets credentials, signs, sends <c>POST /</c> with <c>X-Amz-Target: SageMaker.{action}</c>
    /// and reads the whole response within <see cref="SageMakerOptions.RequestTimeout"/>. Throws
    /// <see cref="ProviderException"/> for everything but an HTTP answer; an HTTP error comes back
    /// parsed, because what it means depends on the call (a refused stop of an ended execution is
    /// not a failure).
    /// </summary>
    private async Task<SageMakerCallResult> SendAsync(string action, byte[] body, RunName run, string what, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.RequestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        ImmutableCredentials signer;
        try
        {
            signer = await credentials.GetCredentialsAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(SageMakerErrorMapper.FromTimeout(options.RequestTimeout, what, credentials: true), what);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Fail(SageMakerErrorMapper.FromCredentialFailure(ex, what), what);
        }

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = AwsJsonMediaType;
        using var request = new HttpRequestMessage(HttpMethod.Post, EndpointFor(run, what)) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + action);

        // Requests are signed for the execution's region, which is the region its endpoint serves.
        SigV4RequestSigner.Sign(request, body, signer, run["region"], timeProvider.GetUtcNow());
        var client = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            var error = response.IsSuccessStatusCode ? null : SageMakerErrorMapper.ReadError(response, text, timeProvider);
            return new SageMakerCallResult((int)response.StatusCode, text, SageMakerErrorMapper.RequestIdOf(response), error);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && (timeout.IsCancellationRequested || ex.InnerException is TimeoutException))
        {
            throw Fail(SageMakerErrorMapper.FromTimeout(options.RequestTimeout, what, credentials: false), what);
        }
        catch (Exception ex) when (SageMakerErrorMapper.IsTransportFailure(ex))
        {
            throw Fail(SageMakerErrorMapper.FromTransportFailure(ex, what), what);
        }
    }

    private T Read<T>(SageMakerCallResult result, JsonTypeInfo<T> type, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(result.Body, type) ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw Fail(SageMakerErrorMapper.FromInvalidResponse(what, result.HttpStatus, result.RequestId, ex), what);
        }
    }

    private ProviderException Fail(ProviderException exception, string what)
    {
        if (exception.Reason == SageMakerErrorMapper.AuthenticationFailedReason)
        {
            SageMakerProviderLog.AuthenticationFailed(logger, what, exception.Message);
        }
        else
        {
            SageMakerProviderLog.CallFailed(logger, what, exception.Reason, exception.IsTransient);
        }

        return exception;
    }
}
