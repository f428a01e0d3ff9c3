using Xunit;

namespace CancelGateway.Clients.Tests.Support;

/// <summary>
/// The tests that generate clients in place (clients/*/generated, bin/) and run processes: one at
/// a time, so two never write the same generated files and a 2-core machine is not swamped.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClientProcesses
{
    public const string Name = "client processes";
}
