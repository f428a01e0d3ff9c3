using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CancelGateway.Emulators.SageMaker.Auth;
using Microsoft.AspNetCore.Http;

namespace CancelGateway.Emulators.SageMaker.Http;

/// <content>ListPipelineExecutions.</content>
internal sealed partial class SageMakerRequestHandler
{
    /// <summary>ListPipelineExecutions' page size when MaxResults is not given (the model documents no default).</summary>
    public const int DefaultExecutionsPageSize = 10;

    /// <summary>MaxResults' maximum in the service model (shape MaxResults: 1 to 100).</summary>
    public const int MaxExecutionsPageSize = 100;

    private const string PipelineNamePattern = @"(arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:pipeline/.*)?([a-zA-Z0-9](-*[a-zA-Z0-9]){0,255})";

    /// <summary>
    /// One page of a pipeline's executions: PipelineName (a name or an ARN, as the model's
    /// PipelineNameOrArn allows), CreatedAfter/CreatedBefore (exclusive), SortBy (CreationTime,
    /// the default, or PipelineExecutionArn), SortOrder (Descending by default), MaxResults (1 to
    /// 100) and NextToken, which is bound to the rest of the request.
    /// </summary>
    private async Task ListExecutionsAsync(HttpContext context, SageMakerRequestBody body, SigV4Authorization authorization)
    {
        var pipeline = body.RequiredString("PipelineName", 1, 2048);
        if (!PipelineName().IsMatch(pipeline))
        {
            throw SageMakerErrors.FieldInvalid("pipelineName", $"Member must satisfy regular expression pattern: {PipelineNamePattern}", pipeline);
        }

        if (PipelineArn().Match(pipeline) is { Success: true } arn && arn.Groups["region"].Value != authorization.Region)
        {
            throw SageMakerErrors.Validation($"The PipelineName is an ARN in region {arn.Groups["region"].Value}, but the request was sent to region {authorization.Region}.");
        }

        var after = body.Timestamp("CreatedAfter");
        var before = body.Timestamp("CreatedBefore");
        var sortBy = body.String("SortBy") ?? "CreationTime";
        if (sortBy is not ("CreationTime" or "PipelineExecutionArn"))
        {
            throw SageMakerErrors.FieldInvalid("sortBy", "Member must satisfy enum value set: [CreationTime, PipelineExecutionArn]", sortBy);
        }

        var order = body.String("SortOrder") ?? "Descending";
        if (order is not ("Ascending" or "Descending"))
        {
            throw SageMakerErrors.FieldInvalid("sortOrder", "Member must satisfy enum value set: [Ascending, Descending]", order);
        }

        var pageSize = body.Integer("MaxResults", 1, MaxExecutionsPageSize) ?? DefaultExecutionsPageSize;
        var listing = string.Join('|', pipeline, sortBy, order, Epoch(after), Epoch(before));
        var offset = body.String("NextToken", 0, 8192) is { } token ? ListingOffsetOf(token, listing) : 0;

        var matching = store.List(pipeline, authorization.Region)
            .Where(e => (after is null || e.CreationTime > after) && (before is null || e.CreationTime < before));
        var sorted = (sortBy, order) switch
        {
            ("CreationTime", "Ascending") => matching.OrderBy(e => e.CreationTime).ThenBy(e => e.Arn, StringComparer.Ordinal),
            ("CreationTime", _) => matching.OrderByDescending(e => e.CreationTime).ThenByDescending(e => e.Arn, StringComparer.Ordinal),
            (_, "Ascending") => matching.OrderBy(e => e.Arn, StringComparer.Ordinal),
            _ => matching.OrderByDescending(e => e.Arn, StringComparer.Ordinal),
        };
        var all = sorted.ToList();
        var page = all.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count < all.Count ? ListingToken(listing, offset + page.Count) : null;
        SageMakerEmulatorLog.ExecutionsListed(logger, pipeline, page.Count, all.Count);
        await AwsJsonResponse.WriteAsync<(IReadOnlyList<SageMakerExecutionSnapshot>, string?)>(context.Response, StatusCodes.Status200OK, (page, next), SageMakerJson.WriteExecutionsPage);
    }

    private static string Epoch(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string ListingToken(string listing, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{listing}|{offset.ToString(CultureInfo.InvariantCulture)}"));

    private static int ListingOffsetOf(string token, string listing)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.LastIndexOf('|');
            if (bar > 0 && text[..bar] == listing && int.TryParse(text[(bar + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Falls through to the same error as a token for another listing.
        }

        throw SageMakerErrors.Validation("The NextToken is not valid for this request.");
    }

    [GeneratedRegex("^" + PipelineNamePattern + "$", RegexOptions.CultureInvariant)]
    private static partial Regex PipelineName();

    [GeneratedRegex(@"^arn:aws[a-z\-]*:sagemaker:(?<region>[a-z0-9\-]*):[0-9]{12}:pipeline/", RegexOptions.CultureInvariant)]
    private static partial Regex PipelineArn();
}
