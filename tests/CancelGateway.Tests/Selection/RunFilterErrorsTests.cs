using CancelGateway.Providers;
using CancelGateway.Selection;
using CancelGateway.Tests.Support;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace CancelGateway.Tests.Selection;

/// <summary>A bad filter reaches the caller as INVALID_ARGUMENT with ErrorInfo and a BadRequest naming the field and the position.</summary>
public sealed class RunFilterErrorsTests
{
    [Fact]
    public void ToRpcException_BadFilter_InvalidArgumentWithBadRequest()
    {
        Assert.False(RunFilter.TryParse("state = DONE", out _, out var error));

        var failure = RunFilterErrors.ToRpcException(error);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.StartsWith("filter at 8: 'DONE' is not a state", failure.Status.Detail, StringComparison.Ordinal);
        var info = failure.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("INVALID_FILTER", info.Reason);
        Assert.Equal(ProviderErrors.Domain, info.Domain);
        var violation = Assert.Single(failure.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("filter", violation.Field);
        Assert.Equal(error.Message, violation.Description);
        Assert.StartsWith("at 8: ", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ToRpcException_OtherFieldName_NamedInViolationAndMessage()
    {
        Assert.False(RunFilter.TryParse("state = RUNNING AND", out _, out var error));

        var failure = RunFilterErrors.ToRpcException(error, "selector.filter");

        Assert.StartsWith("selector.filter at 19: ", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("selector.filter", Assert.Single(failure.GetDetail<BadRequest>()!.FieldViolations).Field);
    }
}
