using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CancelGateway.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CancelGateway.Bench.Gateway;

/// <summary>
/// What authentication and authorization cost (bench/security.sh starts the gateways): the
/// same calls, in interleaved rounds, against a gateway with TLS alone and one with client
/// certificates + bearer tokens + a policy file; GetOperation throughput and Cancel latency.
///   GatewayBench --security-cost --plain URL --secured URL --ca CA --cert C --key K [--token T]
///                [--rounds 8] [--warmup 3] [--seconds 5] [--concurrency 32] [--cancels 300]
/// The first --warmup rounds of each are not counted (tiered compilation and dynamic PGO settle
/// over them: .NET's throughput roughly doubles over the first rounds).
/// </summary>
internal static class SecurityCost
{
    private const string EndedRun = "projects/demo-project/locations/us-central1/pipelineJobs/demo-succeeded";

    public static async Task RunAsync(string[] args)
    {
        string Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? throw new ArgumentException($"{name} is required.");
        int Number(string name, int fallback) => args.Contains(name) ? int.Parse(Value(name), CultureInfo.InvariantCulture) : fallback;
        var rounds = Number("--rounds", 8);
        var warmup = Number("--warmup", 3);
        var seconds = Number("--seconds", 5);
        var concurrency = Number("--concurrency", 32);
        var cancels = Number("--cancels", 300);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(Value("--ca"));
        // Both clients send the same calls with the same headers (the gateway with TLS alone has no
        // authentication configured and ignores the bearer token), so the load generator does the
        // same work for each and the difference is the server's.
        var token = args.Contains("--token") ? Value("--token") : null;
        var targets = new[]
        {
            ("TLS alone", Channel(Value("--plain"), ca, null, token)),
            (token is null ? "mTLS + policy" : "mTLS + JWT + policy", Channel(Value("--secured"), ca, X509Certificate2.CreateFromPemFile(Value("--cert"), Value("--key")), token)),
        };
        var results = targets.ToDictionary(t => t.Item1, _ => (Gets: new List<double>(), P50: new List<double>(), P99: new List<double>()));
        var operations = new Dictionary<string, string>();
        foreach (var (name, channel) in targets)
        {
            operations[name] = (await new V1.PipelineControl.PipelineControlClient(channel).CancelAsync(new CancelRequest { Name = EndedRun })).Name;
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, channel) in targets)
            {
                var client = new V1.PipelineControl.PipelineControlClient(channel);
                var gets = await GetsPerSecondAsync(client, operations[name], concurrency, TimeSpan.FromSeconds(seconds));
                var latency = await Load.RunAsync(cancels, 4, _ => client.CancelAsync(new CancelRequest { Name = EndedRun }).ResponseAsync);
                Console.WriteLine($"round {round}{(round < warmup ? " (warm-up)" : string.Empty)}  {name,-20}  GetOperation {gets,9:0} req/s   Cancel p50 {latency.P50,6:0.00} ms  p99 {latency.P99,6:0.00} ms");
                if (round >= warmup)
                {
                    results[name].Gets.Add(gets);
                    results[name].P50.Add(latency.P50);
                    results[name].P99.Add(latency.P99);
                }
            }
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var plain = results[targets[0].Item1];
        var secured = results[targets[1].Item1];
        Console.WriteLine();
        Console.WriteLine($"medians of {rounds - warmup} rounds: GetOperation {Median(plain.Gets):0} vs {Median(secured.Gets):0} req/s (secured/plain {Median(secured.Gets) / Median(plain.Gets):0.00}); "
            + $"Cancel p50 {Median(plain.P50):0.00} vs {Median(secured.P50):0.00} ms, p99 {Median(plain.P99):0.00} vs {Median(secured.P99):0.00} ms");
    }

    private static async Task<double> GetsPerSecondAsync(V1.PipelineControl.PipelineControlClient client, string operation, int concurrency, TimeSpan duration)
    {
        var request = new CancelGateway.V1.GetOperationRequest { Name = operation };
        long calls = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                await client.GetOperationAsync(request);
                Interlocked.Increment(ref calls);
            }
        }));
        return calls / stop.Elapsed.TotalSeconds;
    }

    private static GrpcChannel Channel(string address, X509Certificate2 ca, X509Certificate2? certificate, string? token)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return presented is not null && chain.Build(X509CertificateLoader.LoadCertificate(presented.GetRawCertData()));
                },
                ClientCertificates = certificate is null ? null : [certificate],
            },
        };
        var credentials = token is null
            ? ChannelCredentials.SecureSsl
            : ChannelCredentials.Create(ChannelCredentials.SecureSsl, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", "Bearer " + token);
                return Task.CompletedTask;
            }));
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, Credentials = credentials });
    }
}
