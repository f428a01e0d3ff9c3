using System.Text.Json;
using System.Text.Json.Serialization;
using CancelGateway.PipelineControl;

namespace CancelGateway.Security;

/// <summary>
/// Reads one principal's entry and checks it as it reads, so that every mistake is reported
/// by the serializer with the line it is on (a JsonException thrown here gets the position).
/// </summary>
internal sealed class PolicyEntryConverter : JsonConverter<PolicyEntry>
{
    public override PolicyEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a principal's entry must be an object such as {\"runs\": [\"projects/p/locations/*/pipelineJobs/*\"]}");
        }

        var runs = new List<RunPattern>();
        bool force = false, audit = false;
        int? maxBatch = null;
        double? requestsPerSecond = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            switch (key)
            {
                case "runs":
                    runs.AddRange(ReadPatterns(ref reader));
                    break;
                case "force":
                    force = ReadBool(ref reader, key);
                    break;
                case "audit":
                    audit = ReadBool(ref reader, key);
                    break;
                case "maxBatch":
                    maxBatch = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var batch) && batch is >= 1 and <= RequestValidation.MaxBatchSize
                        ? batch
                        : throw new JsonException($"maxBatch must be a whole number from 1 to {RequestValidation.MaxBatchSize}");
                    break;
                case "requestsPerSecond":
                    requestsPerSecond = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var rate) && rate > 0 && rate <= 1_000_000
                        ? rate
                        : throw new JsonException("requestsPerSecond must be a number above 0 (at most 1000000)");
                    break;
                default:
                    throw new JsonException($"unknown key '{key}' (known: runs, force, maxBatch, requestsPerSecond, audit)");
            }
        }

        return new PolicyEntry { Runs = runs, Force = force, Audit = audit, MaxBatch = maxBatch, RequestsPerSecond = requestsPerSecond };
    }

    public override void Write(Utf8JsonWriter writer, PolicyEntry value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Policies are only read.");

    private static bool ReadBool(ref Utf8JsonReader reader, string key) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new JsonException($"{key} must be true or false"),
    };

    private static List<RunPattern> ReadPatterns(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("runs must be an array of run name patterns");
        }

        var patterns = new List<RunPattern>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("each entry of runs must be a string");
            }

            try
            {
                patterns.Add(RunPattern.Parse(reader.GetString()!));
            }
            catch (FormatException bad)
            {
                throw new JsonException(bad.Message);
            }
        }

        return patterns;
    }
}
