using Parley.Storage;
using Parley.StoreConformance;

namespace Parley.Sqlite.Tests;

/// <summary>
/// Runs the store conformance suite against a <see cref="SqliteChatStore"/> that checkpoints after
/// every few pages and restarts its WAL after a few dozen frames, so background checkpoints and WAL
/// restarts run while the suite writes and reads.
/// </summary>
public sealed class SqliteChatStoreFrequentCheckpointTests : ChatStoreConformanceTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-sqlite-tests", Guid.NewGuid().ToString("N"));

    protected override Task<IChatStore> CreateStoreAsync() =>
        Task.FromResult<IChatStore>(new SqliteChatStore(new SqliteChatStoreOptions
        {
            DatabasePath = Path.Combine(_root, "parley.db"),
            CheckpointPages = 4,
            CheckpointRestartFrames = 32,
        }));

    protected override async Task DisposeStoreAsync(IChatStore store)
    {
        await base.DisposeStoreAsync(store);
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
