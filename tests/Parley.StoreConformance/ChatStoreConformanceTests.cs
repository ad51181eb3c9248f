using Parley.Storage;

namespace Parley.StoreConformance;

/// <summary>
/// The behaviour every <see cref="IChatStore"/> must have. A store implementation derives a concrete
/// test class from it and implements <see cref="CreateStoreAsync"/>; every test gets a fresh, empty,
/// initialised store.
/// </summary>
/// <remarks>
/// The suite is split by concern over partial class files. Test data uses millisecond-precision UTC
/// timestamps because the JSON form of the model is millisecond-precision.
/// </remarks>
public abstract partial class ChatStoreConformanceTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private IChatStore? _store;

    /// <summary>The store under test: fresh and empty for each test, already initialised.</summary>
    protected IChatStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>A token that cancels a test that hangs, so a deadlocked store fails instead of stalling the run.</summary>
    protected CancellationToken Ct => _timeout.Token;

    /// <summary>
    /// Creates a new, empty store. The suite calls <see cref="IChatStore.InitializeAsync"/> on it, and
    /// <see cref="DisposeStoreAsync"/> when the test ends.
    /// </summary>
    protected abstract Task<IChatStore> CreateStoreAsync();

    /// <summary>
    /// Releases a store made by <see cref="CreateStoreAsync"/>. The default disposes it when it is
    /// <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>; override to also remove its files.
    /// </summary>
    /// <param name="store">The store.</param>
    protected virtual async Task DisposeStoreAsync(IChatStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.InitializeAsync(Ct);
    }

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
}
