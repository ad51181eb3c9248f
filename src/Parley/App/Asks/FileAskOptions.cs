namespace Parley;

/// <summary>Options of a file ask (<see cref="ChatContext.AskFileAsync"/>).</summary>
public sealed record FileAskOptions
{
    /// <summary>The default of <see cref="MaxSizeMb"/>: 20 MB, the upload limit's default.</summary>
    public const int DefaultMaxSizeMb = 20;

    /// <summary>
    /// Accepted MIME types (<c>image/png</c>), type families (<c>image/*</c>) or extensions (<c>.csv</c>).
    /// Null or empty (the default) accepts any type the upload endpoint accepts.
    /// </summary>
    public IReadOnlyList<string>? Accept { get; init; }

    /// <summary>The most files the answer may hold. Default 1.</summary>
    public int MaxFiles { get; init; } = 1;

    /// <summary>The largest file accepted, in megabytes (1 MB = 1,048,576 bytes). Default <see cref="DefaultMaxSizeMb"/>.</summary>
    public int MaxSizeMb { get; init; } = DefaultMaxSizeMb;

    /// <summary>How long the ask waits. Null (the default) waits until answered, stopped, or its session ends.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The author shown. Default <see cref="Hosting.ParleyOptions.AppName"/>.</summary>
    public string? Author { get; init; }
}
