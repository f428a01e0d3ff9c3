using System.Collections;

namespace CancelGateway.Grpc;

/// <summary>
/// gRPC metadata: ordered key/value pairs sent as HTTP/2 headers or trailers. Keys are lower
/// case; keys ending in <c>-bin</c> carry bytes (base64 on the wire), the others printable ASCII.
/// </summary>
public sealed class Metadata : IReadOnlyList<Metadata.Entry>
{
    /// <summary>The suffix that marks a binary-valued key.</summary>
    public const string BinarySuffix = "-bin";

    private readonly List<Entry> _entries = [];

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public Entry this[int index] => _entries[index];

    /// <summary>Adds an ASCII entry.</summary>
    public Metadata Add(string key, string value)
    {
        _entries.Add(new Entry(key, value));
        return this;
    }

    /// <summary>Adds a binary entry; the key must end in <c>-bin</c>.</summary>
    public Metadata Add(string key, byte[] value)
    {
        _entries.Add(new Entry(key, value));
        return this;
    }

    /// <summary>Adds an entry.</summary>
    public Metadata Add(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries.Add(entry);
        return this;
    }

    /// <summary>The last entry with <paramref name="key"/>, or null.</summary>
    public Entry? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }

        return null;
    }

    /// <summary>The value of the last ASCII entry with <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key) => Get(key)?.Value;

    /// <summary>The value of the last binary entry with <paramref name="key"/>, or null.</summary>
    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    /// <inheritdoc />
    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One metadata entry.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _bytes;

        /// <summary>Creates an ASCII entry.</summary>
        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' ends in '-bin' and needs a byte[] value.", nameof(key));
            }

            ArgumentNullException.ThrowIfNull(value);
            foreach (var c in value)
            {
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException($"The value of '{Key}' must be printable ASCII.", nameof(value));
                }
            }

            _value = value;
        }

        /// <summary>Creates a binary entry.</summary>
        public Entry(string key, byte[] value)
        {
            Key = NormalizeKey(key);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' must end in '-bin' to carry bytes.", nameof(key));
            }

            _bytes = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>The lower-case key.</summary>
        public string Key { get; }

        /// <summary>True when the key ends in <c>-bin</c>.</summary>
        public bool IsBinary => _bytes is not null;

        /// <summary>The ASCII value; throws for a binary entry.</summary>
        public string Value => _value ?? throw new InvalidOperationException($"'{Key}' is binary: use ValueBytes.");

        /// <summary>The binary value; throws for an ASCII entry.</summary>
        public byte[] ValueBytes => _bytes ?? throw new InvalidOperationException($"'{Key}' is ASCII: use Value.");

        /// <inheritdoc />
        public override string ToString() => IsBinary ? $"{Key}=<{_bytes!.Length} bytes>" : $"{Key}={_value}";

        internal static bool IsBinaryKey(string key) => key.EndsWith(BinarySuffix, StringComparison.OrdinalIgnoreCase);

        private static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            var lower = key.ToLowerInvariant();
            foreach (var c in lower)
            {
                var valid = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.';
                if (!valid)
                {
                    throw new ArgumentException($"Metadata key '{key}' may only hold a-z, 0-9, '-', '_' and '.'.", nameof(key));
                }
            }

            if (lower.StartsWith("grpc-", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Metadata key '{key}' is reserved for the gRPC protocol.", nameof(key));
            }

            return lower;
        }
    }
}
