namespace Parley.TestApp;

/// <summary>
/// The test app's fault switches (only with <c>--faults true</c>): app construction throws while
/// <see cref="ConstructionArmed"/>; the store fails as <see cref="Store"/> says. Handler faults inside
/// runs and hooks are chosen by the message text and the thread's metadata (see CommandedApp.Faults.cs).
/// </summary>
internal sealed class InjectedFaults(TimeProvider time)
{
    private volatile bool _constructionArmed;
    private volatile StoreFault? _store;
    private long _storeFailures;
    private long _constructionFailures;

    public bool ConstructionArmed
    {
        get => _constructionArmed;
        set => _constructionArmed = value;
    }

    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    public long ConstructionFailures => Interlocked.Read(ref _constructionFailures);

    public TimeProvider Time => time;

    /// <summary>The store fault in force now, or null (one that ran out of time is cleared).</summary>
    public StoreFault? Store
    {
        get
        {
            var fault = _store;
            return fault is not null && fault.Until is { } until && time.GetUtcNow() >= until ? null : fault;
        }

        set => _store = value;
    }

    public void CountStoreFailure() => Interlocked.Increment(ref _storeFailures);

    public void ThrowIfConstructionArmed()
    {
        if (_constructionArmed)
        {
            Interlocked.Increment(ref _constructionFailures);
            throw new InjectedFaultException("construction");
        }
    }
}
