using System.Globalization;
using CancelGateway.Operations;
using CancelGateway.Providers;
using CancelGateway.Selection;
using CancelGateway.V1;
using Grpc.Core;

namespace CancelGateway.PipelineControl;

/// <summary>Checks the fields of a CancelMatching request before anything is listed or stored.</summary>
internal static class SelectionValidation
{
    /// <summary>The most scopes one request may search.</summary>
    public const int MaxScopes = 10;

    /// <summary>max_runs when the request leaves it unset.</summary>
    public const int DefaultMaxRuns = 100;

    /// <summary>The largest max_runs: one request cancels at most this many runs (its operation must stay readable).</summary>
    public const int MaxRunsCeiling = 10_000;

    /// <summary>The longest selection_token accepted (a token is 71 characters).</summary>
    private const int MaxTokenLength = 128;

    /// <summary>The scopes, parsed: 1 to <see cref="MaxScopes"/>, no duplicates; else INVALID_ARGUMENT naming each bad <c>scopes[i]</c>.</summary>
    public static List<RunScope> Scopes(IReadOnlyList<string> texts)
    {
        if (texts.Count is 0 or > MaxScopes)
        {
            var problem = $"scopes must hold 1 to {MaxScopes} scopes (held {texts.Count}): {RunScopeParser.ExpectedForms}.";
            throw RequestValidation.Invalid("INVALID_SCOPE", problem, ("scopes", problem));
        }

        var scopes = new List<RunScope>(texts.Count);
        var violations = new List<(string, string)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            var field = $"scopes[{i}]";
            if (!RunScopeParser.TryParse(texts[i], out var scope, out var error))
            {
                violations.Add((field, error));
            }
            else if (seen.TryGetValue(scope!.Text, out var first))
            {
                violations.Add((field, $"duplicate of scopes[{first}]"));
            }
            else
            {
                seen[scope.Text] = i;
                scopes.Add(scope);
            }
        }

        if (violations.Count > 0)
        {
            throw RequestValidation.Invalid("INVALID_SCOPE", $"{violations.Count} of the {texts.Count} scopes are invalid; see the field violations.", [.. violations]);
        }

        return scopes;
    }

    /// <summary>The filter, parsed; INVALID_ARGUMENT with a BadRequest naming the position of what is wrong.</summary>
    public static RunFilter Filter(string text)
    {
        if (!RunFilter.TryParse(text, out var filter, out var error))
        {
            throw RunFilterErrors.ToRpcException(error!);
        }

        return filter!;
    }

    /// <summary>
    /// The cap on the runs selected, and what set it: max_runs (default <see cref="DefaultMaxRuns"/>,
    /// at most <see cref="MaxRunsCeiling"/>), lowered for a real request to the policy's maxBatch.
    /// </summary>
    public static (int MaxRuns, string Source) MaxRuns(int requested, int? maxBatch, bool dryRun)
    {
        if (requested is < 0 or > MaxRunsCeiling)
        {
            var problem = $"max_runs must be 1 to {MaxRunsCeiling} (0 means {DefaultMaxRuns}); was {requested.ToString(CultureInfo.InvariantCulture)}.";
            throw RequestValidation.Invalid("INVALID_MAX_RUNS", problem, ("max_runs", problem));
        }

        var maxRuns = requested == 0 ? DefaultMaxRuns : requested;
        return !dryRun && maxBatch is { } policy && policy < maxRuns ? (policy, "the caller's policy (maxBatch)") : (maxRuns, "max_runs");
    }

    /// <summary>The selection_token, or null; a dry run takes none.</summary>
    public static string? Token(string token, bool dryRun)
    {
        if (token.Length == 0)
        {
            return null;
        }

        if (dryRun || token.Length > MaxTokenLength)
        {
            var problem = dryRun
                ? "selection_token is for the request that follows a dry run; a dry run takes none."
                : $"selection_token is at most {MaxTokenLength} characters; pass the token a dry run returned, unchanged.";
            throw RequestValidation.Invalid(dryRun ? "INVALID_ARGUMENT" : "INVALID_SELECTION_TOKEN", problem, ("selection_token", problem));
        }

        return token;
    }

    /// <summary>FAILED_PRECONDITION when the scope's provider has no adapter, or when FORCE means nothing to it.</summary>
    public static void Provider(OperationsEngine engine, RunScope scope, CancelMode mode)
    {
        if (!engine.IsProviderConfigured(scope.Provider))
        {
            throw GatewayErrors.Status(GatewayError.ProviderNotConfigured,
                $"This gateway has no {ProviderNames.Of(scope.Provider)} adapter configured, so it cannot search {scope.Text}.",
                ("provider", ProviderNames.Of(scope.Provider)),
                ("scope", scope.Text)).ToRpcException();
        }

        if (mode == CancelMode.Force && !engine.SupportsForce(scope.Provider))
        {
            throw GatewayErrors.Status(GatewayError.ForceNotSupported,
                $"{ProviderNames.Of(scope.Provider)} has no way to force a stop beyond its normal cancel; use CANCEL_MODE_GRACEFUL for {scope.Text}.",
                ("provider", ProviderNames.Of(scope.Provider)),
                ("scope", scope.Text)).ToRpcException();
        }
    }
}
