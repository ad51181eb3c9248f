using Parley.StoreConformance;
using Parley.Storage;

namespace Parley.Tests.Storage;

/// <summary>Runs the file store conformance suite against <see cref="LocalFolderFileStore"/>, plus its on-disk rules.</summary>
public sealed class LocalFolderFileStoreTests : FileStoreConformanceTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("parley-files-").FullName;

    [Fact]
    public async Task SaveAsync_StreamFails_NoFileLeftBehind()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => Store.SaveAsync(Record("fil_x"), new ThrowingStream(), Ct));

        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "files")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("fil/sub")]
    [InlineData("fil.json")]
    [InlineData("")]
    public async Task SaveAsync_IdThatIsNotAnId_RefusedBeforeTouchingDisk(string id)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(Record(id), new MemoryStream([1]), Ct));

        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public async Task NewStore_SameFolder_SeesSavedFiles()
    {
        await Store.SaveAsync(Record("fil_keep"), new MemoryStream([4, 5]), Ct);

        var reopened = new LocalFolderFileStore(_root);

        Assert.Equal(2, (await reopened.GetAsync("fil_keep", Ct))!.Size);
    }

    protected override Task<IFileStore> CreateStoreAsync() => Task.FromResult<IFileStore>(new LocalFolderFileStore(_root));

    protected override Task DisposeStoreAsync(IFileStore store)
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private static FileRecord Record(string id) =>
        new() { Id = id, OwnerId = "usr_1", ThreadId = "thr_1", Name = "a.txt", Mime = "text/plain", CreatedAt = DateTimeOffset.UnixEpoch };

    private sealed class ThrowingStream : MemoryStream
    {
        public ThrowingStream() : base(new byte[10])
        {
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidDataException("broken");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new InvalidDataException("broken");
    }
}
