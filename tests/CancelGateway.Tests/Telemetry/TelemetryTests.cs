using System.Diagnostics;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Tests.Functional;
using CancelGateway.Telemetry;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Xunit;

namespace CancelGateway.Tests.Telemetry;

/// <summary>Traces and metrics as an operator collects them: one Cancel is one trace; /metrics counts it.</summary>
[Collection(FunctionalTests.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task Cancel_SpansCollected_RpcProviderHttpAndEngineSpansInOneTrace()
    {
        var spans = new List<Activity>();
        await using var world = await StartAsync(
            builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)),
            new Dictionary<string, string> { ["Telemetry:Traces"] = "true" });
        var run = world.Emulator.AddRun(GatewayFixture.NewRunName("traced")).CancellingFor(TimeSpan.FromMilliseconds(300)).Name;

        var accepted = await world.Gateway.Client.CancelAsync(run, Guid.NewGuid().ToString());
        var done = await world.Gateway.Client.WaitDoneAsync(accepted.Name);
        Assert.Equal(RunState.Cancelled, done.Response.Unpack<CancelRunResponse>().FinalState);

        List<Activity> Snapshot()
        {
            lock (spans)
            {
                return [.. spans];
            }
        }

        // The RPC's server span ends before the engine's last poll: look until both are exported.
        var clock = Stopwatch.StartNew();
        Activity? rpc = null;
        List<Activity> trace = [];
        while (clock.Elapsed < TestTimeouts.Default)
        {
            var all = Snapshot();
            rpc = all.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.DisplayName == "cancelgateway.v1.PipelineControl/Cancel");
            trace = rpc is null ? [] : [.. all.Where(s => s.TraceId == rpc.TraceId)];
            if (trace.Any(s => s.OperationName == "cancelgateway.poll" && s.GetTagItem("cancelgateway.operation") as string == accepted.Name))
            {
                break;
            }

            await Task.Delay(50);
        }

        var described = string.Join('\n', trace.Select(s => $"{s.Source.Name} {s.Kind} {s.DisplayName} parent={s.ParentSpanId}"));
        Assert.True(rpc is not null, "no server span for the Cancel RPC:\n" + string.Join('\n', Snapshot().Select(s => $"{s.Source.Name} {s.Kind} {s.DisplayName}")));
        // The RPC semantic conventions on the RPC's span; its parent is the caller's span (this process's HttpClient).
        Assert.Equal("grpc", rpc.GetTagItem("rpc.system"));
        Assert.Equal("cancelgateway.v1.PipelineControl", rpc.GetTagItem("rpc.service"));
        Assert.Equal("Cancel", rpc.GetTagItem("rpc.method"));
        Assert.Equal(0, rpc.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, rpc.Status);
        Assert.True(rpc.HasRemoteParent);
        var submit = trace.FirstOrDefault(s => s.Source.Name == "CancelGateway" && s.OperationName == "cancelgateway.submit");
        Assert.True(submit is not null, "no engine submission span in the Cancel's trace:\n" + described);
        Assert.Equal(rpc.SpanId, submit.ParentSpanId);
        Assert.Equal(accepted.Name, submit.GetTagItem("cancelgateway.operation"));
        Assert.Equal(run, submit.GetTagItem("cancelgateway.run"));
        Assert.Equal("vertex-ai", submit.GetTagItem("cancelgateway.provider"));
        Assert.Contains(trace, s => s.OperationName == "cancelgateway.poll" && s.ParentSpanId == rpc.SpanId);
        // The emulator in this process stands in for the provider's own server: its requests are not spans of the gateway.
        Assert.True(trace.Count(s => s.Kind == ActivityKind.Server) == 1, "a server span other than the RPC's in the trace:\n" + described);

        // The provider's HTTP calls are children of the engine's spans: the cancel POST under the submission.
        // (The test's own gRPC call is in this process too: the client span above the RPC's, left out.)
        var http = trace.Where(s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http" && s.SpanId != rpc.ParentSpanId).ToList();
        Assert.True(http.Count >= 2, "expected the provider HTTP calls (cancel, status reads) in the trace:\n" + described);
        Assert.Contains(http, s => s.ParentSpanId == submit.SpanId);
        Assert.All(http, s => Assert.Contains(trace, parent => parent.SpanId == s.ParentSpanId && parent.Source.Name == "CancelGateway"));
    }

    [Fact]
    public async Task Reads_WithReadTraceRatioZero_AreRecordedOnlyWhenTheCallerSampledThem()
    {
        var spans = new List<Activity>();
        await using var world = await StartAsync(
            builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)),
            new Dictionary<string, string> { ["Telemetry:Traces"] = "true", ["Telemetry:ReadTraceRatio"] = "0" });
        var run = world.Emulator.AddRun(GatewayFixture.NewRunName("sampled")).CancellingFor(TimeSpan.FromMilliseconds(100)).Name;

        // A caller with no trace of its own, as grpcurl or a poller is: this process's HttpClient
        // spans would otherwise be the server spans' sampled parents.
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(world.Gateway.Address, new Grpc.Net.Client.GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ActivityHeadersPropagator = null, EnableMultipleHttp2Connections = true },
        });
        using var caller = new GatewayClient(channel);
        var accepted = await caller.CancelAsync(run, Guid.NewGuid().ToString());
        await caller.WaitDoneAsync(accepted.Name);
        await caller.GetOperationAsync(accepted.Name);
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var sampled = new Grpc.Core.Metadata
        {
            { "traceparent", $"00-{traceId.ToHexString()}-{callerSpan.ToHexString()}-01" },
            { "baggage", "tenant=blue,team=ml" },
        };
        await caller.PipelineControl.GetOperationAsync(new GetOperationRequest { Name = accepted.Name }, sampled, TimeProvider.System.GetUtcNow().UtcDateTime + GatewayClient.CallTimeout);

        List<Activity> ServerSpans(string method)
        {
            lock (spans)
            {
                return [.. spans.Where(s => s.Kind == ActivityKind.Server && s.DisplayName == "cancelgateway.v1.PipelineControl/" + method)];
            }
        }

        // The in-memory exporter takes each span as it ends; the sampled read ended last.
        var clock = Stopwatch.StartNew();
        while (ServerSpans("GetOperation").Count == 0 && clock.Elapsed < TestTimeouts.Default)
        {
            await Task.Delay(20);
        }

        var reads = ServerSpans("GetOperation");
        Assert.Equal([traceId], reads.Select(s => s.TraceId));
        Assert.Equal(callerSpan, reads[0].ParentSpanId);
        Assert.True(reads[0].HasRemoteParent);
        Assert.Equal([("tenant", "blue"), ("team", "ml")], reads[0].Baggage.Select(item => (item.Key, item.Value)));
        Assert.Single(ServerSpans("Cancel"));
    }

    [Fact]
    public async Task RestCall_Traced_SpanIsNamedByItsRouteWithTheStatus()
    {
        var spans = new List<Activity>();
        await using var world = await StartAsync(
            builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)),
            new Dictionary<string, string> { ["Telemetry:Traces"] = "true" });
        using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { Timeout = TestTimeouts.Default };
        using var response = await http.PostAsync(new Uri(world.Gateway.HttpAddress, $"/v1/operations/{Guid.NewGuid():N}:cancel"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.NotImplemented, response.StatusCode);

        Activity? span = null;
        var clock = Stopwatch.StartNew();
        while (span is null && clock.Elapsed < TestTimeouts.Default)
        {
            lock (spans)
            {
                span = spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") is string path && path.EndsWith(":cancel", StringComparison.Ordinal));
            }

            await Task.Delay(20);
        }

        Assert.NotNull(span);
        var route = Assert.IsType<string>(span.GetTagItem("http.route"));
        Assert.Contains(":cancel", route, StringComparison.Ordinal);
        Assert.Equal("POST " + route, span.DisplayName);
        Assert.Equal("POST", span.GetTagItem("http.request.method"));
        Assert.Equal(501, span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public void RequestSpans_ReadsAreTheGetsAndTheMethodsThatOnlyReturnStoredState()
    {
        static bool Read(string method, string path) => RequestSpans.IsRead(method, path);

        Assert.True(Read("POST", "/cancelgateway.v1.PipelineControl/GetOperation"));
        Assert.True(Read("POST", "/google.longrunning.Operations/GetOperation"));
        Assert.True(Read("POST", "/google.longrunning.Operations/ListOperations"));
        Assert.True(Read("POST", "/cancelgateway.v1.PipelineControl/ListAuditEvents"));
        Assert.True(Read("POST", "/grpc.health.v1.Health/Check"));
        Assert.True(Read("GET", "/v1/operations/0123"));
        Assert.False(Read("POST", "/cancelgateway.v1.PipelineControl/Cancel"));
        Assert.False(Read("POST", "/cancelgateway.v1.PipelineControl/BatchCancel"));
        Assert.False(Read("POST", "/cancelgateway.v1.PipelineControl/WatchRun"));
        Assert.False(Read("POST", "/google.longrunning.Operations/DeleteOperation"));
        Assert.False(Read("POST", "/google.longrunning.Operations/WaitOperation"));
        Assert.False(Read("POST", "/v1/projects/p/locations/l/pipelineJobs/j:cancel"));
    }

    [Fact]
    public void RequestSpans_ReadTraceRatio_ChoosesThatShareOfReads()
    {
        static int Chosen(double ratio)
        {
            var spans = new RequestSpans(ratio, new ReadTraceBudget(int.MaxValue, TimeProvider.System));
            return Enumerable.Range(0, 20_000).Count(_ => spans.ChoosesRead());
        }

        Assert.Equal(0, Chosen(0));
        Assert.Equal(20_000, Chosen(1));
        Assert.InRange(Chosen(0.1), 1_700, 2_300);
    }

    [Fact]
    public void ReadTraceBudget_AllowsSoManyInEachSecondOfTheClock()
    {
        var clock = new FakeTimeProvider();
        var budget = new ReadTraceBudget(3, clock);
        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(_ => budget.TryTake()));

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(budget.TryTake());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => budget.TryTake()));

        var none = new ReadTraceBudget(0, clock);
        Assert.False(none.TryTake());
    }

    [Fact]
    public async Task Reads_BeyondReadTracesPerSecond_AreNotRecordedUntilTheNextSecond()
    {
        var spans = new List<Activity>();
        var clock = new FakeTimeProvider();
        await using var world = await StartAsync(
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            },
            new Dictionary<string, string> { ["Telemetry:Traces"] = "true", ["Telemetry:ReadTraceRatio"] = "1", ["Telemetry:ReadTracesPerSecond"] = "2" });

        // A poller with no trace of its own; the operation need not exist for its read to be one.
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(world.Gateway.Address, new Grpc.Net.Client.GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ActivityHeadersPropagator = null },
        });
        using var caller = new GatewayClient(channel);
        async Task ReadAsync(int times)
        {
            for (var i = 0; i < times; i++)
            {
                var missing = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => caller.GetOperationAsync("operations/" + Guid.NewGuid().ToString("N")));
                Assert.Equal(Grpc.Core.StatusCode.NotFound, missing.StatusCode);
            }
        }

        int Recorded()
        {
            lock (spans)
            {
                return spans.Count(s => s.Kind == ActivityKind.Server && s.DisplayName == "cancelgateway.v1.PipelineControl/GetOperation");
            }
        }

        // The in-memory exporter takes each span as it ends, before the caller has the response.
        await ReadAsync(10);
        Assert.Equal(2, Recorded());
        clock.Advance(TimeSpan.FromSeconds(1));
        await ReadAsync(10);
        Assert.Equal(4, Recorded());

        // NOT_FOUND is the caller's error: in the span's attributes, not an error status of the server.
        lock (spans)
        {
            Assert.All(spans.Where(s => s.Kind == ActivityKind.Server), s =>
            {
                Assert.Equal(5, s.GetTagItem("rpc.grpc.status_code"));
                Assert.Equal(ActivityStatusCode.Unset, s.Status);
            });
        }
    }

    [Fact]
    public async Task Metrics_AfterACancel_PrometheusTextHasTheOperationCounters()
    {
        await using var world = await StartAsync();
        var run = world.Emulator.AddRun(GatewayFixture.NewRunName("counted")).CancellingFor(TimeSpan.FromMilliseconds(100)).Name;
        var accepted = await world.Gateway.Client.CancelAsync(run, Guid.NewGuid().ToString());
        await world.Gateway.Client.WaitDoneAsync(accepted.Name);
        var missing = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => world.Gateway.Client.GetOperationAsync("operations/" + Guid.NewGuid().ToString("N")));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, missing.StatusCode);

        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        var text = await http.GetStringAsync(new Uri(world.Gateway.HttpAddress, "/metrics"));

        Assert.Contains("cancelgateway_operations_created_total{", text, StringComparison.Ordinal);
        Assert.Matches(@"cancelgateway_operations_done_total\{[^}]*kind=""cancel""[^}]*outcome=""cancelled""[^}]*provider=""vertex-ai""", text);
        Assert.Contains("cancelgateway_provider_call_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("cancelgateway_store_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("cancelgateway_operations_in_flight", text, StringComparison.Ordinal);

        // Every RPC by method and gRPC status, the refused ones too; ASP.NET Core's per-request
        // instruments that no one asked for are not collected (HTTP durations only by setting).
        Assert.Matches(@"rpc_server_call_duration_seconds_count\{[^}]*rpc_grpc_status_code=""0""[^}]*rpc_method=""cancelgateway.v1.PipelineControl/Cancel""[^}]*\} 1\b", text);
        Assert.Matches(@"rpc_server_call_duration_seconds_count\{[^}]*rpc_grpc_status_code=""5""[^}]*rpc_method=""cancelgateway.v1.PipelineControl/GetOperation""[^}]*\} 1\b", text);
        Assert.DoesNotContain("http_server_request_duration", text, StringComparison.Ordinal);
        Assert.DoesNotContain("kestrel_queued_requests", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http_server_active_requests", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_memory_pool", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_routing_match_attempts", text, StringComparison.Ordinal);

        // Only on the HTTP/1.1 listener: the gRPC port does not serve it.
        using var grpcPort = new HttpClient { Timeout = TestTimeouts.Default, DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var onGrpc = await grpcPort.GetAsync(new Uri(world.Gateway.Address, "/metrics"));
        Assert.NotEqual(System.Net.HttpStatusCode.OK, onGrpc.StatusCode);
    }

    [Fact]
    public async Task Metrics_CallsRefusedBeforeTheirHandler_CountWithTheirStatus()
    {
        using var keys = new TempDirectory();
        using var tokens = new TestTokens(keys.File("jwks.json"));
        await using var world = await StartAsync(settings: tokens.Settings);

        // No credentials: the caller check refuses the call before any handler runs.
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => world.Gateway.Client.CancelAsync(GatewayFixture.NewRunName("anonymous")));
        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, refused.StatusCode);

        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        var text = await http.GetStringAsync(new Uri(world.Gateway.HttpAddress, "/metrics"));
        Assert.Matches(@"rpc_server_call_duration_seconds_count\{[^}]*rpc_grpc_status_code=""16""[^}]*rpc_method=""cancelgateway.v1.PipelineControl/Cancel""[^}]*\} 1\b", text);
    }

    [Fact]
    public async Task Metrics_ABidirectionalCall_IsCountedWhenItEnds()
    {
        await using var world = await StartAsync();

        // Server reflection is the gateway's one bidirectional method.
        var reflection = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(world.Gateway.Client.Channel);
        using (var call = reflection.ServerReflectionInfo(deadline: TimeProvider.System.GetUtcNow().UtcDateTime + TestTimeouts.Default))
        {
            await call.RequestStream.WriteAsync(new Grpc.Reflection.V1.ServerReflectionRequest { ListServices = string.Empty });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, service => service.Name == "cancelgateway.v1.PipelineControl");
            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(Grpc.Core.StatusCode.OK, call.GetStatus().StatusCode);
        }

        using var http = new HttpClient { Timeout = TestTimeouts.Default };
        var text = await http.GetStringAsync(new Uri(world.Gateway.HttpAddress, "/metrics"));
        Assert.Matches(@"rpc_server_call_duration_seconds_count\{[^}]*rpc_grpc_status_code=""0""[^}]*rpc_method=""grpc.reflection.v1.ServerReflection/ServerReflectionInfo""[^}]*\} 1\b", text);
    }

    private static async Task<World> StartAsync(Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var directory = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        var emulator = await VertexEmulator.StartAsync(new VertexEmulatorOptions { ConfigureLogging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Warning) }).Within();
        var keyFile = emulator.WriteServiceAccountKeyFile(directory.Path);
        var gateway = await GatewayTestHost.StartAsync(emulator, keyFile, directory.File("operations.db"), logs, settings, configure);
        return new World(directory, emulator, gateway);
    }

    private sealed record World(TempDirectory Directory, VertexEmulator Emulator, GatewayTestHost Gateway) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Emulator.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Dispose();
        }
    }
}
