using System.Text.Json;

namespace CancelGateway.Emulators.SageMaker.Http;

/// <summary>
/// A request's JSON object, read the way the AWS JSON 1.1 front end reads it: a malformed body or
/// a member of the wrong type is a SerializationException; members the action does not have are
/// ignored; constraint failures are ValidationExceptions naming the member in lowerCamelCase.
/// </summary>
internal sealed class SageMakerRequestBody : IDisposable
{
    private readonly JsonDocument _document;

    private SageMakerRequestBody(JsonDocument document) => _document = document;

    public static SageMakerRequestBody Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        }
        catch (JsonException)
        {
            throw SageMakerErrors.Serialization("Unable to parse the request body as JSON.");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw SageMakerErrors.Serialization("The request body must be a JSON object.");
        }

        return new SageMakerRequestBody(document);
    }

    /// <summary>
    /// What a body is about, for counting requests on arrival: its PipelineExecutionArn, else its
    /// PipelineName (ListPipelineExecutions), if it has one that is a string.
    /// </summary>
    public static string? PeekSubject(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var member in (string[])["PipelineExecutionArn", "PipelineName"])
            {
                if (document.RootElement.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string member; null when absent or JSON null.</summary>
    /// <param name="name">The member, as on the wire (PascalCase).</param>
    /// <param name="minLength">Shortest allowed length.</param>
    /// <param name="maxLength">Longest allowed length.</param>
    /// <param name="secret">The value must never be quoted back (a token).</param>
    public string? String(string name, int minLength = 0, int maxLength = int.MaxValue, bool secret = false)
    {
        if (!_document.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw SageMakerErrors.Serialization($"Expected a string for {name}.");
        }

        var text = value.GetString()!;
        var quoted = secret ? null : text;
        if (text.Length < minLength)
        {
            throw SageMakerErrors.FieldInvalid(FieldName(name), $"Member must have length greater than or equal to {minLength}", quoted);
        }

        if (text.Length > maxLength)
        {
            throw SageMakerErrors.FieldInvalid(FieldName(name), $"Member must have length less than or equal to {maxLength}", secret ? null : text[..Math.Min(text.Length, 64)] + "...");
        }

        return text;
    }

    /// <summary>A required string member.</summary>
    public string RequiredString(string name, int minLength = 0, int maxLength = int.MaxValue, bool secret = false) =>
        String(name, minLength, maxLength, secret) ?? throw SageMakerErrors.FieldInvalid(FieldName(name), "Member must not be null");

    public int? Integer(string name, int min, int max)
    {
        if (!_document.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw SageMakerErrors.Serialization($"Expected an integer for {name}.");
        }

        return number < min || number > max
            ? throw SageMakerErrors.FieldInvalid(FieldName(name), number < min ? $"Member must have value greater than or equal to {min}" : $"Member must have value less than or equal to {max}", number.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : number;
    }

    /// <summary>A timestamp member: AWS JSON 1.1 sends epoch seconds, a number with a fraction.</summary>
    public DateTimeOffset? Timestamp(string name)
    {
        if (!_document.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || !double.IsFinite(seconds) || seconds < 0 || seconds >= 253402300800)
        {
            throw SageMakerErrors.Serialization($"Expected a timestamp (epoch seconds) for {name}.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
    }

    /// <summary>A list of <c>{"Name","Value"}</c> objects (OutputParameters).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters(string name, int maxCount)
    {
        if (!_document.RootElement.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw SageMakerErrors.Serialization($"Expected a list for {name}.");
        }

        if (list.GetArrayLength() > maxCount)
        {
            throw SageMakerErrors.FieldInvalid(FieldName(name), $"Member must have length less than or equal to {maxCount}");
        }

        var result = new List<KeyValuePair<string, string>>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("Name", out var n) || n.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("Value", out var v) || v.ValueKind != JsonValueKind.String)
            {
                throw SageMakerErrors.Serialization($"Each member of {name} must be an object with string Name and Value.");
            }

            result.Add(new KeyValuePair<string, string>(n.GetString()!, v.GetString()!));
        }

        return result;
    }

    public void Dispose() => _document.Dispose();

    // AWS's validation messages name members in lowerCamelCase ("pipelineExecutionArn").
    private static string FieldName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
