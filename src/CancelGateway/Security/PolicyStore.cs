using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelGateway.Security;

/// <summary>
/// The policy in force. The file is read at start (a bad one stops the start) and again when
/// it changes (<see cref="SecurityRefresher"/> looks every second); a bad edit keeps the
/// previous policy and is logged with the line at fault.
/// </summary>
internal sealed class PolicyStore
{
    private readonly WatchedFile? _file;
    private readonly ILogger<PolicyStore> _logger;
    private AccessPolicy _current;

    public PolicyStore(IOptions<SecurityOptions> options, ILogger<PolicyStore> logger)
    {
        _logger = logger;
        if (options.Value.PolicyFile is not { Length: > 0 } path)
        {
            _current = AccessPolicy.Unrestricted;
            return;
        }

        _file = new WatchedFile(path);
        byte[] content;
        try
        {
            content = _file.ReadNow();
        }
        catch (IOException failure)
        {
            throw new InvalidOperationException($"Security:PolicyFile '{path}' cannot be read: {failure.Message}", failure);
        }
        catch (UnauthorizedAccessException failure)
        {
            throw new InvalidOperationException($"Security:PolicyFile '{path}' cannot be read: {failure.Message}", failure);
        }

        try
        {
            _current = AccessPolicy.Parse(content, path);
        }
        catch (FormatException bad)
        {
            throw new InvalidOperationException(bad.Message, bad);
        }

        SecurityLog.PolicyLoaded(_logger, path, _current.PrincipalCount);
    }

    /// <summary>The policy in force now.</summary>
    public AccessPolicy Current => Volatile.Read(ref _current);

    /// <summary>Reads the file again if it changed; a file that cannot be read or parsed changes nothing.</summary>
    public void Refresh()
    {
        if (_file is not null)
        {
            Refresh(_file);
        }
    }

    private void Refresh(WatchedFile file)
    {
        byte[]? content;
        try
        {
            content = file.ReadIfChanged();
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            SecurityLog.PolicyReloadFailed(_logger, file.Path, failure.Message);
            return;
        }

        if (content is null)
        {
            return;
        }

        try
        {
            var policy = AccessPolicy.Parse(content, file.Path);
            Volatile.Write(ref _current, policy);
            SecurityLog.PolicyLoaded(_logger, file.Path, policy.PrincipalCount);
        }
        catch (FormatException bad)
        {
            SecurityLog.PolicyReloadFailed(_logger, file.Path, bad.Message);
        }
    }
}
