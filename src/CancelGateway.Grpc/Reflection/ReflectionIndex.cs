using CancelGateway.Grpc.Server;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace CancelGateway.Grpc.Reflection;

/// <summary>
/// What reflection can tell: the registered services, the files that define them and every
/// file those import, and each symbol's file. Built once, from the same descriptors the
/// services were bound from.
/// </summary>
internal sealed class ReflectionIndex(IServiceProvider services)
{
    private readonly Lazy<Index> _index = new(() => Index.Build(services.GetRequiredService<GrpcServiceRegistry>()));

    public IReadOnlyList<string> ServiceNames => _index.Value.ServiceNames;

    /// <summary>The file and all it imports, serialized, or null when there is no such file.</summary>
    public IReadOnlyList<ByteString>? FileByName(string fileName) =>
        _index.Value.Files.TryGetValue(fileName, out var file) ? WithDependencies(file) : null;

    /// <summary>The file defining a fully-qualified symbol (service, method, message, enum, field...), with its imports.</summary>
    public IReadOnlyList<ByteString>? FileContainingSymbol(string symbol) =>
        _index.Value.Symbols.TryGetValue(symbol, out var file) ? WithDependencies(file) : null;

    /// <summary>The file declaring extension <paramref name="number"/> of <paramref name="containingType"/>.</summary>
    public IReadOnlyList<ByteString>? FileContainingExtension(string containingType, int number)
    {
        foreach (var file in _index.Value.Files.Values)
        {
            foreach (var extension in file.Extensions.UnorderedExtensions)
            {
                if (extension.FieldNumber == number && extension.ExtendeeType?.FullName == containingType)
                {
                    return WithDependencies(file);
                }
            }
        }

        return null;
    }

    /// <summary>The extension numbers known for a message type, or null when the type is unknown.</summary>
    public IReadOnlyList<int>? ExtensionNumbersOf(string typeName)
    {
        if (!_index.Value.Symbols.TryGetValue(typeName, out var owner) || owner.FindTypeByName<MessageDescriptor>(typeName) is null)
        {
            return null;
        }

        return _index.Value.Files.Values
            .SelectMany(f => f.Extensions.UnorderedExtensions)
            .Where(e => e.ExtendeeType?.FullName == typeName)
            .Select(e => e.FieldNumber)
            .Order()
            .ToList();
    }

    private static List<ByteString> WithDependencies(FileDescriptor file)
    {
        // The asked-for file first, then everything it imports, each once.
        var ordered = new List<FileDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<FileDescriptor>();
        pending.Enqueue(file);
        while (pending.TryDequeue(out var next))
        {
            if (!seen.Add(next.Name))
            {
                continue;
            }

            ordered.Add(next);
            foreach (var dependency in next.Dependencies)
            {
                pending.Enqueue(dependency);
            }
        }

        return ordered.Select(f => f.SerializedData).ToList();
    }

    private sealed record Index(IReadOnlyList<string> ServiceNames, Dictionary<string, FileDescriptor> Files, Dictionary<string, FileDescriptor> Symbols)
    {
        public static Index Build(GrpcServiceRegistry registry)
        {
            var files = new Dictionary<string, FileDescriptor>(StringComparer.Ordinal);
            var symbols = new Dictionary<string, FileDescriptor>(StringComparer.Ordinal);
            foreach (var service in registry.Services)
            {
                AddFile(service.File, files, symbols);
            }

            // Rich errors carry google.rpc details as Any: a client decoding them by reflection
            // (buf curl, grpcurl) must be able to resolve those types too.
            AddFile(Google.Rpc.ErrorDetailsReflection.Descriptor, files, symbols);

            return new Index(registry.Services.Select(s => s.FullName).ToList(), files, symbols);
        }

        private static void AddFile(FileDescriptor file, Dictionary<string, FileDescriptor> files, Dictionary<string, FileDescriptor> symbols)
        {
            if (!files.TryAdd(file.Name, file))
            {
                return;
            }

            foreach (var service in file.Services)
            {
                symbols[service.FullName] = file;
                foreach (var method in service.Methods)
                {
                    symbols[service.FullName + "." + method.Name] = file;
                }
            }

            foreach (var message in file.MessageTypes)
            {
                AddMessage(message, file, symbols);
            }

            foreach (var enumType in file.EnumTypes)
            {
                symbols[enumType.FullName] = file;
            }

            foreach (var extension in file.Extensions.UnorderedExtensions)
            {
                symbols[extension.FullName] = file;
            }

            foreach (var dependency in file.Dependencies)
            {
                AddFile(dependency, files, symbols);
            }
        }

        private static void AddMessage(MessageDescriptor message, FileDescriptor file, Dictionary<string, FileDescriptor> symbols)
        {
            symbols[message.FullName] = file;
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                symbols[field.FullName] = file;
            }

            foreach (var nested in message.NestedTypes)
            {
                AddMessage(nested, file, symbols);
            }

            foreach (var nestedEnum in message.EnumTypes)
            {
                symbols[nestedEnum.FullName] = file;
            }
        }
    }
}
