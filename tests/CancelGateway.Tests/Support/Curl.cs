using System.Globalization;
using System.Text.Json;

namespace CancelGateway.Tests.Support;

/// <summary>
/// The curl command-line tool (a client that owes nothing to .NET) over HTTP/1.1, for the REST/JSON
/// routes. Every call is bounded: curl's own <c>--max-time</c>, and the process runner's limit
/// beyond it, which kills curl if it does not stop by itself.
/// </summary>
internal static class Curl
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    // Writes the status after the body on a line of its own, so the body is kept byte for byte.
    private const string StatusMarker = "\n--curl-status--";

    public static Task<CurlResponse> PostAsync(Uri address, string path, object body, TimeSpan? timeout = null) =>
        RunAsync(address, path, ["-X", "POST", "-H", "content-type: application/json", "--data-binary", JsonSerializer.Serialize(body)], timeout);

    public static Task<CurlResponse> DeleteAsync(Uri address, string path) => RunAsync(address, path, ["-X", "DELETE"], null);

    /// <summary>A GET with query parameters, which curl URL-encodes (run names hold ':', '/' and spaces in filters).</summary>
    public static Task<CurlResponse> GetAsync(Uri address, string path, IEnumerable<(string Name, string Value)>? query = null, TimeSpan? timeout = null, string? bearer = null) =>
        RunAsync(address, path, ["-G", .. (query ?? []).SelectMany(q => new[] { "--data-urlencode", $"{q.Name}={q.Value}" }), .. bearer is null ? Array.Empty<string>() : ["-H", "authorization: Bearer " + bearer]], timeout);

    private static async Task<CurlResponse> RunAsync(Uri address, string path, IReadOnlyList<string> arguments, TimeSpan? timeout)
    {
        var limit = timeout ?? DefaultTimeout;
        var result = await ProcessRunner.RunAsync(
            "curl",
            [
                "--silent", "--show-error", "--http1.1", "--no-buffer",
                "--max-time", ((int)limit.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                "--write-out", StatusMarker + "%{http_code}",
                .. arguments,
                new Uri(address, path).AbsoluteUri,
            ],
            limit + TimeSpan.FromSeconds(10));
        var marker = result.StandardOutput.LastIndexOf(StatusMarker, StringComparison.Ordinal);
        if (!result.Succeeded || marker < 0)
        {
            throw new Xunit.Sdk.XunitException($"curl did not complete the exchange.{Environment.NewLine}{result.Describe()}");
        }

        var status = int.Parse(result.StandardOutput.AsSpan(marker + StatusMarker.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        return new CurlResponse(status, result.StandardOutput[..marker], result);
    }
}
