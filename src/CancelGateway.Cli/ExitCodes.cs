using Grpc.Core;

namespace CancelGateway.Cli;

/// <summary>
/// The exit status of every command, as the README documents it: 0 success (with --wait: every
/// run ended CANCELLED); 1 a run ended otherwise (the cancel lost the race, or the run had
/// already ended SUCCEEDED or FAILED); 2 usage (a bad option, an unreadable file or certificate);
/// 3 an unexpected failure of the command line itself (a bug: please report the line it printed);
/// 10 + the gRPC code when the gateway refused a request or an operation failed (13 INVALID_ARGUMENT,
/// 15 NOT_FOUND, 17 PERMISSION_DENIED, 19 FAILED_PRECONDITION, 23 INTERNAL: also an untrusted TLS
/// certificate, 24 UNAVAILABLE: unreachable, 26 UNAUTHENTICATED, ...).
/// When several runs fail, the first failure's code wins, and a failure wins over a lost race.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;

    public const int NotCancelled = 1;

    public const int Usage = 2;

    public const int Unexpected = 3;

    public const int RpcErrorBase = 10;

    public static int For(StatusCode code) => RpcErrorBase + (int)code;
}
