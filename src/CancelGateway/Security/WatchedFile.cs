using System.Security.Cryptography;

namespace CancelGateway.Security;

/// <summary>
/// A small file read again when it has changed. The content is compared (by hash), not the
/// timestamp: an editor that writes twice within a second, or replaces the file by a rename,
/// is still seen. Not thread-safe: one refresher calls it.
/// </summary>
internal sealed class WatchedFile(string path)
{
    private byte[]? _hash;

    public string Path { get; } = path;

    /// <summary>Reads the file and remembers its content.</summary>
    public byte[] ReadNow()
    {
        var content = File.ReadAllBytes(Path);
        _hash = SHA256.HashData(content);
        return content;
    }

    /// <summary>The new content when the file has changed since it was last read; null otherwise. Throws on I/O errors.</summary>
    public byte[]? ReadIfChanged()
    {
        var content = File.ReadAllBytes(Path);
        var hash = SHA256.HashData(content);
        if (_hash is not null && hash.AsSpan().SequenceEqual(_hash))
        {
            return null;
        }

        _hash = hash;
        return content;
    }
}
