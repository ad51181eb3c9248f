namespace Parley.Runtime;

/// <summary>Releases a thread host's gate when disposed: <c>using (await host.LockAsync(ct)) { … }</c>.</summary>
internal readonly struct GateLease(SemaphoreSlim gate) : IDisposable
{
    public void Dispose() => gate.Release();
}
