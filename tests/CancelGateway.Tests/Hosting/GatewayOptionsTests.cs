using CancelGateway.Hosting;
using Xunit;

namespace CancelGateway.Tests.Hosting;

public sealed class GatewayOptionsTests
{
    [Fact]
    public void HttpListenEndPoint_Default_Loopback8080()
    {
        var endPoint = new GatewayOptions().HttpListenEndPoint();

        Assert.Equal("127.0.0.1:8080", endPoint?.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void HttpListenEndPoint_Empty_NullSoTheListenerIsOff(string value)
    {
        Assert.Null(new GatewayOptions { HttpListen = value }.HttpListenEndPoint());
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:70000")]
    public void HttpListenEndPoint_Malformed_ThrowsNamingTheSetting(string value)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new GatewayOptions { HttpListen = value }.HttpListenEndPoint());

        Assert.Contains("Gateway:HttpListen", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListenEndPoint_Malformed_ThrowsNamingTheSetting()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new GatewayOptions { Listen = "nowhere" }.ListenEndPoint());

        Assert.Contains("Gateway:Listen ", exception.Message, StringComparison.Ordinal);
    }
}
