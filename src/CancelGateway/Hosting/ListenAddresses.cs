using Microsoft.AspNetCore.Builder;

namespace CancelGateway.Hosting;

/// <summary>Where a started host listens.</summary>
internal static class ListenAddresses
{
    /// <summary>The addresses the started server listens on (with the real port when 0 was asked).</summary>
    public static IReadOnlyList<Uri> GetListenUris(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Urls.Select(address => new Uri(address)).ToList();
    }
}
