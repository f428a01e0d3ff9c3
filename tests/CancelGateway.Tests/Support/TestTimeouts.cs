namespace CancelGateway.Tests.Support;

/// <summary>Every await in a test is bounded, so a hang fails the test instead of the run.</summary>
internal static class TestTimeouts
{
    /// <summary>Generous for a 2-core shared machine; a passing call takes milliseconds.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static Task Within(this Task task) => task.WaitAsync(Default);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Default);

    /// <summary>For the few awaits that legitimately take longer than <see cref="Default"/>.</summary>
    public static Task<T> Within<T>(this Task<T> task, TimeSpan timeout) => task.WaitAsync(timeout);

    /// <summary>Polls <paramref name="condition"/> on the wall clock until it holds or the timeout passes.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Default)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }
}
