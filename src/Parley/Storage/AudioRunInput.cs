namespace Parley.Storage;

/// <summary>The recording an audio run (<see cref="RunTrigger.Audio"/>) handles, kept with its run record.</summary>
public sealed record AudioRunInput
{
    /// <summary>The stream's id (<c>aud_…</c>).</summary>
    public required string StreamId { get; init; }

    /// <summary>The file the recording's bytes were saved as (<c>fil_…</c>).</summary>
    public required string FileId { get; init; }

    /// <summary>The file's name.</summary>
    public required string FileName { get; init; }

    /// <summary>The media type the UI recorded, for example <c>audio/webm;codecs=opus</c>.</summary>
    public required string MimeType { get; init; }

    /// <summary>How many chunks were received.</summary>
    public required int ChunkCount { get; init; }

    /// <summary>The recording's size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>The elapsed time of the last chunk, in milliseconds.</summary>
    public required long DurationMs { get; init; }
}
