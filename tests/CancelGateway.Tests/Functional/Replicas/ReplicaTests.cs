using System.Diagnostics;
using CancelGateway.Emulators.Hosting;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.LongRunning;
using Grpc.Core;
using Xunit;
using Xunit.Abstractions;

namespace CancelGateway.Tests.Functional.Replicas;

/// <summary>
/// Three gateway processes on one PostgreSQL database, the emulators out of process: a thousand
/// Cancels to random replicas (a third repeats of a request id, some joins), with and without a
/// replica SIGKILLed in the middle; every run is stopped exactly once, counted at the emulator.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class ReplicaTests(ITestOutputHelper output)
{
    private const int RunsPerProvider = 200;
    private const int Repeats = 334;
    private const int Joins = 66;
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(3);

    // How long a run takes to stop once asked: long enough that a join sent beside the first
    // Cancel still finds that Cancel in flight when the machine is so loaded that one replica
    // answers seconds after another (a run that has already stopped is a new operation, rightly).
    private const string StopMs = "30000";

    [Fact]
    public async Task Cancel_ThousandRequestsToRandomReplicas_EveryRunCancelledAndStoppedOnce()
    {
        await using var set = await ReplicaSet.StartAsync(3, new Dictionary<string, string>(), "--running-runs", RunsPerProvider.ToString(System.Globalization.CultureInfo.InvariantCulture), "--stop-ms", StopMs);

        var names = await SendThousandAsync(set, killAfterAnswers: null);

        await AssertEveryRunCancelledOnceAsync(set, names);
        Assert.Empty(set.ErrorLines());
    }

    [Fact]
    public async Task Cancel_ReplicaKilledMidway_TheOthersTakeOverAndFinishEveryRunOnce()
    {
        await using var set = await ReplicaSet.StartAsync(3, new Dictionary<string, string>(), "--running-runs", RunsPerProvider.ToString(System.Globalization.CultureInfo.InvariantCulture), "--stop-ms", StopMs);
        var victim = set.Replicas[0];
        var survivors = set.Replicas.Skip(1).ToList();
        var killedAt = new TaskCompletionSource<(Stopwatch Clock, int ResumedBefore)>(TaskCreationOptions.RunContinuationsAsynchronously);

        var sending = SendThousandAsync(set, killAfterAnswers: 400, onKill: async () =>
        {
            await victim.KillAsync();
            killedAt.TrySetResult((Stopwatch.StartNew(), survivors.Sum(ResumedLines)));
        });

        // The takeover: the first claim by a survivor after the kill (counted from the kill, so a
        // lease that lapsed earlier on a loaded machine is not taken for it).
        var (sinceKill, resumedBefore) = await killedAt.Task.WaitAsync(Budget);
        while (survivors.Sum(ResumedLines) == resumedBefore)
        {
            Assert.True(sinceKill.Elapsed < Budget, "No survivor took over the killed replica's operations.");
            await Task.Delay(20);
        }

        var takeover = sinceKill.Elapsed;
        output.WriteLine($"Takeover: the killed replica's operations were claimed {takeover.TotalSeconds:F2} s after SIGKILL (lease {ReplicaSet.LeaseTime.TotalSeconds} s, renewed every {ReplicaSet.LeaseTime.TotalSeconds / 4} s).");
        Assert.True(takeover <= ReplicaSet.LeaseTime * 1.25 + TimeSpan.FromSeconds(3), $"takeover took {takeover}");

        var names = await sending;
        await AssertEveryRunCancelledOnceAsync(set, names);
        Assert.Empty(set.ErrorLines());
    }

    /// <summary>
    /// Sends the thousand Cancels and returns each run's operation: per run a first Cancel with a
    /// request id; for some a concurrent Cancel with another id (a join); repeats of the first id
    /// at random replicas. Every answer for a run must name the same operation.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> SendThousandAsync(ReplicaSet set, int? killAfterAnswers, Func<Task>? onKill = null)
    {
        var random = new Random(12);
        var runs = Enumerable.Range(1, RunsPerProvider).SelectMany(i => new[] { RunningRuns.VertexName(i), RunningRuns.CodeArtsName(i), RunningRuns.SageMakerArn(i) }).OrderBy(_ => random.Next()).ToList();
        var joins = runs.Take(Joins).ToHashSet(StringComparer.Ordinal);
        var repeats = runs.ToDictionary(r => r, _ => 0, StringComparer.Ordinal);
        for (var i = 0; i < Repeats; i++)
        {
            repeats[runs[random.Next(runs.Count)]]++;
        }

        var dead = new HashSet<int>();
        var answered = 0;
        var killing = (Task?)null;
        using var parallel = new SemaphoreSlim(48);
        var clock = Stopwatch.StartNew();

        // A replica is killed once it is marked dead (before the SIGKILL): its connections may
        // reset before the Process object sees it exit.
        bool IsKilled(int replica)
        {
            lock (dead)
            {
                return dead.Contains(replica) || set.Replicas[replica].HasExited;
            }
        }

        async Task<Operation> SendAsync(string run, string requestId)
        {
            while (true)
            {
                int replica;
                lock (dead)
                {
                    do
                    {
                        replica = Random.Shared.Next(set.Clients.Count);
                    }
                    while (dead.Contains(replica));
                }

                try
                {
                    var operation = await set.Clients[replica].CancelAsync(run, requestId);
                    if (Interlocked.Increment(ref answered) == killAfterAnswers && onKill is not null)
                    {
                        lock (dead)
                        {
                            dead.Add(0);
                        }

                        killing = onKill();
                    }

                    return operation;
                }
                catch (RpcException failure) when (failure.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled && IsKilled(replica))
                {
                    // The replica died under the call: the client tries another with the same request.
                    lock (dead)
                    {
                        dead.Add(replica);
                    }
                }
            }
        }

        var names = await Task.WhenAll(runs.Select(async run =>
        {
            await parallel.WaitAsync();
            try
            {
                var id = Guid.NewGuid().ToString();
                var first = SendAsync(run, id);
                var join = joins.Contains(run) ? SendAsync(run, Guid.NewGuid().ToString()) : null;
                var name = (await first).Name;
                if (join is not null && (await join).Name != name)
                {
                    Assert.Fail($"The join of {run} answered another operation: {await DescribeAsync(set, name)} / {await DescribeAsync(set, (await join).Name)}");
                }

                for (var i = 0; i < repeats[run]; i++)
                {
                    Assert.Equal(name, (await SendAsync(run, id)).Name);
                }

                return (Run: run, Operation: name);
            }
            finally
            {
                parallel.Release();
            }
        })).WaitAsync(Budget);

        if (killing is not null)
        {
            await killing;
        }

        output.WriteLine($"{answered} Cancels answered in {clock.Elapsed.TotalSeconds:F1} s: {runs.Count} runs, {Joins} joins, {Repeats} repeats of a request id.");
        Assert.Equal(runs.Count + Joins + Repeats, answered);
        Assert.Equal(runs.Count, names.Select(n => n.Operation).Distinct().Count());
        return names.ToDictionary(n => n.Run, n => n.Operation, StringComparer.Ordinal);
    }

    private async Task AssertEveryRunCancelledOnceAsync(ReplicaSet set, IReadOnlyDictionary<string, string> operations)
    {
        var live = set.Clients.Where((_, i) => !set.Replicas[i].HasExited).ToList();
        var clock = Stopwatch.StartNew();
        Dictionary<string, Operation> stored;
        while (true)
        {
            stored = (await AllOperationsAsync(live[Random.Shared.Next(live.Count)])).ToDictionary(o => o.Name, StringComparer.Ordinal);
            var undone = operations.Values.Count(name => !stored.TryGetValue(name, out var o) || !o.Done);
            if (undone == 0)
            {
                break;
            }

            if (clock.Elapsed >= Budget)
            {
                Explain(set, operations.Values.Select(name => stored.GetValueOrDefault(name)).Where(o => o is { Done: false }).Take(10)!);
                Assert.Fail($"{undone} of {operations.Count} operations not done after {Budget}.");
            }

            await Task.Delay(500);
        }

        output.WriteLine($"Every operation done {clock.Elapsed.TotalSeconds:F1} s after the last answer; leases lapsed on a busy machine: {set.Replicas.Sum(r => r.Output.Split('\n').Count(l => l.Contains("lost its lease", StringComparison.Ordinal)))}.");
        foreach (var (run, name) in operations)
        {
            var operation = stored[name];
            Assert.True(operation.Error is null, $"{name} ({run}) failed: {operation.Error?.Message}");
            Assert.Equal(RunState.Cancelled, operation.Response.Unpack<CancelRunResponse>().FinalState);
        }

        var vertex = await set.Emulators.CountersAsync(set.Emulators.VertexBaseUrl);
        var codeArts = await set.Emulators.CountersAsync(set.Emulators.CodeArtsBaseUrl);
        var sageMaker = await set.Emulators.CountersAsync(set.Emulators.SageMakerBaseUrl);
        var notOnce = Enumerable.Range(1, RunsPerProvider)
            .SelectMany(i => new[]
            {
                (Run: RunningRuns.VertexName(i), Stops: vertex.AcceptedStops.GetValueOrDefault(RunningRuns.VertexName(i))),
                (Run: RunningRuns.CodeArtsName(i), Stops: codeArts.AcceptedStops.GetValueOrDefault(RunningRuns.CodeArtsRunId(i))),
                (Run: RunningRuns.SageMakerArn(i), Stops: sageMaker.AcceptedStops.GetValueOrDefault(RunningRuns.SageMakerArn(i))),
            })
            .Where(r => r.Stops != 1)
            .ToList();
        Assert.True(notOnce.Count == 0, $"{notOnce.Count} runs not stopped exactly once: {string.Join("; ", notOnce.Take(10).Select(r => $"{r.Run} ×{r.Stops} ({operations[r.Run]})"))}");
    }

    /// <summary>For a failure: the operations still in flight, and what the replicas warned of.</summary>
    private void Explain(ReplicaSet set, IEnumerable<Operation> undone)
    {
        foreach (var operation in undone)
        {
            output.WriteLine($"not done: {operation.Name} {operation.Metadata.Unpack<CancelOperationMetadata>()}");
        }

        for (var i = 0; i < set.Replicas.Count; i++)
        {
            var lines = set.Replicas[i].Output.Split('\n').Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.Contains("replica", StringComparison.Ordinal) || l.Contains("Resuming", StringComparison.Ordinal)).Take(40);
            output.WriteLine($"replica {i}:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        }
    }

    /// <summary>For a failure: an operation as a live replica sees it (when it was created, whether and how it ended).</summary>
    private static async Task<string> DescribeAsync(ReplicaSet set, string name)
    {
        var client = set.Clients.Where((_, i) => !set.Replicas[i].HasExited).First();
        var operation = await client.GetOperationAsync(name);
        var metadata = operation.Metadata.Unpack<CancelOperationMetadata>();
        return $"{name} created {metadata.CreateTime} updated {metadata.UpdateTime} done={operation.Done} state={metadata.State} by {metadata.RequestedBy}";
    }

    private static async Task<List<Operation>> AllOperationsAsync(GatewayClient client)
    {
        var all = new List<Operation>();
        var token = string.Empty;
        do
        {
            var page = await client.ListOperationsAsync(pageSize: 1000, pageToken: token);
            all.AddRange(page.Operations);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    private static int ResumedLines(GatewayProcess replica) =>
        replica.Output.Split('\n').Count(line => line.Contains("unfinished operations", StringComparison.Ordinal) && line.Contains("Resuming", StringComparison.Ordinal));
}
