namespace Parley;

/// <summary>
/// Which attachments of user messages go to the model as content parts (images, PDFs and text
/// inline), and which only as a one-line note naming the file. Used by
/// <see cref="ChatContext.GetChatMessagesAsync"/>.
/// </summary>
public sealed record AttachmentOptions
{
    /// <summary>The default: PNG, JPEG, GIF and WebP images, PDFs, text (plain, markdown, CSV…) and JSON, each up to 5 MiB.</summary>
    public static AttachmentOptions Default { get; } = new();

    /// <summary>
    /// Media types sent to the model, exactly or by top-level type (<c>text/*</c>). Text types
    /// (<c>text/*</c>, <c>application/json</c>) are inlined as text; the others become
    /// <c>DataContent</c> with their bytes. Default: the images providers take (<c>image/png</c>,
    /// <c>image/jpeg</c>, <c>image/gif</c>, <c>image/webp</c> — not SVG, which they refuse),
    /// <c>application/pdf</c>, <c>text/*</c>, <c>application/json</c>.
    /// </summary>
    public IReadOnlyList<string> Types { get; init; } = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/*", "application/json"];

    /// <summary>Files larger than this are only named, never sent. Default 5 MiB.</summary>
    public long MaxBytesPerFile { get; init; } = 5 * 1024 * 1024;

    /// <summary>The most bytes sent for all attachments together, newest messages first. Default 20 MiB.</summary>
    public long MaxTotalBytes { get; init; } = 20 * 1024 * 1024;

    internal bool Includes(FileRef file) =>
        file.Size <= MaxBytesPerFile && Types.Any(t => t.EndsWith("/*", StringComparison.Ordinal)
            ? file.Mime.StartsWith(t[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(file.Mime, t, StringComparison.OrdinalIgnoreCase));

    internal static bool IsText(string mime) =>
        mime.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || string.Equals(mime, "application/json", StringComparison.OrdinalIgnoreCase);
}
