namespace Parley;

/// <summary>One choice of a <see cref="SelectSetting"/> or <see cref="MultiSelectSetting"/>.</summary>
/// <param name="Value">The value stored when it is chosen.</param>
/// <param name="Label">The text shown; null shows the value.</param>
public sealed record SettingOption(string Value, string? Label = null);
