using System.ComponentModel;
using Microsoft.Extensions.Configuration;

namespace CancelGateway.Hosting;

/// <summary>
/// Checks the configuration against <see cref="KnownSettings"/> before anything starts: a key on
/// the command line outside every known section (<c>--Gatway:Listen</c>), a key under a known
/// section that its options class does not have (from any source: command line, environment,
/// files), a value its property cannot hold, or no provider at all. The first problem found is
/// thrown as a <see cref="GatewayConfigurationException"/> naming the setting.
/// </summary>
internal static class SettingsCheck
{
    public static void Run(IConfiguration configuration, string[] args)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        CommandLineKeys(args);
        foreach (var root in KnownSettings.Sections.Select(s => s.Root).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var (key, value) in configuration.GetSection(root).AsEnumerable())
            {
                if (value is not null)
                {
                    Setting(key, value);
                }
            }
        }

        if (!KnownSettings.ProviderSections.Any(section => configuration.GetSection(section).Exists()))
        {
            throw new GatewayConfigurationException(
                $"No provider is configured: set at least one of {string.Join(", ", KnownSettings.ProviderSections.Select(s => s + ":*"))} "
                + "(see --help). For a demo against local emulators, run src/CancelGateway.Demo instead.");
        }
    }

    /// <summary>Every key given on the command line must fall in a known section (or be a host key).</summary>
    private static void CommandLineKeys(string[] args)
    {
        var commandLine = new ConfigurationBuilder().AddCommandLine(args).Build();
        foreach (var (key, value) in commandLine.AsEnumerable())
        {
            if (value is null || KnownSettings.HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var root = key.Split(':')[0];
            if (!KnownSettings.Sections.Any(s => string.Equals(s.Root, root, StringComparison.OrdinalIgnoreCase)))
            {
                throw new GatewayConfigurationException(
                    $"Unknown setting --{key}: there is no section '{root}' (known: {string.Join(", ", KnownSettings.Sections.Select(s => s.Path))}; see --help).");
            }
        }
    }

    /// <summary>One key under a known root: its section must be known, its property exist, its value convert.</summary>
    private static void Setting(string key, string value)
    {
        var section = KnownSettings.Sections.FirstOrDefault(s =>
            key.StartsWith(s.Path + ":", StringComparison.OrdinalIgnoreCase) || string.Equals(key, s.Path, StringComparison.OrdinalIgnoreCase));
        if (section is null)
        {
            var root = key.Split(':')[0];
            var known = KnownSettings.Sections.Where(s => string.Equals(s.Root, root, StringComparison.OrdinalIgnoreCase)).Select(s => s.Path);
            throw new GatewayConfigurationException($"Unknown setting {key} (known under {root}: {string.Join(", ", known)}; see --help).");
        }

        if (section.OptionsType is null || key.Length == section.Path.Length)
        {
            return;
        }

        var name = key[(section.Path.Length + 1)..].Split(':')[0];
        if (!section.Properties.TryGetValue(name, out var property))
        {
            // A secret may be given as the path of a file holding it (SecretFiles).
            if (name.EndsWith("File", StringComparison.OrdinalIgnoreCase)
                && SecretFiles.Settings.Contains($"{section.Path}:{name[..^4]}", StringComparer.OrdinalIgnoreCase))
            {
                return;
            }

            throw new GatewayConfigurationException(
                $"Unknown setting {key} ({section.Path} has {string.Join(", ", section.Properties.Keys.Order(StringComparer.Ordinal))}; see --help).");
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (!SettingsSection.IsValue(type) || value.Length == 0)
        {
            return;
        }

        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException || e.InnerException is FormatException or OverflowException)
        {
            throw new GatewayConfigurationException($"Bad value for {key}: '{value}' is not {Describe(type)}.");
        }
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => "a duration such as 00:00:30",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) => "a number",
        _ when type == typeof(Uri) => "a URI",
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ => "a " + type.Name,
    };
}
