using System.Collections.Concurrent;

namespace Parley.Storage;

/// <summary>Keeps files in memory: for tests and throw-away hosts. Everything is lost with the process.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryFileStore : IFileStore
{
    private readonly ConcurrentDictionary<string, (FileRecord File, byte[] Bytes)> _files = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<FileRecord> SaveAsync(FileRecord file, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var stored = file with { Size = buffer.Length };
        _files[file.Id] = (stored, buffer.ToArray());
        return stored;
    }

    /// <inheritdoc />
    public Task<FileRecord?> GetAsync(string fileId, CancellationToken cancellationToken) =>
        Task.FromResult(_files.TryGetValue(fileId, out var entry) ? entry.File : null);

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string fileId, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(_files.TryGetValue(fileId, out var entry) ? new MemoryStream(entry.Bytes, writable: false) : null);

    /// <inheritdoc />
    public Task DeleteThreadFilesAsync(string threadId, CancellationToken cancellationToken)
    {
        foreach (var (id, entry) in _files)
        {
            if (entry.File.ThreadId == threadId)
            {
                _files.TryRemove(id, out _);
            }
        }

        return Task.CompletedTask;
    }
}
