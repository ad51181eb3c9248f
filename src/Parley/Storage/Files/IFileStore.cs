namespace Parley.Storage;

/// <summary>
/// Where the bytes of uploads, attachments and elements are kept, with their descriptions. The
/// default keeps them in a local folder; replace it to keep them elsewhere (a bucket, a database).
/// </summary>
/// <remarks>
/// Thread-safe. Ids are issued by Parley, never by a client; a store never interprets a name as a
/// path. Errors other than "not found" are <see cref="ChatStoreException"/>s.
/// </remarks>
public interface IFileStore
{
    /// <summary>Stores a new file, reading <paramref name="content"/> to its end.</summary>
    /// <param name="file">The description; its <see cref="FileRecord.Size"/> is ignored.</param>
    /// <param name="content">The bytes. The caller limits its length.</param>
    /// <param name="cancellationToken">Cancels the call; nothing is stored then.</param>
    /// <returns>The stored description, with the size of the bytes saved.</returns>
    Task<FileRecord> SaveAsync(FileRecord file, Stream content, CancellationToken cancellationToken);

    /// <summary>Reads a file's description.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The description, or null when there is no such file.</returns>
    Task<FileRecord?> GetAsync(string fileId, CancellationToken cancellationToken);

    /// <summary>Opens a file's bytes for reading; the caller disposes the stream.</summary>
    /// <param name="fileId">The file's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A readable stream, or null when there is no such file.</returns>
    Task<Stream?> OpenReadAsync(string fileId, CancellationToken cancellationToken);

    /// <summary>Deletes every file of a thread. Idempotent.</summary>
    /// <param name="threadId">The thread.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task DeleteThreadFilesAsync(string threadId, CancellationToken cancellationToken);
}
