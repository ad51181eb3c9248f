using System.Collections.Concurrent;
using Parley.Storage;

namespace Parley.Tests.Elements;

/// <summary>An in-memory file store that counts saves and keeps what was saved.</summary>
internal sealed class CountingFileStore : IFileStore
{
    private readonly InMemoryFileStore _inner = new();

    public ConcurrentQueue<FileRecord> Saved { get; } = new();

    public async Task<FileRecord> SaveAsync(FileRecord file, Stream content, CancellationToken cancellationToken)
    {
        var stored = await _inner.SaveAsync(file, content, cancellationToken);
        Saved.Enqueue(stored);
        return stored;
    }

    public Task<FileRecord?> GetAsync(string fileId, CancellationToken cancellationToken) => _inner.GetAsync(fileId, cancellationToken);

    public Task<Stream?> OpenReadAsync(string fileId, CancellationToken cancellationToken) => _inner.OpenReadAsync(fileId, cancellationToken);

    public Task DeleteThreadFilesAsync(string threadId, CancellationToken cancellationToken) => _inner.DeleteThreadFilesAsync(threadId, cancellationToken);

    public async Task<byte[]> ReadAllAsync(string fileId)
    {
        await using var stream = await _inner.OpenReadAsync(fileId, CancellationToken.None) ?? throw new InvalidOperationException("No such file.");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
