using CancelGateway.Operations;
using CancelGateway.Providers.CodeArts;
using CancelGateway.Providers.SageMaker;
using CancelGateway.Providers.VertexAi;
using CancelGateway.Security;
using CancelGateway.Storage.Postgres;
using CancelGateway.Storage.Sqlite;
using CancelGateway.Telemetry;

namespace CancelGateway.Hosting;

/// <summary>
/// Every configuration section the gateway reads, and the options class each binds to: the one
/// list that <c>--help</c> prints and that unknown and malformed settings are checked against.
/// A component with settings of its own adds its section here.
/// </summary>
internal static class KnownSettings
{
    /// <summary>The sections, most specific path first within a root.</summary>
    public static readonly IReadOnlyList<SettingsSection> Sections =
    [
        new(GatewayOptions.SectionName, typeof(GatewayOptions)),
        new(EngineOptions.SectionName, typeof(EngineOptions)),
        new(SqliteStoreOptions.SectionName, typeof(SqliteStoreOptions)),
        new(PostgresStoreOptions.SectionName, typeof(PostgresStoreOptions)),
        new(VertexAiOptions.SectionName, typeof(VertexAiOptions)),
        new(CodeArtsOptions.SectionName, typeof(CodeArtsOptions)),
        new(SageMakerOptions.SectionName, typeof(SageMakerOptions)),
        new(TelemetryOptions.SectionName, typeof(TelemetryOptions)),

        new(SecurityOptions.SectionName + ":Jwt", typeof(JwtOptions)),
        new(SecurityOptions.SectionName + ":ClientCertificates", typeof(ClientCertificateOptions)),
        new(SecurityOptions.SectionName, typeof(SecurityOptions)),

        // The framework's: Logging:LogLevel:*, Logging:Console:FormatterName (json), and so on.
        new("Logging", null),
    ];

    /// <summary>
    /// Host settings the framework reads from the command line itself (<c>--environment</c> and
    /// the like); allowed there, though the gateway does not document them.
    /// </summary>
    public static readonly IReadOnlyList<string> HostKeys = ["environment", "contentRoot", "applicationName"];

    /// <summary>The provider sections: at least one must be configured.</summary>
    public static readonly IReadOnlyList<string> ProviderSections = [VertexAiOptions.SectionName, CodeArtsOptions.SectionName, SageMakerOptions.SectionName];
}
