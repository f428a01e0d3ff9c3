using System.Globalization;
using CancelGateway.Emulators.CodeArts.Auth;
using CancelGateway.Emulators.CodeArts.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CancelGateway.Emulators.CodeArts.Http;

/// <summary>
/// The CodeArts Pipeline v5 surface the gateway uses and IAM's token endpoint: routing, the API
/// Gateway's authentication (X-Auth-Token or SDK-HMAC-SHA256), the methods, and the one place
/// where refusals become Huawei error bodies.
/// </summary>
internal sealed class CodeArtsRequestHandler(
    CodeArtsRunStore store,
    IamTokenStore tokens,
    IamTokenEndpoint tokenEndpoint,
    SdkSignatureVerifier verifier,
    CodeArtsEmulatorOptions options,
    ILogger<CodeArtsRequestHandler> logger)
{
    public const string RunIdQuery = "pipeline_run_id";
    public const string AuthTokenHeader = "X-Auth-Token";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var route = CodeArtsRoute.Parse(request.Method, path, request.Query[RunIdQuery].FirstOrDefault());

        // The server's time on every answer, from the emulator's clock (Kestrel's would be the
        // machine's): a client told its signature is refused compares it with its own.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.Date = store.Time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        try
        {
            switch (route.Kind)
            {
                case CodeArtsRouteKind.Token:
                    await tokenEndpoint.HandleAsync(context);
                    return;
                case CodeArtsRouteKind.NotFound:
                    throw CodeArtsErrors.RouteNotFound();
                default:
                    break;
            }

            // API Gateway authenticates before the service sees the request.
            var body = await ReadBodyAsync(request);
            Authenticate(request, body);
            if (route.Kind == CodeArtsRouteKind.ListPipelineRuns)
            {
                await ListAsync(context, route, body);
                return;
            }

            if (route.Kind == CodeArtsRouteKind.StopPipelineRun)
            {
                var (run, started) = store.Stop(route.ProjectId, route.PipelineId, route.RunId);
                if (started)
                {
                    var status = run.Status.ToWireName();
                    CodeArtsLog.StopStarted(logger, run.RunId, status);
                }
                else
                {
                    CodeArtsLog.StopRepeated(logger, run.RunId);
                }

                await CodeArtsResponse.WriteAsync(context.Response, StatusCodes.Status200OK, true, CodeArtsJson.WriteStopped);
                return;
            }

            if (route.RunId.Length == 0)
            {
                throw CodeArtsErrors.InvalidParameter($"The query parameter {RunIdQuery} is required.");
            }

            var detail = store.Detail(route.ProjectId, route.PipelineId, route.RunId);
            await CodeArtsResponse.WriteAsync(
                context.Response, StatusCodes.Status200OK, new CodeArtsJson.DetailView(detail, options.Region, options.DomainId, store.Time.GetUtcNow()), CodeArtsJson.WriteDetail);
        }
        catch (CodeArtsApiException e)
        {
            CodeArtsLog.RequestRejected(logger, request.Method, path, e.HttpStatus, e.ErrorCode, e.Message);
            await CodeArtsResponse.WriteErrorAsync(context, e);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested || e is BadHttpRequestException or IOException)
        {
            // The client went away, or sent a body cut short: nobody to answer, nothing to fix here.
            CodeArtsLog.ClientLeft(logger, request.Method, path);
        }
        catch (Exception e)
        {
            // The single translation point for bugs: a generic 500, details only in the log.
            CodeArtsLog.RequestFailed(logger, e, request.Method, path);
            if (!context.Response.HasStarted)
            {
                await CodeArtsResponse.WriteErrorAsync(context, CodeArtsErrors.Internal());
            }
        }
    }

    /// <summary>ListPipelineRuns: the body is checked before the pipeline is looked up, then one page of its runs in the asked order.</summary>
    private async Task ListAsync(HttpContext context, CodeArtsRoute route, byte[] body)
    {
        var query = CodeArtsListQuery.Parse(body);
        var runs = store.List(route.ProjectId, route.PipelineId).Where(query.Matches);
        var sorted = (query.Descending ? runs.OrderByDescending(query.SortValue).ThenByDescending(run => run.RunNumber) : runs.OrderBy(query.SortValue).ThenBy(run => run.RunNumber)).ToList();
        var page = sorted.Skip(query.Offset).Take(query.Limit).ToList();
        CodeArtsLog.RunsListed(logger, route.PipelineId, page.Count, sorted.Count);
        await CodeArtsResponse.WriteAsync(
            context.Response, StatusCodes.Status200OK, new CodeArtsJson.RunsPage(page, query.Offset, query.Limit, sorted.Count, options.Region), CodeArtsJson.WriteRunsPage);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    private void Authenticate(HttpRequest request, byte[] body)
    {
        if (SdkSignatureVerifier.IsSigned(request))
        {
            verifier.Verify(request, body);
            return;
        }

        var token = request.Headers[AuthTokenHeader].ToString();
        if (token.Length == 0)
        {
            throw CodeArtsErrors.Unauthenticated("the request carries neither an X-Auth-Token nor an SDK-HMAC-SHA256 Authorization header");
        }

        tokens.Authenticate(token);
    }
}
