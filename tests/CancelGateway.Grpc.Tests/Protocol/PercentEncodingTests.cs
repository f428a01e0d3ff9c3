using CancelGateway.Grpc.Protocol;
using Xunit;

namespace CancelGateway.Grpc.Tests.Protocol;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain message", "plain message")]
    [InlineData("100% done", "100%25 done")]
    [InlineData("ü", "%C3%BC")]
    [InlineData("line\nbreak", "line%0Abreak")]
    public void Encode_PrintableKeptOthersEscaped(string raw, string encoded)
    {
        Assert.Equal(encoded, PercentEncoding.Encode(raw));
        Assert.Equal(raw, PercentEncoding.Decode(encoded));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("50%")]
    [InlineData("%zz")]
    public void Decode_MalformedEscape_KeptAsIs(string value) => Assert.Equal(value, PercentEncoding.Decode(value));
}
