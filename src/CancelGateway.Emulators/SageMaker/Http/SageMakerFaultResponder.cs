using CancelGateway.Emulators.Faults;
using CancelGateway.Emulators.SageMaker.Executions;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.SageMaker.Http;

/// <summary>
/// Injected faults in AWS's words: 503 ServiceUnavailable, and throttling as AWS JSON services
/// answer it, HTTP 400 ThrottlingException (with a Retry-After hint, which AWS does not always send).
/// </summary>
internal sealed class SageMakerFaultResponder(SageMakerCounters counters) : IFaultResponder
{
    /// <summary>SageMaker has no token endpoint: SigV4 signs every request.</summary>
    public bool IsTokenEndpoint(HttpRequest request) => false;

    public Task WriteUnavailableAsync(HttpContext context) =>
        AwsJsonResponse.WriteErrorAsync(context.Response, SageMakerErrors.ServiceUnavailable());

    public Task WriteThrottledAsync(HttpContext context, int retryAfterSeconds)
    {
        counters.CountThrottled();
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return AwsJsonResponse.WriteErrorAsync(context.Response, SageMakerErrors.Throttling());
    }
}
