namespace Parley.Runtime;

/// <summary>Matches a file against an accept list: MIME types, families (<c>image/*</c>) and extensions (<c>.csv</c>).</summary>
internal static class FileAccept
{
    public static bool Matches(IReadOnlyList<string>? accept, string name, string mime)
    {
        if (accept is not { Count: > 0 })
        {
            return true;
        }

        foreach (var entry in accept)
        {
            var pattern = entry.Trim();
            if (pattern == "*/*")
            {
                return true;
            }

            if (pattern.StartsWith('.'))
            {
                if (name.EndsWith(pattern, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (pattern.EndsWith("/*", StringComparison.Ordinal))
            {
                if (mime.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (string.Equals(pattern, mime, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
