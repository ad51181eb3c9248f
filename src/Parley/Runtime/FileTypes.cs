namespace Parley.Runtime;

/// <summary>
/// Decides an uploaded file's media type on the server: the type its name's extension means, checked
/// against the type the client declared and, for images and PDF, against the file's leading bytes.
/// </summary>
internal static class FileTypes
{
    /// <summary>How many leading bytes <see cref="Decide"/> needs to recognise a format.</summary>
    public const int HeaderLength = 16;

    public const string Unknown = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".svg"] = "image/svg+xml",
        [".pdf"] = "application/pdf",
        [".txt"] = "text/plain",
        [".log"] = "text/plain",
        [".csv"] = "text/csv",
        [".md"] = "text/markdown",
        [".markdown"] = "text/markdown",
        [".json"] = "application/json",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".js"] = "text/javascript",
        [".xml"] = "application/xml",
        [".mp3"] = "audio/mpeg",
        [".wav"] = "audio/wav",
        [".ogg"] = "audio/ogg",
        [".oga"] = "audio/ogg",
        [".m4a"] = "audio/mp4",
        [".weba"] = "audio/webm",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
        [".mov"] = "video/quicktime",
        [".zip"] = "application/zip",
        [".exe"] = "application/vnd.microsoft.portable-executable",
    };

    // Other names browsers and systems use for the same types.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpg"] = "image/jpeg",
        ["image/pjpeg"] = "image/jpeg",
        ["audio/mp3"] = "audio/mpeg",
        ["audio/x-wav"] = "audio/wav",
        ["audio/wave"] = "audio/wav",
        ["audio/x-m4a"] = "audio/mp4",
        ["text/x-markdown"] = "text/markdown",
        ["application/x-markdown"] = "text/markdown",
        ["application/vnd.ms-excel"] = "text/csv",
        ["application/csv"] = "text/csv",
        ["text/json"] = "application/json",
        ["application/x-javascript"] = "text/javascript",
        ["application/javascript"] = "text/javascript",
    };

    /// <summary>
    /// The file's type, or a refusal (<see cref="ChatErrorCodes.UnsupportedMediaType"/>) when the name,
    /// the declared type and the bytes disagree. An empty or generic declared type defers to the name.
    /// </summary>
    public static string Decide(string name, string? declared, ReadOnlySpan<byte> header)
    {
        var byName = ByExtension.GetValueOrDefault(Path.GetExtension(name));
        var byClient = Normalize(declared);
        if (byName is not null && byClient is not null && byName != byClient && !(byClient == "video/webm" && byName == "audio/webm") && !(byClient == "audio/webm" && byName == "video/webm"))
        {
            throw Refused($"The file's declared type ({byClient}) does not match its name ({Path.GetExtension(name)}).");
        }

        var mime = byName ?? byClient ?? Unknown;
        if (mime.StartsWith("image/", StringComparison.Ordinal) || mime == "application/pdf")
        {
            var actual = Sniff(header);
            if (actual != mime)
            {
                throw Refused(actual is null
                    ? $"The file's contents are not a {mime} file."
                    : $"The file's contents are {actual}, not {mime}.");
            }
        }

        return mime;
    }

    /// <summary>Whether <paramref name="mime"/> is one of <paramref name="accept"/> (exact or <c>type/*</c>).</summary>
    public static bool IsAccepted(string mime, IEnumerable<string> accept) =>
        accept.Any(a => a.EndsWith("/*", StringComparison.Ordinal)
            ? mime.StartsWith(a[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(a, mime, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a configured accept entry is a media type or family (<c>text/plain</c>, <c>image/*</c>).</summary>
    public static bool IsAcceptPattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return false;
        }

        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < pattern.Length - 1 && pattern.IndexOf('/', slash + 1) < 0 &&
            pattern.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '*' or '.' or '+' or '-') &&
            (!pattern.Contains('*', StringComparison.Ordinal) || pattern.EndsWith("/*", StringComparison.Ordinal)) &&
            pattern[..slash] != "*";
    }

    /// <summary>
    /// A file name safe to show: the last segment of whatever path the client sent, without control
    /// characters, at most 255 characters; <c>"file"</c> when nothing is left. Never used as a path.
    /// </summary>
    public static string SafeName(string? name)
    {
        name ??= "";
        var cut = name.LastIndexOfAny(['/', '\\']);
        var clean = new string(name[(cut + 1)..].Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean is "" or "." or "..")
        {
            return "file";
        }

        return clean.Length > 255 ? clean[..255] : clean;
    }

    private static string? Normalize(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared))
        {
            return null;
        }

        var mime = declared.Split(';')[0].Trim().ToLowerInvariant();
        mime = Aliases.GetValueOrDefault(mime, mime);
        return mime is Unknown or "binary/octet-stream" ? null : mime;
    }

    private static string? Sniff(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return header.StartsWith("%PDF-"u8) ? "application/pdf" : null;
    }

    private static ChatCommandException Refused(string message) =>
        new(ChatErrorCodes.UnsupportedMediaType, message) { Field = "file" };
}
