using System.Text;
using System.Text.Json;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Tests.Support;
using Xunit;

namespace CancelGateway.Tests.Providers.CodeArts;

/// <summary>
/// The signer on fixed inputs, against expected values worked out without it: constants derived by
/// hand with coreutils and OpenSSL (see each test), and, for varied inputs, a Python reference
/// (sdk_hmac_reference.py, standard library only) run at test time.
/// </summary>
public sealed class SdkHmacSha256SignerTests
{
    private const string AccessKey = "HPUAEXAMPLEACCESSKEY";
    private const string SecretKey = "ExampleSecretKey0123456789abcdefghijABCD";
    private const string EmptyBodySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly TimeSpan PythonTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Compute_DocumentedStopRequest_MatchesIndependentlyDerivedSignature()
    {
        // The StopPipelineRun example of the API reference, signed at 2024-06-14 08:00:00 UTC.
        // Derivation, independent of the signer:
        //   CR  = the canonical request below (written out by hand from the algorithm)
        //   H   = printf '%s' "$CR" | sha256sum                       -> 7a154674…266ba0
        //   SIG = printf 'SDK-HMAC-SHA256\n20240614T080000Z\n%s' "$H" \
        //           | openssl dgst -sha256 -hmac "$SK"                -> f25baa9c…c465e
        // (the Python reference gives the same).
        var uri = new Uri("https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com/v5/93d8e0553c20411fba06bb112b5b59af/api/pipelines/794514e0a3184e5db0a4740112deee0f/pipeline-runs/de6c9098f45a4ac58a6efc9c1b81df82/stop");
        var headers = Headers(("Host", "cloudpipeline-ext.cn-north-4.myhuaweicloud.com"), ("X-Sdk-Date", "20240614T080000Z"), ("Content-Type", "application/json; charset=utf-8"));

        var signature = SdkHmacSha256Signer.Compute("POST", uri, headers, [], AccessKey, SecretKey);

        Assert.Equal(
            "POST\n/v5/93d8e0553c20411fba06bb112b5b59af/api/pipelines/794514e0a3184e5db0a4740112deee0f/pipeline-runs/de6c9098f45a4ac58a6efc9c1b81df82/stop/\n\n"
            + "host:cloudpipeline-ext.cn-north-4.myhuaweicloud.com\nx-sdk-date:20240614T080000Z\n\nhost;x-sdk-date\n" + EmptyBodySha256,
            signature.CanonicalRequest);
        Assert.Equal("SDK-HMAC-SHA256\n20240614T080000Z\n7a1546740c6e4c6dd5449c6d166dafe76c9b303d599a579f080df211ba266ba0", signature.StringToSign);
        Assert.Equal("f25baa9c992a28d4427da93bfb3848fec9880891818b5ed83304a0e8609c465e", signature.Signature);
        Assert.Equal(
            $"SDK-HMAC-SHA256 Access={AccessKey}, SignedHeaders=host;x-sdk-date, Signature=f25baa9c992a28d4427da93bfb3848fec9880891818b5ed83304a0e8609c465e",
            signature.Authorization);
    }

    [Fact]
    public void Compute_DetailRequestWithQuery_MatchesIndependentlyDerivedSignature()
    {
        // ShowPipelineRunDetail on an emulator address: a query, a port in Host, an Accept header.
        // Derived like the test above: sha256 of the hand-written canonical request is
        // 51fb3cf7…7193c, its HMAC with the secret key 6b5fc4ad…fa225.
        var uri = new Uri("http://127.0.0.1:41234/v5/93d8e0553c20411fba06bb112b5b59af/api/pipelines/794514e0a3184e5db0a4740112deee0f/pipeline-runs/detail?pipeline_run_id=de6c9098f45a4ac58a6efc9c1b81df82");
        var headers = Headers(("Host", "127.0.0.1:41234"), ("X-Sdk-Date", "20250601T120000Z"), ("Accept", "application/json"));

        var signature = SdkHmacSha256Signer.Compute("GET", uri, headers, [], AccessKey, SecretKey);

        Assert.Equal(
            "GET\n/v5/93d8e0553c20411fba06bb112b5b59af/api/pipelines/794514e0a3184e5db0a4740112deee0f/pipeline-runs/detail/\npipeline_run_id=de6c9098f45a4ac58a6efc9c1b81df82\n"
            + "accept:application/json\nhost:127.0.0.1:41234\nx-sdk-date:20250601T120000Z\n\naccept;host;x-sdk-date\n" + EmptyBodySha256,
            signature.CanonicalRequest);
        Assert.Equal("SDK-HMAC-SHA256\n20250601T120000Z\n51fb3cf7c5dbca0db36d86a27041aef422cb1235406f2f90246c1f560aa7193c", signature.StringToSign);
        Assert.Equal("6b5fc4ad94add744ad998396f4de82acd086244d5d3d3bd362ebdf89a77fa225", signature.Signature);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/v5/p/stop", "/v5/p/stop/")]
    [InlineData("/v5/p/", "/v5/p/")]
    [InlineData("/a%20b/c~d/e%2Ff", "/a%20b/c~d/e%2Ff/")]
    [InlineData("/caf%C3%A9/x:y", "/caf%C3%A9/x%3Ay/")]
    public void CanonicalUri_Paths_EncodedSegmentsEndingInSlash(string path, string expected) =>
        Assert.Equal(expected, SdkHmacSha256Signer.CanonicalUri(path));

    [Theory]
    [InlineData("", "")]
    [InlineData("?b=2&a=1", "a=1&b=2")]
    [InlineData("?a=2&a=1&flag", "a=1&a=2&flag=")]
    [InlineData("?q=a%20b&r=x/y&s=%7E", "q=a%20b&r=x%2Fy&s=~")]
    [InlineData("?B=1&a=1", "B=1&a=1")]
    public void CanonicalQuery_Queries_SortedAndEncoded(string query, string expected) =>
        Assert.Equal(expected, SdkHmacSha256Signer.CanonicalQuery(query));

    [Fact]
    public void Encode_ReservedAndNonAscii_PercentEncodedUpperCase() =>
        Assert.Equal("AZaz09-_.~%20%2F%2B%3D%26%C3%BC%E2%82%AC", SdkHmacSha256Signer.Encode("AZaz09-_.~ /+=&ü€"));

    [Theory]
    [InlineData("GET", "https://cloudpipeline-ext.ap-southeast-1.myhuaweicloud.com/v5/p1/api/pipelines/x/pipeline-runs/detail?z=1&pipeline_run_id=r1&a=&a=0", "")]
    [InlineData("POST", "http://127.0.0.1:8080/v5/p1/api/pipelines/x/pipeline-runs/r1/stop", "{\"reason\":\"stuck\"}")]
    [InlineData("PUT", "https://example.myhuaweicloud.com/v1/a%20b/%E4%B8%AD/c?name=%E4%B8%AD%E6%96%87&x=a+b&y=%2B", "body with ünïcode")]
    [InlineData("DELETE", "https://example.myhuaweicloud.com/", "")]
    public async Task Compute_VariedRequests_MatchesPythonReference(string method, string url, string body)
    {
        var headers = Headers(
            ("Host", new Uri(url).Authority),
            ("X-Sdk-Date", "20251231T235959Z"),
            ("Accept", "  application/json  "),
            ("X-Project-Id", "0c6d3e1f2a4b5c6d7e8f9a0b1c2d3e4f"),
            ("Content-Type", "application/json"));
        var bytes = Encoding.UTF8.GetBytes(body);

        var signature = SdkHmacSha256Signer.Compute(method, new Uri(url), headers, bytes, AccessKey, SecretKey);
        var reference = await PythonReferenceAsync(method, url, headers, bytes).Within();

        Assert.Equal(reference.GetProperty("canonical_request").GetString(), signature.CanonicalRequest);
        Assert.Equal(reference.GetProperty("string_to_sign").GetString(), signature.StringToSign);
        Assert.Equal(reference.GetProperty("signature").GetString(), signature.Signature);
        Assert.Equal(reference.GetProperty("authorization").GetString(), signature.Authorization);
    }

    [Fact]
    public async Task Sign_Request_SetsHostDateAndAuthorizationTheReferenceAgreesWith()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:41234/v5/p1/api/pipelines/x/pipeline-runs/detail?pipeline_run_id=r1");
        request.Headers.Accept.ParseAdd("application/json");
        var at = new DateTimeOffset(2025, 6, 1, 12, 0, 5, TimeSpan.FromHours(8));

        var signature = SdkHmacSha256Signer.Sign(request, [], AccessKey, SecretKey, at);

        Assert.Equal("127.0.0.1:41234", request.Headers.Host);
        Assert.Equal("20250601T040005Z", Assert.Single(request.Headers.GetValues("X-Sdk-Date")));
        Assert.Equal(signature.Authorization, Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal("accept;host;x-sdk-date", signature.SignedHeaders);
        var reference = await PythonReferenceAsync("GET", request.RequestUri!.AbsoluteUri, Headers(("Host", "127.0.0.1:41234"), ("X-Sdk-Date", "20250601T040005Z"), ("Accept", "application/json")), []).Within();
        Assert.Equal(reference.GetProperty("authorization").GetString(), signature.Authorization);
    }

    [Fact]
    public void Sign_DefaultHttpsPort_HostWithoutPort()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com/v5/p/api/pipelines/x/pipeline-runs/r/stop");

        SdkHmacSha256Signer.Sign(request, [], AccessKey, SecretKey, DateTimeOffset.UnixEpoch);

        Assert.Equal("cloudpipeline-ext.cn-north-4.myhuaweicloud.com", request.Headers.Host);
        Assert.Equal("19700101T000000Z", Assert.Single(request.Headers.GetValues("X-Sdk-Date")));
    }

    [Fact]
    public void Compute_SecretKey_NeverInTheResult()
    {
        var signature = SdkHmacSha256Signer.Compute("GET", new Uri("https://h/"), Headers(("Host", "h"), ("X-Sdk-Date", "20250101T000000Z")), [], AccessKey, SecretKey);

        Assert.DoesNotContain(SecretKey, signature.ToString(), StringComparison.Ordinal);
    }

    private static List<KeyValuePair<string, string>> Headers(params (string Name, string Value)[] headers) =>
        [.. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))];

    private static async Task<JsonElement> PythonReferenceAsync(string method, string url, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "CancelGateway.Tests", "Providers", "CodeArts", "sdk_hmac_reference.py");
        var input = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["method"] = method,
            ["url"] = url,
            ["headers"] = headers.ToDictionary(h => h.Key, h => h.Value),
            ["body_b64"] = Convert.ToBase64String(body),
            ["ak"] = AccessKey,
            ["sk"] = SecretKey,
        });
        var result = await ProcessRunner.RunAsync(PythonGatewayStubs.Python, [script, input], PythonTimeout, environment: new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1" });
        Assert.True(result.Succeeded, $"The Python reference failed.{Environment.NewLine}{result.Describe()}");
        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }
}
