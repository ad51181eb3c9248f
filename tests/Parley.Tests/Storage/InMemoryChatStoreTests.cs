using Parley.StoreConformance;
using Parley.Storage;

namespace Parley.Tests.Storage;

/// <summary>Runs the store conformance suite against <see cref="InMemoryChatStore"/>.</summary>
public sealed class InMemoryChatStoreTests : ChatStoreConformanceTests
{
    protected override Task<IChatStore> CreateStoreAsync() => Task.FromResult<IChatStore>(new InMemoryChatStore());
}
