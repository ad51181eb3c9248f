namespace Parley.Runtime;

/// <summary>
/// How a run writes to its thread: every write takes the host's gate, checks that the run has not
/// finished, and appends through the log. Shared by the handler's context and the contexts of the
/// run's finishing hooks.
/// </summary>
/// <remarks>Thread-safe: a handler may write from parallel tasks; the gate orders the writes.</remarks>
internal sealed class RunOutput(ThreadHost host, RunState run)
{
    public ThreadHost Host { get; } = host;

    public RunState Run { get; } = run;

    /// <summary>The innermost open step of the current async flow: new steps nest under it.</summary>
    public AsyncLocal<string?> CurrentStep { get; } = new();

    public string NewItemId() => Host.Services.Ids.NewItemId();

    public DateTimeOffset Now => Host.Now;

    public string AppName => Host.Services.Options.AppName;

    public void LogToolFailed(string tool, Exception exception) =>
        RuntimeLog.ToolFailed(Host.Services.Logger, tool, Run.Id, Host.ThreadId, exception);

    /// <summary>The app's author rename (<see cref="ChatApp.RenameAuthorAsync"/>); null before the app exists.</summary>
    public Func<string, CancellationToken, ValueTask<string>>? RenameAuthor { get; set; }

    public async Task<T> AddAsync<T>(T item, CancellationToken cancellationToken)
        where T : ChatItem
    {
        if (RenameAuthor is { } rename && item.Author is { } author)
        {
            item = (T)(item with { Author = await rename(author, cancellationToken) });
        }

        Task durable;
        using (await Host.LockAsync(cancellationToken))
        {
            EnsureWritable();
            durable = await Host.AppendAsync(
                new ItemAddedEvent { ThreadId = Host.ThreadId, RunId = Run.Id, At = Now, Item = item },
                cancellationToken: cancellationToken);
        }

        await durable.WaitAsync(cancellationToken);
        return item;
    }

    /// <summary>Appends streamed text: queued for the writer, not awaited for durability.</summary>
    public async ValueTask AppendAsync(string itemId, ItemField field, string text, CancellationToken cancellationToken)
    {
        using (await Host.LockAsync(cancellationToken))
        {
            EnsureWritable();
            await Host.Log.AppendDeltaAsync(itemId, field, text, Run.Id, Now, cancellationToken);
        }
    }

    public async Task<ChatItem> UpdateAsync(string itemId, Func<ChatItem, ChatItem> change, CancellationToken cancellationToken)
    {
        Task durable;
        ChatItem updated;
        using (await Host.LockAsync(cancellationToken))
        {
            EnsureWritable();
            var current = await Host.GetItemAsync(itemId, cancellationToken)
                ?? throw new InvalidOperationException($"Item {itemId} does not exist in this thread.");
            updated = change(current);
            durable = await Host.AppendAsync(
                new ItemUpdatedEvent { ThreadId = Host.ThreadId, RunId = Run.Id, At = Now, Item = updated },
                cancellationToken: cancellationToken);
        }

        await durable.WaitAsync(cancellationToken);
        if (updated is AskItem { Status: not ItemStatus.Pending } ask)
        {
            Host.Asks.Complete(ask);
        }

        return updated;
    }

    public async Task RemoveAsync(string itemId, CancellationToken cancellationToken)
    {
        Task durable;
        using (await Host.LockAsync(cancellationToken))
        {
            EnsureWritable();
            if (await Host.GetItemAsync(itemId, cancellationToken) is null)
            {
                return;
            }

            durable = await Host.AppendAsync(
                new ItemRemovedEvent { ThreadId = Host.ThreadId, RunId = Run.Id, At = Now, ItemId = itemId },
                cancellationToken: cancellationToken);
        }

        await durable.WaitAsync(cancellationToken);
    }

    /// <summary>Adds a pending ask and waits for its final state: answered or expired (or the run's cancellation).</summary>
    public async Task<AskItem> AskAsync(AskItem ask, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        // Registered before the ask is visible, so an answer can never arrive with nobody waiting.
        var answered = Host.Asks.Register(ask.Id);
        try
        {
            await AddAsync(ask, cancellationToken);
        }
        catch
        {
            Host.Asks.Forget(ask.Id);
            throw;
        }

        using var timer = timeout is { } after
            ? Host.Services.Time.CreateTimer(static state => _ = ((ExpiringAsk)state!).ExpireAsync(), new ExpiringAsk(Host, ask.Id), after, Timeout.InfiniteTimeSpan)
            : null;
        return await answered.WaitAsync(cancellationToken);
    }

    public void EnsureWritable()
    {
        if (Run.Finished)
        {
            throw new InvalidOperationException("The run has finished; it can no longer write to the thread.");
        }
    }

    private sealed record ExpiringAsk(ThreadHost Host, string AskId)
    {
        public Task ExpireAsync() => Host.ExpireAskAsync(AskId);
    }
}
