using System.Text.Json;
using System.Text.Json.Serialization;

namespace CancelGateway.Security;

/// <summary>Source-generated reading of the policy file; comments and trailing commas are allowed (people edit it).</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(PolicyDocument))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
