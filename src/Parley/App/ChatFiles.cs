using Parley.Runtime;
using Parley.Storage;

namespace Parley;

/// <summary>
/// A run's access to its thread's files (<see cref="ChatContext.Files"/>): open the bytes of an
/// attachment or of a file the app saved, and save new bytes as a file of the thread.
/// </summary>
/// <remarks>
/// Thread-safe. Only files of the run's thread can be read: a file of another thread is "not found"
/// alike. Nothing here takes a path or URL from a client; <see cref="SaveAsync(string, string, Stream, CancellationToken)"/>
/// takes bytes the app provides.
/// </remarks>
public sealed class ChatFiles
{
    private readonly ChatContext _context;
    private readonly ThreadHost _host;

    internal ChatFiles(ChatContext context, ThreadHost host)
    {
        _context = context;
        _host = host;
    }

    /// <summary>Reads the description of one of the thread's files.</summary>
    /// <param name="fileId">The file's id, for example from <see cref="UserMessage.Attachments"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The file's reference, or null when the thread has no such file.</returns>
    public async Task<FileRef?> GetAsync(string fileId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileId);
        using var token = _context.Link(cancellationToken);
        var file = await FindAsync(fileId, token.Token);
        return file?.ToRef();
    }

    /// <summary>Opens the bytes of one of the thread's files; the caller disposes the stream.</summary>
    /// <param name="file">The file, for example one of <see cref="UserMessage.Attachments"/>; only its id is used.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FileNotFoundException">The thread has no such file.</exception>
    public Task<Stream> OpenReadAsync(FileRef file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return OpenReadAsync(file.Id, cancellationToken);
    }

    /// <summary>Opens the bytes of one of the thread's files; the caller disposes the stream.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FileNotFoundException">The thread has no such file.</exception>
    public async Task<Stream> OpenReadAsync(string fileId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileId);
        using var token = _context.Link(cancellationToken);
        var file = await FindAsync(fileId, token.Token);
        var stream = file is null ? null : await _host.Services.Files.OpenReadAsync(file.Id, token.Token);
        return stream ?? throw new FileNotFoundException($"The thread has no file {fileId}.");
    }

    /// <summary>Reads all the bytes of one of the thread's files (mind their size: see <see cref="FileRef.Size"/>).</summary>
    /// <param name="file">The file; only its id is used.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FileNotFoundException">The thread has no such file.</exception>
    public async Task<byte[]> ReadAllBytesAsync(FileRef file, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenReadAsync(file, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Saves bytes the app made as a file of the thread, owned by the thread's user.</summary>
    /// <param name="name">The name to show (never used as a path).</param>
    /// <param name="mime">The media type, for example <c>image/png</c>.</param>
    /// <param name="content">The bytes, read to the end. Upload limits do not apply: the app is trusted.</param>
    /// <param name="cancellationToken">Cancels the call; nothing is saved then.</param>
    /// <returns>The file's reference, with its server-issued URL.</returns>
    public async Task<FileRef> SaveAsync(string name, string mime, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mime);
        ArgumentNullException.ThrowIfNull(content);
        using var token = _context.Link(cancellationToken);
        var services = _host.Services;
        var file = new FileRecord
        {
            Id = services.Ids.NewFileId(),
            OwnerId = _host.Thread.OwnerId,
            ThreadId = _host.ThreadId,
            Name = FileTypes.SafeName(name),
            Mime = mime,
            CreatedAt = services.Time.GetUtcNowMs(),
        };
        var stored = await services.Files.SaveAsync(file, content, token.Token);
        return stored.ToRef();
    }

    /// <summary>Saves bytes the app made as a file of the thread, owned by the thread's user.</summary>
    /// <param name="name">The name to show (never used as a path).</param>
    /// <param name="mime">The media type, for example <c>image/png</c>.</param>
    /// <param name="content">The bytes.</param>
    /// <param name="cancellationToken">Cancels the call; nothing is saved then.</param>
    /// <returns>The file's reference, with its server-issued URL.</returns>
    public async Task<FileRef> SaveAsync(string name, string mime, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var stream = new MemoryStream(content, writable: false);
        return await SaveAsync(name, mime, stream, cancellationToken);
    }

    private async Task<FileRecord?> FindAsync(string fileId, CancellationToken cancellationToken)
    {
        if (!CommandValidation.IsPlausibleId(fileId))
        {
            return null;
        }

        var file = await _host.Services.Files.GetAsync(fileId, cancellationToken);
        return file is not null && file.ThreadId == _host.ThreadId && file.OwnerId == _host.Thread.OwnerId ? file : null;
    }
}
