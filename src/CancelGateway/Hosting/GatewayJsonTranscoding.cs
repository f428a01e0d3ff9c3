using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.DependencyInjection;

namespace CancelGateway.Hosting;

/// <summary>
/// REST/JSON through ASP.NET Core's gRPC JSON transcoding: the routes are the
/// <c>google.api.http</c> options in the protos, so the gRPC handlers (validation, errors)
/// serve both without a second code path.
/// </summary>
internal static class GatewayJsonTranscoding
{
    /// <summary>
    /// Every message that can travel inside a <c>google.protobuf.Any</c>: operation metadata and
    /// responses, and the google.rpc error details carried in an error's <c>details</c>. Without
    /// them the JSON formatter cannot write an Any (it has no <c>@type</c> to resolve), and an
    /// error would lose its ErrorInfo and BadRequest.
    /// </summary>
    public static TypeRegistry AnyTypes { get; } = TypeRegistry.FromFiles(
        V1.PipelineControlReflection.Descriptor,
        Google.LongRunning.OperationsReflection.Descriptor,
        Google.Rpc.StatusReflection.Descriptor,
        Google.Rpc.ErrorDetailsReflection.Descriptor);

    public static IGrpcServerBuilder AddGatewayJsonTranscoding(this IGrpcServerBuilder builder) =>
        builder.AddJsonTranscoding(options =>
        {
            options.TypeRegistry = AnyTypes;

            // One JSON object per line, so a WatchRun stream reads line by line.
            options.JsonSettings = new GrpcJsonSettings { WriteIndented = false };
        });
}
