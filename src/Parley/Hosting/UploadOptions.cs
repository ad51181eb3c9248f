namespace Parley.Hosting;

/// <summary>
/// Limits of user uploads (<c>POST /api/files</c>) and of attachments on user messages, set with
/// <c>AddParley&lt;TApp&gt;(o =&gt; o.Uploads.MaxFileBytes = …)</c> and validated at start-up.
/// </summary>
public sealed class UploadOptions
{
    /// <summary>The media types accepted by default (see <see cref="Accept"/>).</summary>
    public static readonly IReadOnlyList<string> DefaultAccept =
    [
        "image/*", "application/pdf", "text/plain", "text/csv", "text/markdown", "application/json", "audio/*", "video/*",
    ];

    /// <summary>Whether users may upload files at all. Default <c>true</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The largest file a user may upload, in bytes. Default 20 MiB (20,971,520).</summary>
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>How many files one user message may carry. Default 10.</summary>
    public int MaxFilesPerMessage { get; set; } = 10;

    /// <summary>
    /// The media types users may upload: exact types (<c>application/pdf</c>) or a whole family
    /// (<c>image/*</c>). Default <see cref="DefaultAccept"/>: <c>image/*</c>, <c>application/pdf</c>,
    /// <c>text/plain</c>, <c>text/csv</c>, <c>text/markdown</c>, <c>application/json</c>, <c>audio/*</c>,
    /// <c>video/*</c>. Whatever this list says, the server decides a file's type itself, and only
    /// images it can recognise by their leading bytes (PNG, JPEG, GIF, WebP) are images; SVG is never one.
    /// </summary>
    public IList<string> Accept { get; set; } = [.. DefaultAccept];
}
