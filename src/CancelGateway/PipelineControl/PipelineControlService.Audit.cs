using System.Buffers.Binary;
using CancelGateway.Providers;
using CancelGateway.Security;
using CancelGateway.Storage;
using CancelGateway.V1;
using Grpc.Core;

namespace CancelGateway.PipelineControl;

/// <content>ListAuditEvents: the audit trail, to principals the policy lets read it.</content>
internal sealed partial class PipelineControlService
{
    private const int DefaultAuditPageSize = 100;
    private const int MaxAuditPageSize = 1000;

    public override async Task<ListAuditEventsResponse> ListAuditEvents(ListAuditEventsRequest request, ServerCallContext context)
    {
        if (!access.GrantOf(context.Caller()).MayReadAudit)
        {
            throw GatewayErrors.Status(GatewayError.AuditNotPermitted, "The caller may not read the audit trail (the policy gives it no \"audit\": true).").ToRpcException();
        }

        if (request.PageSize < 0)
        {
            throw RequestValidation.Invalid("INVALID_PAGE_SIZE", "page_size must not be negative.", ("page_size", "negative"));
        }

        var from = Time(request.StartTime, "start_time");
        var until = Time(request.EndTime, "end_time");
        if (from is not null && until is not null && until <= from)
        {
            throw RequestValidation.Invalid("INVALID_TIME_RANGE", "end_time must be after start_time.", ("end_time", "not after start_time"));
        }

        var query = new AuditQuery(from, until, request.Principal is { Length: > 0 } principal ? principal : null, request.Run is { Length: > 0 } run ? run : null);
        var pageSize = request.PageSize == 0 ? DefaultAuditPageSize : Math.Min(request.PageSize, MaxAuditPageSize);
        var page = await trail.ListAsync(query, pageSize, AuditPageToken.Decode(request.PageToken), context.CancellationToken);
        return new ListAuditEventsResponse
        {
            AuditEvents = { page.Events },
            NextPageToken = page.LastSequence is { } last ? AuditPageToken.Encode(last) : string.Empty,
        };
    }

    private static DateTimeOffset? Time(Google.Protobuf.WellKnownTypes.Timestamp? timestamp, string field)
    {
        if (timestamp is null)
        {
            return null;
        }

        if (timestamp.Nanos is < 0 or > 999_999_999 || timestamp.Seconds is < -62_135_596_800 or > 253_402_300_799)
        {
            throw RequestValidation.Invalid("INVALID_TIMESTAMP", $"{field} is not a valid timestamp.", (field, "not a valid timestamp"));
        }

        return timestamp.ToDateTimeOffset();
    }

    /// <summary>Audit page tokens: the sequence of the page's last event, opaque to callers.</summary>
    private static class AuditPageToken
    {
        public static string Encode(long sequence)
        {
            Span<byte> bytes = stackalloc byte[9];
            bytes[0] = (byte)'a';
            BinaryPrimitives.WriteInt64BigEndian(bytes[1..], sequence);
            return Convert.ToBase64String(bytes);
        }

        public static long Decode(string token)
        {
            if (token.Length == 0)
            {
                return 0;
            }

            Span<byte> bytes = stackalloc byte[9];
            if (!Convert.TryFromBase64String(token, bytes, out var written) || written != 9 || bytes[0] != (byte)'a')
            {
                throw RequestValidation.Invalid("INVALID_PAGE_TOKEN", "page_token is not one this service issued.", ("page_token", "not issued by this service"));
            }

            return BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        }
    }
}
