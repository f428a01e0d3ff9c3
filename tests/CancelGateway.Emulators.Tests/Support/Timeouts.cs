namespace CancelGateway.Emulators.Tests.Support;

/// <summary>Every await in a test is bounded: a hang fails the test instead of the run.</summary>
public static class Timeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);
}
