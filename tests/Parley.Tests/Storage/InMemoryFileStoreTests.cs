using Parley.StoreConformance;
using Parley.Storage;

namespace Parley.Tests.Storage;

/// <summary>Runs the file store conformance suite against <see cref="InMemoryFileStore"/>.</summary>
public sealed class InMemoryFileStoreTests : FileStoreConformanceTests
{
    protected override Task<IFileStore> CreateStoreAsync() => Task.FromResult<IFileStore>(new InMemoryFileStore());
}
