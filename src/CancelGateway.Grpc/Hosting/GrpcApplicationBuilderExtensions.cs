using CancelGateway.Grpc.Server.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CancelGateway.Grpc.Hosting;

/// <summary>Puts the gRPC server at the end of the request pipeline.</summary>
public static class GrpcApplicationBuilderExtensions
{
    /// <summary>
    /// Answers every request as a gRPC call. Resolving the dispatcher binds every service now,
    /// so a wrong binding fails the start.
    /// </summary>
    public static IApplicationBuilder UseGrpcServer(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var dispatcher = app.ApplicationServices.GetRequiredService<GrpcCallDispatcher>();
        app.Run(dispatcher.DispatchAsync);
        return app;
    }
}
