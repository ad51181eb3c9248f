using System.Text.Json;
using System.Text.RegularExpressions;
using Parley.Elements;

namespace Parley;

/// <summary>The rules an element must meet before anything is stored.</summary>
internal static partial class ElementValidation
{
    /// <summary>Image types a browser shows without running anything of the file's own.</summary>
    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/gif", "image/webp"];

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif", [".webp"] = "image/webp",
        [".svg"] = "image/svg+xml", [".pdf"] = "application/pdf",
        [".mp3"] = "audio/mpeg", [".wav"] = "audio/wav", [".oga"] = "audio/ogg", [".m4a"] = "audio/mp4", [".weba"] = "audio/webm", [".flac"] = "audio/flac",
        [".mp4"] = "video/mp4", [".webm"] = "video/webm", [".ogv"] = "video/ogg", [".ogg"] = "audio/ogg", [".mov"] = "video/quicktime",
        [".txt"] = "text/plain", [".csv"] = "text/csv", [".md"] = "text/markdown", [".json"] = "application/json", [".html"] = "text/html",
        [".zip"] = "application/zip", [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };

    public static string Name(string? name)
    {
        var trimmed = name?.Trim();
        return trimmed is { Length: > 0 and <= 200 } && !trimmed.Any(char.IsControl)
            ? trimmed
            : throw new ArgumentException("An element's name is 1–200 characters, without control characters.", nameof(name));
    }

    /// <summary>The element's media type: given or from the name's extension, checked against its kind.</summary>
    public static string Mime(ChatElement element, string name)
    {
        var mime = element.Mime?.Trim().ToLowerInvariant()
            ?? FromExtension(name) ?? FromExtension(element.Source?.FileName)
            ?? (element.Kind == ElementKind.File ? "application/octet-stream" : null)
            ?? throw new ArgumentException($"Give the {element.Kind} element's media type (Mime): its name has no known extension.", nameof(element));
        if (!MimePattern().IsMatch(mime))
        {
            throw new ArgumentException($"\"{mime}\" is not a media type.", nameof(element));
        }

        if (element.Kind == ElementKind.Audio && mime.StartsWith("video/", StringComparison.Ordinal) && mime is "video/webm" or "video/ogg" or "video/mp4")
        {
            mime = "audio/" + mime["video/".Length..];
        }

        var fits = element.Kind switch
        {
            ElementKind.Image => ImageTypes.Contains(mime),
            ElementKind.Audio => mime.StartsWith("audio/", StringComparison.Ordinal),
            ElementKind.Video => mime.StartsWith("video/", StringComparison.Ordinal),
            ElementKind.Pdf => mime == "application/pdf",
            _ => true,
        };
        return fits ? mime : throw new ArgumentException($"A {element.Kind} element cannot be {mime}" + (element.Kind == ElementKind.Image ? " (PNG, JPEG, GIF or WebP only)." : "."), nameof(element));
    }

    /// <summary>Checks the kind-specific props: a text's language, a custom element's component.</summary>
    public static void Props(ChatElement element, CustomElementCatalog catalog)
    {
        switch (element.Kind)
        {
            case ElementKind.Text when element.Props.TryGetValue("language", out var language) && !LanguagePattern().IsMatch(language.GetString() ?? ""):
                throw new ArgumentException("A text element's language is 1–32 letters, digits or + # . _ -.", nameof(element));
            case ElementKind.Custom:
                var component = element.Props.TryGetValue("component", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                if (!CustomElementCatalog.IsValidName(component))
                {
                    throw new ArgumentException("A custom element's component name is [A-Za-z][A-Za-z0-9_-]*, at most 64 characters.", nameof(element));
                }

                if (!catalog.Contains(component!))
                {
                    throw new ArgumentException($"There is no custom element component \"{component}\" in {catalog.Folder} (components are read at start-up).", nameof(element));
                }

                break;
        }
    }

    private static string? FromExtension(string? name) =>
        name is not null && Extensions.TryGetValue(Path.GetExtension(name), out var mime) ? mime : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$", RegexOptions.CultureInvariant)]
    private static partial Regex MimePattern();

    [GeneratedRegex("^[A-Za-z0-9_+#.-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguagePattern();
}
