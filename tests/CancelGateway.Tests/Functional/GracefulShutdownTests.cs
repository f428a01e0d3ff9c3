using System.Diagnostics;
using System.Globalization;
using CancelGateway.Emulators.Vertex;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// SIGTERM with 50 WatchRun streams open (grpc-dotnet, Python grpcio and buf curl): every stream
/// ends with UNAVAILABLE saying the server is shutting down, within the drain time; the process
/// exits 0; restarted on the same store, the unfinished operations complete.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private const int Streams = 50;
    private const int PythonStreams = 2;
    private const int BufStreams = 2;

    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sigterm_FiftyWatchRunStreamsOpen_EachEndsUnavailableExitZeroRestartFinishes()
    {
        using var directory = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        await using var emulator = await VertexEmulator.StartAsync(
            new VertexEmulatorOptions { ConfigureLogging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Warning) }).Within();
        var keyFile = emulator.WriteServiceAccountKeyFile(directory.Path);
        var database = directory.File("operations.db");

        // Runs that stay CANCELLING well past the stop, so every watch is still open at SIGTERM.
        var runs = Enumerable.Range(0, Streams).Select(_ => emulator.AddRun(GatewayFixture.NewRunName("drain")).CancellingFor(TimeSpan.FromSeconds(20)).Name).ToList();
        var stubs = await PythonGatewayStubs.EnsureGeneratedAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var buf = await ForeignClientModules.BufAsync();

        var first = await GatewayProcess.StartAsync(GatewayTestHost.Arguments(emulator, keyFile, database, new Dictionary<string, string>
        {
            ["Gateway:ShutdownDrainTimeout"] = Drain.ToString("c", CultureInfo.InvariantCulture),
        }));
        var foreign = new List<(string Client, StreamingClientProcess Process)>();
        List<string> names;
        try
        {
            using var client = new GatewayClient(first.Address);
            var accepted = await Task.WhenAll(runs.Select(run => client.CancelAsync(run, Guid.NewGuid().ToString()))).WaitAsync(Budget);
            names = [.. accepted.Select(o => o.Name)];
            Assert.All(accepted, o => Assert.False(o.Done));

            var target = "127.0.0.1:" + first.Address.Port.ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < PythonStreams; i++)
            {
                foreign.Add(("python", StreamingClientProcess.Start(PythonGatewayStubs.Python,
                    [Path.Combine(RepoPaths.PythonClients, "gateway_client.py"), "--target", target, "--stubs", stubs, "--scenario", "watch_until_shutdown", "--run", runs[i]],
                    new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" })));
            }

            for (var i = PythonStreams; i < PythonStreams + BufStreams; i++)
            {
                foreign.Add(("buf", StreamingClientProcess.Start(buf,
                    ["curl", "--protocol", "grpc", "--http2-prior-knowledge", "-d", $"{{\"name\":\"{runs[i]}\"}}", $"{first.Address}cancelgateway.v1.PipelineControl/WatchRun"])));
            }

            // The rest on grpc-dotnet: each ends when the server ends it, with the status it sent.
            var dotnetWatches = runs.Skip(PythonStreams + BufStreams).Select(run => WatchUntilEndAsync(client, run)).ToList();
            await Task.WhenAll(dotnetWatches.Select(w => w.Streaming).Concat(foreign.Select(f => f.Process.Streaming))).WaitAsync(Budget);

            var sent = Stopwatch.GetTimestamp();
            var exitCode = await first.TerminateAsync(Budget);
            var exited = Stopwatch.GetElapsedTime(sent);
            var ends = (await Task.WhenAll(dotnetWatches.Select(w => w.End)).WaitAsync(Budget))
                .Select(e => (e.Status, After: Stopwatch.GetElapsedTime(sent, e.EndedAt))).ToList();
            output.WriteLine($"SIGTERM to exit: {exited.TotalMilliseconds:F0} ms; the last grpc-dotnet stream ended {ends.Max(e => e.After).TotalMilliseconds:F0} ms after SIGTERM");

            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{first.Output}");
            Assert.True(exited < Drain + TimeSpan.FromSeconds(3), $"the process took {exited} to exit (drain {Drain})");
            Assert.All(ends, e =>
            {
                Assert.Equal(StatusCode.Unavailable, e.Status.StatusCode);
                Assert.Contains("shutting down", e.Status.Detail, StringComparison.Ordinal);
                Assert.True(e.After < Drain, $"a stream ended {e.After} after SIGTERM");
            });
            foreach (var (name, process) in foreign)
            {
                var code = await process.ExitAsync(Budget);
                var said = process.StandardOutput + process.StandardError;
                if (name == "python")
                {
                    Assert.True(code == 0 && said.Contains("PASS python watch_until_shutdown", StringComparison.Ordinal), $"python exit {code}:\n{said}");
                }
                else
                {
                    Assert.True(code != 0, $"buf curl exited 0 after the stream was ended:\n{said}");
                    Assert.Contains("unavailable", process.StandardError, StringComparison.OrdinalIgnoreCase);
                    Assert.Contains("shutting down", process.StandardError, StringComparison.Ordinal);
                }
            }

            Assert.True(first.ErrorLines().Count == 0, $"errors logged during the stop:\n{string.Join('\n', first.Output.Split('\n').SkipWhile(l => !l.StartsWith("fail:", StringComparison.Ordinal)).Take(40))}");
        }
        finally
        {
            foreach (var (_, process) in foreign)
            {
                await process.DisposeAsync();
            }

            await first.DisposeAsync();
        }

        await using var second = await GatewayProcess.StartAsync(GatewayTestHost.Arguments(emulator, keyFile, database));
        using var restarted = new GatewayClient(second.Address);
        var done = await Task.WhenAll(names.Select(name => restarted.WaitDoneAsync(name, Budget))).WaitAsync(Budget);
        Assert.All(done, o => Assert.Equal(RunState.Cancelled, o.Response.Unpack<CancelRunResponse>().FinalState));
        Assert.Contains("Resuming", second.Output, StringComparison.Ordinal);
        Assert.Empty(second.ErrorLines());
    }

    /// <summary>A grpc-dotnet WatchRun: <c>Streaming</c> once the first snapshot came, <c>End</c> with the status that ended it and when (a <see cref="Stopwatch"/> timestamp).</summary>
    private static (Task Streaming, Task<(Status Status, long EndedAt)> End) WatchUntilEndAsync(GatewayClient client, string run)
    {
        var streaming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var end = Task.Run(async () =>
        {
            using var call = client.PipelineControl.WatchRun(new WatchRunRequest { Name = run }, deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(2));
            try
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                    streaming.TrySetResult();
                }

                return (Status.DefaultSuccess, Stopwatch.GetTimestamp());
            }
            catch (RpcException e)
            {
                streaming.TrySetResult();
                return (e.Status, Stopwatch.GetTimestamp());
            }
        });
        return (streaming.Task, end);
    }
}
