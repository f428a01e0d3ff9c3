using CancelGateway.Providers;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Security;

/// <summary>
/// The door of every gRPC call (gRPC, gRPC-Web and JSON transcoding alike): health is always
/// open; everything else needs a caller that authentication established (or anonymous access,
/// where allowed), and the API services also take one request from the principal's rate. The
/// caller is left on the call for the handlers.
/// </summary>
internal sealed class CallerInterceptor(IOptions<SecurityOptions> options, PolicyStore policies, PrincipalLimits limits, ILogger<CallerInterceptor> logger) : Interceptor
{
    private const string HealthPrefix = "/grpc.health.v1.Health/";
    private const string ReflectionPrefix = "/grpc.reflection.";
    private readonly bool _anonymousAllowed = !options.Value.AuthenticationConfigured;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Admit(ServerCallContext context)
    {
        if (context.Method.StartsWith(HealthPrefix, StringComparison.Ordinal))
        {
            // Probes carry no credentials.
            return;
        }

        var caller = Identify(context);
        context.UserState[typeof(Caller)] = caller;
        if (!context.Method.StartsWith(ReflectionPrefix, StringComparison.Ordinal))
        {
            limits.TakeRequest(caller.Principal, policies.Current.For(caller.Principal).RequestsPerSecond);
        }
    }

    private Caller Identify(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var source = http.Connection.RemoteIpAddress is { } address ? $"{address}:{http.Connection.RemotePort}" : context.Peer;
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true
            && user.FindFirst(CallerClaims.Principal)?.Value is { Length: > 0 } principal
            && user.FindFirst(CallerClaims.Method)?.Value is { Length: > 0 } method)
        {
            return new Caller(principal, method, source);
        }

        if (_anonymousAllowed)
        {
            return new Caller(Caller.AnonymousPrincipal, CallerClaims.AnonymousMethod, source);
        }

        // The reason stays here: the caller hears only "invalid credentials".
        var failure = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure;
        SecurityLog.AuthenticationFailed(logger, source, failure?.Message ?? "no credentials (no bearer token, no client certificate)");

        throw GatewayErrors.Status(GatewayError.InvalidCredentials, "invalid credentials").ToRpcException();
    }
}
