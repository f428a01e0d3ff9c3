using System.Text.Json;

namespace CancelGateway.Tests.Support;

/// <summary>What <see cref="Curl"/> got back: the HTTP status and the body, with the process run for failure messages.</summary>
internal sealed record CurlResponse(int Status, string Body, ProcessResult Process)
{
    /// <summary>The body as one JSON value.</summary>
    public JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Body);

    /// <summary>
    /// The body as a stream of JSON objects, one per line: how JSON transcoding writes a server
    /// stream (WatchRun) when the JSON is not indented.
    /// </summary>
    public IReadOnlyList<JsonElement> JsonLines =>
        [.. Body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => JsonSerializer.Deserialize<JsonElement>(line))];

    /// <summary>For assertion messages.</summary>
    public string Describe() => $"HTTP {Status}{Environment.NewLine}{Process.Describe()}";
}
