using System.Text.Json.Serialization.Metadata;
using Parley.Serialization;

namespace Parley;

/// <summary>Source-generated type infos for setting values.</summary>
internal static class SettingsJson
{
    public static JsonTypeInfo<IReadOnlyList<string>> Strings => ParleyJsonContext.Default.IReadOnlyListString;

    public static JsonTypeInfo<bool> Bool => ParleyJsonContext.Default.Boolean;

    public static JsonTypeInfo<double> Double => ParleyJsonContext.Default.Double;
}
