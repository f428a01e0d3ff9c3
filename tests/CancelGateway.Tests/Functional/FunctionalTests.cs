using Xunit;

namespace CancelGateway.Tests.Functional;

/// <summary>
/// The functional tests run one class at a time and apart from the unit tests: each drives a real
/// gateway and emulator hard enough that two at once on a 2-core machine would skew their timings.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FunctionalTests
{
    public const string Name = "Functional";
}
