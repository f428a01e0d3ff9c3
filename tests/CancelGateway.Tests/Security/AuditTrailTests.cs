using CancelGateway.Tests.Functional;
using CancelGateway.Tests.Support;
using CancelGateway.V1;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CancelGateway.Tests.Security;

/// <summary>
/// The audit trail through the real host: one event per decision, served to auditors only,
/// kept across a restart, never changed, and free of credentials.
/// </summary>
[Collection(FunctionalTests.Name)]
public sealed class AuditTrailTests
{
    [Fact]
    public async Task EveryDecision_IsOneAuditEvent_KeptAcrossARestart_WithoutCredentials()
    {
        await using var fixture = await SecureGatewayFixture.StartAsync();
        var run = fixture.AddRun("ml-prod");
        var slowRun = fixture.Emulator.AddRun(GatewayFixture.NewRunName("slow", "projects/ml-prod/locations/us-central1")).CancellingFor(TimeSpan.FromSeconds(30)).Name;
        var ciBotToken = fixture.Tokens.For("ci-bot");
        using var ciBot = fixture.ClientWith(token: ciBotToken);
        using var bob = fixture.ClientWith(token: fixture.Tokens.For("bob"));
        using var alice = fixture.ClientWith(certificate: "cn");
        var requestId = Guid.NewGuid().ToString();

        var accepted = await ciBot.CancelAsync(run, requestId, reason: "bad input");
        var replayed = await ciBot.CancelAsync(run, requestId, reason: "bad input");
        var slow = await ciBot.CancelAsync(slowRun);
        var joined = await bob.CancelAsync(slowRun);
        await GatewayClient.FailureOf(() => alice.CancelAsync(run));
        await GatewayClient.FailureOf(() => ciBot.CancelAsync(run, mode: CancelMode.Force));
        await GatewayClient.FailureOf(() => fixture.ClientWith().CancelAsync(run));

        await fixture.RestartGatewayAsync();
        using var ciBotAgain = fixture.ClientWith(token: ciBotToken);
        using var auditor = fixture.ClientWith(token: fixture.Tokens.For("auditor"));
        var events = (await auditor.ListAuditEventsAsync(new ListAuditEventsRequest())).AuditEvents;

        Assert.Collection(
            events,
            e => AssertEvent(e, "ci-bot", "jwt", AuditDecision.Accepted, run, accepted.Name, string.Empty, requestId),
            e => AssertEvent(e, "ci-bot", "jwt", AuditDecision.Replayed, run, accepted.Name, string.Empty, requestId),
            e => AssertEvent(e, "ci-bot", "jwt", AuditDecision.Accepted, slowRun, slow.Name, string.Empty, string.Empty),
            e => AssertEvent(e, "bob", "jwt", AuditDecision.Joined, slowRun, slow.Name, string.Empty, string.Empty),
            e => AssertEvent(e, TestPki.CommonNameOnly, "mtls", AuditDecision.Refused, run, string.Empty, "RUN_NOT_PERMITTED", string.Empty),
            e => AssertEvent(e, "ci-bot", "jwt", AuditDecision.Refused, run, string.Empty, "FORCE_NOT_PERMITTED", string.Empty));
        Assert.Equal(joined.Name, slow.Name);
        Assert.Equal(replayed.Name, accepted.Name);
        Assert.Equal("bad input", events[0].Reason);
        Assert.StartsWith("127.0.0.1:", events[0].Source, StringComparison.Ordinal);

        // Filters: by principal, by run, by time.
        Assert.Equal(2, (await auditor.ListAuditEventsAsync(new ListAuditEventsRequest { Run = slowRun })).AuditEvents.Count);
        Assert.Single((await auditor.ListAuditEventsAsync(new ListAuditEventsRequest { Principal = "bob" })).AuditEvents);
        Assert.Empty((await auditor.ListAuditEventsAsync(new ListAuditEventsRequest { EndTime = events[0].Time })).AuditEvents);
        var firstPage = await auditor.ListAuditEventsAsync(new ListAuditEventsRequest { PageSize = 4 });
        var secondPage = await auditor.ListAuditEventsAsync(new ListAuditEventsRequest { PageSize = 4, PageToken = firstPage.NextPageToken });
        Assert.Equal(events.Select(e => e.Sequence), firstPage.AuditEvents.Concat(secondPage.AuditEvents).Select(e => e.Sequence));
        Assert.Empty(secondPage.NextPageToken);

        // Only auditors read it.
        var refused = await GatewayClient.FailureOf(() => ciBotAgain.ListAuditEventsAsync(new ListAuditEventsRequest()));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("AUDIT_NOT_PERMITTED", refused.GetDetail<ErrorInfo>()!.Reason);

        // No credential material in the store or the logs.
        var database = await File.ReadAllBytesAsync(fixture.Gateway.DatabasePath);
        var wal = File.Exists(fixture.Gateway.DatabasePath + "-wal") ? await File.ReadAllBytesAsync(fixture.Gateway.DatabasePath + "-wal") : [];
        var signature = System.Text.Encoding.ASCII.GetBytes(ciBotToken.Split('.')[2]);
        var certificateBody = System.Text.Encoding.ASCII.GetBytes(File.ReadAllLines(fixture.Pki.Client("cn").Certificate)[1]);
        foreach (var secret in new[] { signature, certificateBody })
        {
            Assert.Equal(-1, database.AsSpan().IndexOf(secret));
            Assert.Equal(-1, wal.AsSpan().IndexOf(secret));
        }

        Assert.DoesNotContain(fixture.Logs.Entries, e => e.Message.Contains(ciBotToken.Split('.')[2], StringComparison.Ordinal));
        Assert.Equal(6, fixture.Logs.Entries.Count(e => e.EventId.Id == 5005));
        fixture.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task AuditEvents_CannotBeChangedOrDeleted_EvenInTheDatabase()
    {
        await using var fixture = await SecureGatewayFixture.StartAsync();
        using var ciBot = fixture.ClientWith(token: fixture.Tokens.For("ci-bot"));
        await ciBot.CancelAsync(fixture.AddRun("ml-prod"));

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fixture.Gateway.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        foreach (var sql in new[] { "UPDATE audit_events SET principal = 'someone-else';", "DELETE FROM audit_events;", "UPDATE audit_runs SET run = 'x';", "DELETE FROM audit_runs;" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var failure = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
            Assert.Contains("never", failure.Message, StringComparison.Ordinal);
        }
    }

    private static void AssertEvent(AuditEvent e, string principal, string authentication, AuditDecision decision, string run, string operation, string detail, string requestId)
    {
        Assert.Equal(principal, e.Principal);
        Assert.Equal(authentication, e.Authentication);
        Assert.Equal(decision, e.Decision);
        Assert.Equal([run], e.Runs);
        Assert.Equal(operation, e.Operation);
        Assert.Equal(detail, e.Detail);
        Assert.Equal(requestId, e.RequestId);
        Assert.Equal("Cancel", e.Method);
    }
}
