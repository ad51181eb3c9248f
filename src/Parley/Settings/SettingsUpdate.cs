namespace Parley;

/// <summary>The argument of <see cref="ChatApp.OnSettingsUpdateAsync"/>: the values after the change, and which changed.</summary>
/// <param name="Values">Every value, after the change (the same as <see cref="ChatContext.Settings"/>).</param>
/// <param name="Changed">The ids of the settings whose value changed.</param>
public sealed record SettingsUpdate(ChatSettings Values, IReadOnlyList<string> Changed);
