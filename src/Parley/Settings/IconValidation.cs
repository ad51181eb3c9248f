namespace Parley;

/// <summary>
/// App-supplied icons are a built-in icon name, an emoji or short text, or an app-relative URL
/// beginning with <c>/</c> — never a URL with a scheme (<c>javascript:</c>, <c>https:</c>) or a
/// protocol-relative one (<c>//host</c>).
/// </summary>
internal static class IconValidation
{
    public const int MaxLength = 2048;

    public static void Check(string? icon, string paramName)
    {
        if (icon is null)
        {
            return;
        }

        var ok = icon.Length is > 0 and <= MaxLength
            && !icon.Any(char.IsControl)
            && (icon[0] == '/'
                ? icon.Length == 1 || (icon[1] != '/' && icon[1] != '\\')
                : !icon.Contains(':', StringComparison.Ordinal) && icon.Length <= 64);
        if (!ok)
        {
            throw new ArgumentException($"The icon '{icon}' must be a built-in icon name, an emoji or short text, or an app-relative URL beginning with '/'.", paramName);
        }
    }
}
