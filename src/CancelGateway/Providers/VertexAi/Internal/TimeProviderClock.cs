using Google.Apis.Util;

namespace CancelGateway.Providers.VertexAi.Internal;

/// <summary>
/// Google.Apis.Auth's clock over the gateway's <see cref="TimeProvider"/>: the JWT assertion's
/// iat/exp and the cached token's expiry are then judged by the same clock as everything else
/// (and by the fake clock in tests).
/// </summary>
internal sealed class TimeProviderClock(TimeProvider timeProvider) : IClock
{
    public DateTime Now => timeProvider.GetLocalNow().DateTime;

    public DateTime UtcNow => timeProvider.GetUtcNow().UtcDateTime;
}
