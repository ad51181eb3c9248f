namespace Parley;

/// <summary>A reference to a stored file, served to its owner at <see cref="Url"/>.</summary>
public sealed record FileRef
{
    /// <summary>The file id (<c>fil_…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The file name as uploaded or as the app named it.</summary>
    public required string Name { get; init; }

    /// <summary>The MIME type.</summary>
    public required string Mime { get; init; }

    /// <summary>The size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>The server-issued URL of the bytes.</summary>
    public required string Url { get; init; }
}
