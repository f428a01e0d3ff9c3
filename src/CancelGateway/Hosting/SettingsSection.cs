using System.Collections;
using System.ComponentModel;
using System.Reflection;

namespace CancelGateway.Hosting;

/// <summary>One configuration section and the options class it binds to (null: any key is accepted).</summary>
internal sealed record SettingsSection(string Path, Type? OptionsType)
{
    /// <summary>The first segment: <c>Providers</c> for <c>Providers:VertexAi</c>.</summary>
    public string Root => Path.Split(':')[0];

    /// <summary>The settable properties of <see cref="OptionsType"/>, by name (case-insensitive, as configuration is).</summary>
    public IReadOnlyDictionary<string, PropertyInfo> Properties { get; } = OptionsType is null
        ? new Dictionary<string, PropertyInfo>()
        : OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetSetMethod() is not null)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a property is a leaf value (one key) rather than a collection or object (keys below it).</summary>
    public static bool IsValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(underlying) && TypeDescriptor.GetConverter(underlying).CanConvertFrom(typeof(string));
    }

    /// <summary>The default of each value property (a new options object's), as text.</summary>
    public IEnumerable<(string Name, Type Type, string? Default)> Defaults()
    {
        if (OptionsType is null)
        {
            yield break;
        }

        var instance = Activator.CreateInstance(OptionsType);
        foreach (var property in Properties.Values.OrderBy(p => p.MetadataToken))
        {
            if (!IsValue(property.PropertyType) && !typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                // An object of settings is a section of its own (listed separately).
                continue;
            }

            var value = property.GetValue(instance);
            var text = value switch
            {
                null => null,
                IDictionary { Count: 0 } or ICollection { Count: 0 } => null,
                IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            yield return (property.Name, property.PropertyType, text);
        }
    }
}
