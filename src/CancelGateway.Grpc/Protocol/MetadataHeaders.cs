using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Grpc.Protocol;

/// <summary>Converts metadata to and from HTTP/2 headers (base64 for <c>-bin</c> keys).</summary>
internal static class MetadataHeaders
{
    public static Metadata FromHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            if (GrpcProtocolConstants.IsReservedHeader(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                if (value is not null)
                {
                    AddEntry(metadata, header.Key, value);
                }
            }
        }

        return metadata;
    }

    public static Metadata FromHeaders(HttpHeaders headers, Metadata? into = null)
    {
        var metadata = into ?? new Metadata();
        foreach (var header in headers.NonValidated)
        {
            if (GrpcProtocolConstants.IsReservedHeader(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                AddEntry(metadata, header.Key, value);
            }
        }

        return metadata;
    }

    public static void AddTo(IHeaderDictionary headers, Metadata metadata)
    {
        foreach (var entry in metadata)
        {
            headers.Append(entry.Key, Encode(entry));
        }
    }

    public static void AddTo(HttpHeaders headers, Metadata metadata)
    {
        foreach (var entry in metadata)
        {
            headers.TryAddWithoutValidation(entry.Key, Encode(entry));
        }
    }

    public static string Encode(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value;

    /// <summary>Decodes base64 with or without padding (the spec lets senders omit it).</summary>
    public static byte[] DecodeBinary(string value)
    {
        var trimmed = value.Trim();
        var padding = (4 - (trimmed.Length % 4)) % 4;
        if (padding == 3)
        {
            throw new FormatException("Invalid base64 length.");
        }

        return Convert.FromBase64String(padding == 0 ? trimmed : trimmed + new string('=', padding));
    }

    private static void AddEntry(Metadata metadata, string key, string value)
    {
        try
        {
            if (Metadata.Entry.IsBinaryKey(key))
            {
                // A -bin header may hold several comma-separated base64 values.
                foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    metadata.Add(key, DecodeBinary(part));
                }
            }
            else
            {
                metadata.Add(key, value);
            }
        }
        catch (FormatException)
        {
            // Skip a header we cannot represent rather than fail the call over it.
        }
        catch (ArgumentException)
        {
        }
    }
}
