namespace Parley.Storage;

/// <summary>
/// A stored file's description: who owns it, which thread it belongs to, and what it is. The bytes
/// live in the <see cref="IFileStore"/> beside it.
/// </summary>
public sealed record FileRecord
{
    /// <summary>The file's id (<c>fil_…</c>), issued by the server.</summary>
    public required string Id { get; init; }

    /// <summary>The user who owns the file: only they can read it.</summary>
    public required string OwnerId { get; init; }

    /// <summary>The thread the file belongs to; deleting the thread deletes it.</summary>
    public required string ThreadId { get; init; }

    /// <summary>The file's display name (never used as a path).</summary>
    public required string Name { get; init; }

    /// <summary>The media type, for example <c>image/png</c>.</summary>
    public required string Mime { get; init; }

    /// <summary>The size in bytes; set by the store from the bytes it saved.</summary>
    public long Size { get; init; }

    /// <summary>When the file was stored.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The file as the protocol shows it, with its server-issued URL.</summary>
    public FileRef ToRef() => new() { Id = Id, Name = Name, Mime = Mime, Size = Size, Url = UrlOf(Id) };

    /// <summary>The server-issued URL of a file: <c>/api/files/{id}</c>.</summary>
    /// <param name="fileId">The file's id.</param>
    public static string UrlOf(string fileId) => "/api/files/" + fileId;
}
