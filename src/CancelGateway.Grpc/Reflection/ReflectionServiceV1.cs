using CancelGateway.Grpc.Server;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;

namespace CancelGateway.Grpc.Reflection;

/// <summary><c>grpc.reflection.v1.ServerReflection</c>: one response per request, on one bidi stream.</summary>
internal sealed class ReflectionServiceV1(ReflectionIndex index) : IGrpcService
{
    public ServiceDescriptor Descriptor { get; } = ReflectionReflection.Descriptor.Services.Single(s => s.Name == "ServerReflection");

    public void Bind(ServiceBinder binder) =>
        binder.DuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>("ServerReflectionInfo", Serve);

    private async Task Serve(IAsyncStreamReader<ServerReflectionRequest> requests, IServerStreamWriter<ServerReflectionResponse> responses, ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken))
        {
            await responses.WriteAsync(Answer(requests.Current), context.CancellationToken);
        }
    }

    internal ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                list.Service.AddRange(index.ServiceNames.Select(name => new ServiceResponse { Name = name }));
                response.ListServicesResponse = list;
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFiles(response, index.FileByName(request.FileByFilename), $"File not found: {request.FileByFilename}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFiles(response, index.FileContainingSymbol(request.FileContainingSymbol), $"Symbol not found: {request.FileContainingSymbol}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                var extension = request.FileContainingExtension;
                SetFiles(response, index.FileContainingExtension(extension.ContainingType, extension.ExtensionNumber), $"Extension not found: {extension.ContainingType}({extension.ExtensionNumber})");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                var numbers = index.ExtensionNumbersOf(request.AllExtensionNumbersOfType);
                if (numbers is null)
                {
                    SetError(response, StatusCode.NotFound, $"Type not found: {request.AllExtensionNumbersOfType}");
                }
                else
                {
                    var answer = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                    answer.ExtensionNumber.AddRange(numbers);
                    response.AllExtensionNumbersResponse = answer;
                }

                break;
            default:
                SetError(response, StatusCode.Unimplemented, "Unknown reflection request.");
                break;
        }

        return response;
    }

    private static void SetFiles(ServerReflectionResponse response, IReadOnlyList<Google.Protobuf.ByteString>? files, string notFound)
    {
        if (files is null)
        {
            SetError(response, StatusCode.NotFound, notFound);
            return;
        }

        var answer = new FileDescriptorResponse();
        answer.FileDescriptorProto.AddRange(files);
        response.FileDescriptorResponse = answer;
    }

    private static void SetError(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}
