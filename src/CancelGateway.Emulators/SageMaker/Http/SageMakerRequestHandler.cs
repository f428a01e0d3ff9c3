using System.Net.Http.Headers;
using CancelGateway.Emulators.SageMaker.Auth;
using CancelGateway.Emulators.SageMaker.Executions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.SageMaker.Http;

/// <summary>
/// The SageMaker API's AWS JSON 1.1 surface: <c>POST /</c> with <c>X-Amz-Target: SageMaker.{Action}</c>,
/// SigV4 authentication, the account's rate limit, the actions a stop needs, and the one place
/// where failures become AWS JSON errors.
/// </summary>
internal sealed partial class SageMakerRequestHandler(
    SageMakerExecutionStore store,
    SigV4Verifier verifier,
    RequestRateLimiter limiter,
    SageMakerCounters counters,
    ILogger<SageMakerRequestHandler> logger)
{
    /// <summary>The service's target prefix (the service model's targetPrefix).</summary>
    public const string TargetPrefix = "SageMaker.";

    /// <summary>Where the arrival middleware leaves the request body it read (to count the request by ARN).</summary>
    public const string BodyItem = "sagemaker.body";

    /// <summary>The action an <c>X-Amz-Target</c> names, or null when it names none of this service's.</summary>
    public static string? ActionOf(HttpRequest request)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        return target.StartsWith(TargetPrefix, StringComparison.Ordinal) && target.Length > TargetPrefix.Length ? target[TargetPrefix.Length..] : null;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var action = ActionOf(request) ?? "(no action)";
        try
        {
            if (!HttpMethods.IsPost(request.Method) || request.Path != "/")
            {
                throw new SageMakerApiException(StatusCodes.Status404NotFound, "UnknownOperationException", string.Empty);
            }

            var body = context.Items[BodyItem] as byte[] ?? [];

            // The front end authenticates, then applies the account's rate limit, then routes.
            var authorization = verifier.Verify(request, body);
            if (!limiter.TryAcquire())
            {
                counters.CountThrottled();
                SageMakerEmulatorLog.Throttled(logger, action, limiter.RequestsPerSecond);
                throw SageMakerErrors.Throttling();
            }

            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || contentType.MediaType != AwsJsonResponse.ContentType)
            {
                throw SageMakerErrors.Serialization($"The Content-Type must be {AwsJsonResponse.ContentType}.");
            }

            using var json = SageMakerRequestBody.Parse(body);
            await (action switch
            {
                "StopPipelineExecution" => StopAsync(context, json, authorization),
                "DescribePipelineExecution" => DescribeAsync(context, json, authorization),
                "ListPipelineExecutionSteps" => ListStepsAsync(context, json, authorization),
                "ListPipelineExecutions" => ListExecutionsAsync(context, json, authorization),
                "SendPipelineExecutionStepSuccess" => AnswerAsync(context, json, success: true),
                "SendPipelineExecutionStepFailure" => AnswerAsync(context, json, success: false),
                _ => throw SageMakerErrors.UnknownOperation(),
            });
        }
        catch (SageMakerApiException e)
        {
            SageMakerEmulatorLog.RequestRejected(logger, action, e.HttpStatus, e.Type, e.Message);
            await AwsJsonResponse.WriteErrorAsync(context.Response, e);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested || e is BadHttpRequestException or IOException)
        {
            // The client went away mid-request: nobody to answer, nothing to fix here.
            SageMakerEmulatorLog.ClientLeft(logger, action);
        }
        catch (Exception e)
        {
            // The single translation point for bugs: a generic 500, details only in the log.
            SageMakerEmulatorLog.RequestFailed(logger, e, action);
            if (!context.Response.HasStarted)
            {
                await AwsJsonResponse.WriteErrorAsync(context.Response, SageMakerErrors.InternalFailure());
            }
        }
    }
}
