using CancelGateway.Operations;
using Xunit;

namespace CancelGateway.Tests.Operations;

/// <summary>The per-caller bound on queued runs, on its own.</summary>
public sealed class CallerLedgerTests
{
    private static readonly CallerKey A = new("a");
    private static readonly CallerKey B = new("b");

    private readonly CallerLedger _ledger = new(new EngineOptions { MaxQueuedPerCaller = 10 });

    [Fact]
    public void TryReserve_OverTheBound_RefusedAndOtherCallersUnaffected()
    {
        using var first = _ledger.TryReserve(A, 8, out _);
        var second = _ledger.TryReserve(A, 3, out var queued);
        using var other = _ledger.TryReserve(B, 10, out _);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal(8, queued);
        Assert.NotNull(other);
    }

    [Fact]
    public void Split_PartsReleasedOneByOne_FreeTheBoundAsTheyGo()
    {
        var batch = _ledger.TryReserve(A, 10, out _)!;
        var parts = Enumerable.Range(0, 4).Select(_ => batch.Split(1)).ToList();

        batch.Dispose();
        Assert.Equal(4, _ledger.Queued(A));
        parts[0].Dispose();
        parts[0].Dispose();
        Assert.Equal(3, _ledger.Queued(A));
        foreach (var part in parts)
        {
            part.Dispose();
        }

        Assert.Equal(0, _ledger.Queued(A));
        Assert.NotNull(_ledger.TryReserve(A, 10, out _));
    }

    [Fact]
    public void Split_MoreThanLeft_TakesOnlyWhatIsLeft()
    {
        using var batch = _ledger.TryReserve(A, 2, out _)!;
        using var all = batch.Split(5);
        using var none = batch.Split(1);

        none.Dispose();
        Assert.Equal(2, _ledger.Queued(A));
        all.Dispose();
        Assert.Equal(0, _ledger.Queued(A));
    }

    [Fact]
    public void Validate_MaxQueuedPerCallerZero_FailsNamingTheSetting()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new EngineOptions { MaxQueuedPerCaller = 0 }.Validate());

        Assert.Contains("Engine:MaxQueuedPerCaller", failure.Message, StringComparison.Ordinal);
    }
}
