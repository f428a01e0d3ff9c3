using System.Text.Json;
using CancelGateway.Emulators.Vertex.Auth;
using CancelGateway.Emulators.Vertex.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.Vertex.Http;

/// <summary>
/// The Vertex AI v1 REST surface the gateway uses: routing, the bearer check, the methods, and
/// the one place where failures become Google JSON errors.
/// </summary>
internal sealed partial class VertexRequestHandler(
    VertexRunStore store,
    AccessTokenStore tokens,
    TokenEndpoint tokenEndpoint,
    ILogger<VertexRequestHandler> logger)
{
    /// <summary>BatchCancelPipelineJobsRequest.names: "A maximum of 32 PipelineJobs can be cancelled in a batch."</summary>
    public const int MaxBatchSize = 32;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var route = VertexRoute.Parse(request.Method, path);
        try
        {
            switch (route.Kind)
            {
                case VertexRouteKind.Token:
                    await tokenEndpoint.HandleAsync(context);
                    return;
                case VertexRouteKind.NotFound:
                    throw VertexErrors.RouteNotFound(request.Method, path);
                default:
                    break;
            }

            // Google's front end authenticates before the service sees the request.
            tokens.Authenticate(request.Headers.Authorization, HttpMethods.IsGet(request.Method), route.RpcMethod);
            await (route.Kind switch
            {
                VertexRouteKind.GetPipelineJob => GetPipelineJobAsync(context, route),
                VertexRouteKind.ListPipelineJobs => ListPipelineJobsAsync(context, route),
                VertexRouteKind.CancelPipelineJob => CancelPipelineJobAsync(context, route),
                VertexRouteKind.BatchCancelPipelineJobs => BatchCancelPipelineJobsAsync(context, route),
                _ => GetOperationAsync(context, route),
            });
        }
        catch (VertexApiException e)
        {
            VertexLog.RequestRejected(logger, request.Method, path, e.HttpStatus, e.Status, e.Message);
            await WriteErrorAsync(context, e);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested || e is BadHttpRequestException or IOException)
        {
            // The client went away, or sent a body cut short (it died mid-request): nobody to answer, nothing to fix here.
            VertexLog.ClientLeft(logger, request.Method, path);
        }
        catch (Exception e)
        {
            // The single translation point for bugs: a generic 500, details only in the log.
            VertexLog.RequestFailed(logger, e, request.Method, path);
            if (!context.Response.HasStarted)
            {
                await WriteErrorAsync(context, VertexErrors.Internal());
            }
        }
    }

    private async Task GetPipelineJobAsync(HttpContext context, VertexRoute route)
    {
        var job = store.Get(JobName(route));
        await JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, job, VertexJson.WritePipelineJob);
    }

    private async Task CancelPipelineJobAsync(HttpContext context, VertexRoute route)
    {
        // CancelPipelineJobRequest has only `name`, which the path carries; the body is `{}` or empty.
        using (await RequestJson.ReadObjectAsync(context.Request, "name"))
        {
        }

        var (job, started) = store.Cancel(JobName(route));
        if (started)
        {
            VertexLog.CancelStarted(logger, job.Name, job.State);
        }
        else
        {
            VertexLog.CancelRepeated(logger, job.Name, job.State);
        }

        // The response is google.protobuf.Empty.
        await JsonResponse.WriteAsync<object?>(context.Response, StatusCodes.Status200OK, null, VertexJson.WriteEmpty);
    }

    private async Task BatchCancelPipelineJobsAsync(HttpContext context, VertexRoute route)
    {
        var parent = route.Resource;
        var names = await ReadBatchNamesAsync(context.Request, parent);
        var operation = store.BatchCancel(parent, names);
        VertexLog.BatchCancelStarted(logger, operation.Name, operation.Jobs.Count, names.Count - operation.Jobs.Count);
        await JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, operation, VertexJson.WriteOperation);
    }

    private async Task GetOperationAsync(HttpContext context, VertexRoute route)
    {
        var operation = store.GetOperation(route.Resource);
        await JsonResponse.WriteAsync(context.Response, StatusCodes.Status200OK, operation, VertexJson.WriteOperation);
    }

    /// <summary>
    /// Validates the whole request before anything is cancelled: 1 to 32 well-formed names, all
    /// under the parent of the path (AIP-235: a mismatched parent must fail the request).
    /// </summary>
    private static async Task<List<PipelineJobName>> ReadBatchNamesAsync(HttpRequest request, string parent)
    {
        using var body = await RequestJson.ReadObjectAsync(request, "parent", "names");
        var values = new List<string>();
        if (body is not null && body.RootElement.TryGetProperty("names", out var names))
        {
            if (names.ValueKind != JsonValueKind.Array || names.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.String))
            {
                throw VertexErrors.InvalidJson("Invalid value at 'names': expected a list of strings.");
            }

            values.AddRange(names.EnumerateArray().Select(n => n.GetString()!));
        }

        if (values.Count == 0)
        {
            throw VertexErrors.InvalidArgument("names", "names is required: give the PipelineJobs to cancel.");
        }

        if (values.Count > MaxBatchSize)
        {
            throw VertexErrors.InvalidArgument("names", $"A maximum of {MaxBatchSize} PipelineJobs can be cancelled in a batch; got {values.Count}.");
        }

        var result = new List<PipelineJobName>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var field = $"names[{i}]";
            if (!PipelineJobName.TryParse(values[i], out var name))
            {
                throw VertexErrors.InvalidName(field, values[i]);
            }

            if (name.Value.Parent != parent)
            {
                throw VertexErrors.InvalidArgument(field, $"PipelineJob \"{values[i]}\" is not in the parent \"{parent}\" of the request.");
            }

            if (!result.Contains(name.Value))
            {
                result.Add(name.Value);
            }
        }

        return result;
    }

    private static PipelineJobName JobName(VertexRoute route) =>
        PipelineJobName.TryParse(route.Resource, out var name) ? name.Value : throw VertexErrors.JobNotFound(route.Resource);

    private static Task WriteErrorAsync(HttpContext context, VertexApiException error)
    {
        if (error.WwwAuthenticate is { } challenge)
        {
            context.Response.Headers.WWWAuthenticate = challenge;
        }

        return JsonResponse.WriteAsync(context.Response, error.HttpStatus, error, VertexJson.WriteError);
    }
}
