using System.Net.Http.Headers;
using CancelGateway.Providers.Http;

namespace CancelGateway.Providers.CodeArts;

/// <summary>Where a CodeArts call goes, and the call itself (through the HTTP core; authenticated by <see cref="CodeArtsAuthHandler"/>).</summary>
internal sealed partial class CodeArtsProvider
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private Uri BaseFor(RunName run) => CodeArtsEndpoints.For(run[CodeArtsRunNameForm.Region], _options);

    private Uri StopUri(RunName run) =>
        new(BaseFor(run), $"v5/{run[CodeArtsRunNameForm.Project]}/api/pipelines/{run[CodeArtsRunNameForm.Pipeline]}/pipeline-runs/{run[CodeArtsRunNameForm.Run]}/stop");

    private Uri ListUri(RunScope scope) =>
        new(CodeArtsEndpoints.For(scope[CodeArtsRunNameForm.Region], _options), $"v5/{scope[CodeArtsRunNameForm.Project]}/api/pipelines/{scope[CodeArtsRunNameForm.Pipeline]}/pipeline-runs/list");

    private Uri DetailUri(RunName run) =>
        new(BaseFor(run), $"v5/{run[CodeArtsRunNameForm.Project]}/api/pipelines/{run[CodeArtsRunNameForm.Pipeline]}/pipeline-runs/detail?pipeline_run_id={run[CodeArtsRunNameForm.Run]}");

    /// <summary>Sends one call for <paramref name="run"/>; an HTTP error comes back parsed, everything else throws.</summary>
    private Task<(ProviderResponse Response, CodeArtsApiError? Error)> SendAsync(HttpMethod method, Uri uri, RunName run, string what, CancellationToken cancellationToken) =>
        SendAsync(method, uri, run[CodeArtsRunNameForm.Region], run[CodeArtsRunNameForm.Project], json: null, what, cancellationToken);

    /// <summary>
    /// Sends one call in <paramref name="region"/> for <paramref name="project"/> (what the
    /// authentication is scoped to), with <paramref name="json"/> as the body of a POST (empty
    /// when null); an HTTP error comes back parsed, everything else throws.
    /// </summary>
    private async Task<(ProviderResponse Response, CodeArtsApiError? Error)> SendAsync(HttpMethod method, Uri uri, string region, string project, byte[]? json, string what, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(AcceptJson);
        if (method == HttpMethod.Post)
        {
            // StopPipelineRun has no body; an empty one with a length is what front ends expect of a POST.
            request.Content = new ByteArrayContent(json ?? []);
            request.Content.Headers.ContentType = JsonMediaType;
        }

        request.Options.Set(ProviderRequest.Region, region);
        request.Options.Set(ProviderRequest.Project, project);
        var response = await _http.SendAsync(request, what, cancellationToken);
        return (response, response.IsSuccess ? null : CodeArtsErrorMapper.ReadError(response.Message, response.Body, _timeProvider));
    }
}
