using CancelGateway.V1;

namespace CancelGateway.Providers;

/// <summary>
/// Every provider's run-name form, found once among this assembly's <see cref="RunNameForm"/>s (each
/// provider folder has one), in the order of the <see cref="Provider"/> enum.
/// </summary>
internal static class RunNameForms
{
    private static readonly Lazy<IReadOnlyList<RunNameForm>> Forms = new(() =>
        [.. typeof(RunNameForm).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(RunNameForm)) && !type.IsAbstract)
            .Select(type => (RunNameForm)Activator.CreateInstance(type)!)
            .OrderBy(form => form.Provider)]);

    /// <summary>The forms, one per provider.</summary>
    public static IReadOnlyList<RunNameForm> All => Forms.Value;

    /// <summary>The form of <paramref name="provider"/>, or null when it has none (UNSPECIFIED).</summary>
    public static RunNameForm? Of(Provider provider) => All.FirstOrDefault(form => form.Provider == provider);
}
