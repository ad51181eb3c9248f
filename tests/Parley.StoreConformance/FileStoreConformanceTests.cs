using Parley.Storage;

namespace Parley.StoreConformance;

/// <summary>
/// The behaviour every <see cref="IFileStore"/> must have. A file store derives a concrete test class
/// from it and implements <see cref="CreateStoreAsync"/>; every test gets a fresh, empty store.
/// </summary>
public abstract class FileStoreConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 12, 0, 0, 123, TimeSpan.Zero);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private IFileStore? _store;

    /// <summary>The store under test: fresh and empty for each test.</summary>
    protected IFileStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>A token that cancels a test that hangs.</summary>
    protected CancellationToken Ct => _timeout.Token;

    /// <summary>Creates a new, empty store.</summary>
    protected abstract Task<IFileStore> CreateStoreAsync();

    /// <summary>Releases a store made by <see cref="CreateStoreAsync"/>; override to remove its files.</summary>
    /// <param name="store">The store.</param>
    protected virtual Task DisposeStoreAsync(IFileStore store) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        try
        {
            if (_store is not null)
            {
                await DisposeStoreAsync(_store);
            }
        }
        finally
        {
            _timeout.Dispose();
        }
    }

    [Fact]
    public async Task SaveAsync_ThenGetAndOpen_SameDescriptionAndBytes()
    {
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();

        var saved = await Store.SaveAsync(File("fil_a", "thr_1") with { Size = 999 }, new MemoryStream(bytes), Ct);

        Assert.Equal(bytes.Length, saved.Size);
        Assert.Equal(saved, await Store.GetAsync("fil_a", Ct));
        Assert.Equal(bytes, (await ReadAsync("fil_a"))!);
    }

    [Fact]
    public async Task SaveAsync_EmptyStream_SizeZero()
    {
        var saved = await Store.SaveAsync(File("fil_e", "thr_1"), new MemoryStream(), Ct);

        Assert.Equal(0, saved.Size);
        Assert.Empty((await ReadAsync("fil_e"))!);
    }

    [Theory]
    [InlineData("fil_missing")]
    [InlineData("../fil_a")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("fil_a.json")]
    public async Task GetAndOpen_UnknownOrPathLikeId_Null(string fileId)
    {
        await Store.SaveAsync(File("fil_a", "thr_1"), new MemoryStream([1, 2, 3]), Ct);

        Assert.Null(await Store.GetAsync(fileId, Ct));
        Assert.Null(await Store.OpenReadAsync(fileId, Ct));
    }

    [Fact]
    public async Task SaveAsync_NameLikeAPath_KeptAsNameOnly()
    {
        var saved = await Store.SaveAsync(File("fil_n", "thr_1") with { Name = "../../../etc/passwd" }, new MemoryStream([7]), Ct);

        Assert.Equal("../../../etc/passwd", (await Store.GetAsync(saved.Id, Ct))!.Name);
        Assert.Equal([7], (await ReadAsync(saved.Id))!);
    }

    [Fact]
    public async Task SaveAsync_StreamFails_NothingStored()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => Store.SaveAsync(File("fil_f", "thr_1"), new FailingStream(), Ct));

        Assert.Null(await Store.GetAsync("fil_f", Ct));
        Assert.Null(await Store.OpenReadAsync("fil_f", Ct));
    }

    [Fact]
    public async Task SaveAsync_Cancelled_NothingStored()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.SaveAsync(File("fil_c", "thr_1"), new MemoryStream([1, 2]), cancelled.Token));

        Assert.Null(await Store.GetAsync("fil_c", Ct));
    }

    [Fact]
    public async Task DeleteThreadFilesAsync_DeletesThatThreadsFilesOnly()
    {
        await Store.SaveAsync(File("fil_1", "thr_1"), new MemoryStream([1]), Ct);
        await Store.SaveAsync(File("fil_2", "thr_1"), new MemoryStream([2]), Ct);
        await Store.SaveAsync(File("fil_3", "thr_2"), new MemoryStream([3]), Ct);

        await Store.DeleteThreadFilesAsync("thr_1", Ct);
        await Store.DeleteThreadFilesAsync("thr_1", Ct);
        await Store.DeleteThreadFilesAsync("thr_none", Ct);

        Assert.Null(await Store.GetAsync("fil_1", Ct));
        Assert.Null(await Store.OpenReadAsync("fil_2", Ct));
        Assert.Equal([3], (await ReadAsync("fil_3"))!);
    }

    [Fact]
    public async Task SaveAsync_Concurrent_AllStored()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Store.SaveAsync(File($"fil_p{i}", "thr_1"), new MemoryStream([(byte)i]), Ct)));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal([(byte)i], (await ReadAsync($"fil_p{i}"))!);
        }
    }

    private static FileRecord File(string id, string threadId) =>
        new() { Id = id, OwnerId = "usr_1", ThreadId = threadId, Name = "a.txt", Mime = "text/plain", CreatedAt = At };

    private async Task<byte[]?> ReadAsync(string fileId)
    {
        await using var stream = await Store.OpenReadAsync(fileId, Ct);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Ct);
        return buffer.ToArray();
    }

    private sealed class FailingStream : MemoryStream
    {
        private int _reads;

        public FailingStream() : base(new byte[100_000])
        {
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ++_reads > 1 ? throw new InvalidDataException("broken") : base.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
