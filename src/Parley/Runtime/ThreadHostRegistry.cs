namespace Parley.Runtime;

/// <summary>
/// The thread hosts of this process, one per thread in use. A caller acquires a host (loading it on
/// first use) and releases it when done; a host without session, run or lease leaves the registry.
/// </summary>
/// <remarks>Thread-safe; one lock guards the map and the lease counts.</remarks>
internal sealed class ThreadHostRegistry(ThreadHostServices services)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, ThreadHost> _hosts = new(StringComparer.Ordinal);
    private bool _closed;

    /// <summary>True once shutdown began: no new work, no new session.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_sync)
            {
                return _closed;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _hosts.Count;
            }
        }
    }

    /// <summary>The host of a thread if one is loaded or loading, without a lease (for diagnostics and tests).</summary>
    internal ThreadHost? FindLoaded(string threadId)
    {
        lock (_sync)
        {
            return _hosts.GetValueOrDefault(threadId);
        }
    }

    /// <summary>Returns the loaded host of a thread with a lease the caller must <see cref="Release"/>.</summary>
    /// <exception cref="ChatCommandException">The thread does not exist, or the host is shutting down.</exception>
    public async ValueTask<ThreadHost> AcquireAsync(string threadId, CancellationToken cancellationToken)
    {
        ThreadHost host;
        Task loading;
        lock (_sync)
        {
            if (_closed)
            {
                throw new ChatCommandException(ChatErrorCodes.ShuttingDown, "The server is shutting down. Please try again in a moment.");
            }

            if (!_hosts.TryGetValue(threadId, out host!))
            {
                host = new ThreadHost(threadId, services) { Registry = this };
                _hosts.Add(threadId, host);
            }

            host.Leases++;
            loading = host.Loading ??= host.LoadAsync();
        }

        try
        {
            await loading.WaitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            lock (_sync)
            {
                host.Leases--;
                if (loading.IsFaulted && _hosts.TryGetValue(threadId, out var current) && current == host)
                {
                    // Let the next caller try again (a transient store error), or see "not found".
                    _hosts.Remove(threadId);
                }
            }

            if (!loading.IsCompleted)
            {
                // This caller gave up while the load goes on: unload the host once it is done.
                _ = loading.ContinueWith(_ => TryUnloadOrForget(host), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }

            if (ex is ChatCommandException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw new ChatCommandException(ChatErrorCodes.StoreUnavailable, "The conversation cannot be loaded right now. Please try again shortly.", ex);
        }

        if (host.IsDeleted)
        {
            Release(host);
            throw ChatCommandException.ThreadNotFound();
        }

        return host;
    }

    /// <summary>Adds a lease to a host the caller already holds one on (a subscription outlives its request).</summary>
    public void AddLease(ThreadHost host)
    {
        lock (_sync)
        {
            host.Leases++;
        }
    }

    public void Release(ThreadHost host)
    {
        lock (_sync)
        {
            host.Leases--;
            UnloadIfUnused(host);
        }
    }

    private void TryUnloadOrForget(ThreadHost host)
    {
        lock (_sync)
        {
            if (host.Loading is { IsFaulted: true } && host.Leases == 0 && _hosts.TryGetValue(host.ThreadId, out var current) && current == host)
            {
                _hosts.Remove(host.ThreadId);
                return;
            }

            UnloadIfUnused(host);
        }
    }

    public void TryUnload(ThreadHost host)
    {
        lock (_sync)
        {
            UnloadIfUnused(host);
        }
    }

    /// <summary>Removes a deleted host at once, so the next caller finds the thread gone.</summary>
    public void Forget(ThreadHost host)
    {
        lock (_sync)
        {
            if (_hosts.TryGetValue(host.ThreadId, out var current) && current == host)
            {
                _hosts.Remove(host.ThreadId);
            }
        }
    }

    /// <summary>Refuses new work and ends every live session (runs interrupted, OnChatEnd called).</summary>
    public async Task ShutdownAsync()
    {
        List<ThreadHost> hosts;
        lock (_sync)
        {
            _closed = true;
            hosts = [.. _hosts.Values];
        }

        await Task.WhenAll(hosts.Select(h => h.EndSessionAsync(ChatEndReason.ServerShutdown)));
    }

    private void UnloadIfUnused(ThreadHost host)
    {
        if (host.Leases == 0 && host.IsUnloadable && host.Loading is { IsCompleted: true } &&
            _hosts.TryGetValue(host.ThreadId, out var current) && current == host)
        {
            _hosts.Remove(host.ThreadId);
            if (host.LoadedLog is { IsFaulted: true } log)
            {
                // Nobody will resync this log: let the writer forget it failed.
                services.Writer.Forget(log);
            }
        }
    }
}
