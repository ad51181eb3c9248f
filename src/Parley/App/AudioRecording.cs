using Parley.Storage;

namespace Parley;

/// <summary>
/// A finished recording, as <see cref="ChatApp.OnAudioEndAsync"/> gets it: every chunk's bytes in order,
/// saved through the file store as <see cref="File"/> (served to the thread's owner at its URL).
/// </summary>
public sealed class AudioRecording
{
    private readonly IFileStore _files;

    internal AudioRecording(AudioRunInput input, IFileStore files)
    {
        _files = files;
        StreamId = input.StreamId;
        MimeType = input.MimeType;
        ChunkCount = input.ChunkCount;
        Size = input.Size;
        Duration = TimeSpan.FromMilliseconds(input.DurationMs);
        File = new FileRef { Id = input.FileId, Name = input.FileName, Mime = input.MimeType.Split(';', 2)[0].Trim().ToLowerInvariant(), Size = input.Size, Url = FileRecord.UrlOf(input.FileId) };
    }

    /// <summary>The stream's id (<c>aud_…</c>).</summary>
    public string StreamId { get; }

    /// <summary>The media type the UI recorded, for example <c>audio/webm;codecs=opus</c>.</summary>
    public string MimeType { get; }

    /// <summary>How many chunks were received.</summary>
    public int ChunkCount { get; }

    /// <summary>The size in bytes.</summary>
    public long Size { get; }

    /// <summary>The elapsed time of the last chunk.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The saved recording (reply with it in an audio element, for example).</summary>
    public FileRef File { get; }

    /// <summary>Opens the recording's bytes; the caller disposes the stream.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="FileNotFoundException">The file is gone (deleted with its thread, or the file store forgot it).</exception>
    public async Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default) =>
        await _files.OpenReadAsync(File.Id, cancellationToken) ?? throw new FileNotFoundException("The recording is no longer stored.", File.Name);
}
