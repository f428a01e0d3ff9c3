using System.Net;
using System.Net.Http.Headers;

namespace CancelGateway.Providers.CodeArts;

/// <summary>One authenticated call to CodeArts, and where it goes.</summary>
internal sealed partial class CodeArtsProvider
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private Uri BaseFor(RunName run) => CodeArtsEndpoints.For(run["region"], _options);

    private Uri StopUri(RunName run) =>
        new(BaseFor(run), $"v5/{run["project"]}/api/pipelines/{run["pipeline"]}/pipeline-runs/{run["run"]}/stop");

    private Uri DetailUri(RunName run) =>
        new(BaseFor(run), $"v5/{run["project"]}/api/pipelines/{run["pipeline"]}/pipeline-runs/detail?pipeline_run_id={run["run"]}");

    /// <summary>
    /// Authenticates, sends the request and reads the whole response within
    /// <see cref="CodeArtsOptions.RequestTimeout"/> (an IAM token request included). Throws
    /// <see cref="ProviderException"/> for everything but an HTTP answer; an HTTP error comes back
    /// parsed, because what it means depends on the call (a refused stop of an ended run is not a failure).
    /// </summary>
    private async Task<CodeArtsCallResult> SendAsync(HttpMethod method, Uri uri, RunName run, string what, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(AcceptJson);

        // StopPipelineRun has no body; an empty one with a length is what front ends expect of a POST.
        byte[] body = [];
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonMediaType;
        }

        var region = run["region"];
        try
        {
            await _authenticator.AuthenticateAsync(request, body, region, run["project"], linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(CodeArtsErrorMapper.FromTimeout(_options.RequestTimeout, what, iam: true), what);
        }
        catch (ProviderException failure)
        {
            throw Fail(failure, what, logged: failure.Reason == CodeArtsErrorMapper.AuthenticationFailedReason);
        }

        var client = _httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            var requestId = CodeArtsErrorMapper.ReadRequestId(response);
            var error = response.IsSuccessStatusCode ? null : CodeArtsErrorMapper.ReadError(response, text, _timeProvider, _options.Secrets);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                _authenticator.Refused(request, region);
            }

            return new CodeArtsCallResult((int)response.StatusCode, text, requestId, error);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && (timeout.IsCancellationRequested || ex.InnerException is TimeoutException))
        {
            throw Fail(CodeArtsErrorMapper.FromTimeout(_options.RequestTimeout, what, iam: false), what);
        }
        catch (Exception ex) when (CodeArtsErrorMapper.IsTransportFailure(ex))
        {
            throw Fail(CodeArtsErrorMapper.FromTransportFailure(ex, what, iam: false), what);
        }
    }

    private ProviderException Fail(ProviderException exception, string what, bool logged = false)
    {
        if (logged)
        {
            return exception;
        }

        if (exception.Reason == CodeArtsErrorMapper.AuthenticationFailedReason)
        {
            CodeArtsLog.AuthenticationFailed(_logger, what, exception.Message);
        }
        else if (exception.Reason == CodeArtsErrorMapper.ClockSkewReason)
        {
            CodeArtsLog.ClockSkew(_logger, what, exception.Message);
        }
        else
        {
            CodeArtsLog.CallFailed(_logger, what, exception.Reason, exception.IsTransient);
        }

        return exception;
    }
}
