using Parley.Storage;

namespace Parley.Testing;

/// <summary>A store that fails on demand: a commit, or a read by method name.</summary>
public sealed class FaultyChatStore(IChatStore inner) : DelegatingChatStore(inner)
{
    /// <summary>Called for each commit; a returned exception is thrown instead of committing.</summary>
    public Func<StoreBatch, Exception?>? OnCommit { get; set; }

    /// <summary>Called for each read with the method's name; a returned exception is thrown.</summary>
    public Func<string, Exception?>? OnRead { get; set; }

    private int _commits;

    public int Commits => Volatile.Read(ref _commits);

    public override ValueTask CommitAsync(StoreBatch batch, CancellationToken cancellationToken)
    {
        if (OnCommit?.Invoke(batch) is { } failure)
        {
            throw failure;
        }

        Interlocked.Increment(ref _commits);
        return base.CommitAsync(batch, cancellationToken);
    }

    public override ValueTask<IReadOnlyList<ChatItem>> GetItemsAsync(string threadId, int limit, CancellationToken cancellationToken) =>
        OnRead?.Invoke(nameof(GetItemsAsync)) is { } failure ? throw failure : base.GetItemsAsync(threadId, limit, cancellationToken);

    public override ValueTask<ThreadRecord?> GetThreadAsync(string threadId, CancellationToken cancellationToken) =>
        OnRead?.Invoke(nameof(GetThreadAsync)) is { } failure ? throw failure : base.GetThreadAsync(threadId, cancellationToken);

    public override ValueTask<ThreadSnapshot?> GetSnapshotAsync(string threadId, CancellationToken cancellationToken) =>
        OnRead?.Invoke(nameof(GetSnapshotAsync)) is { } failure ? throw failure : base.GetSnapshotAsync(threadId, cancellationToken);

    /// <summary>Fails every commit that contains an event of type <typeparamref name="TEvent"/>, <paramref name="times"/> times.</summary>
    public void FailCommitsWith<TEvent>(int times, bool transient = false)
        where TEvent : ThreadEvent
    {
        var remaining = times;
        OnCommit = batch =>
        {
            if (Volatile.Read(ref remaining) <= 0 || !batch.Events.Any(e => Serialization.ParleyJson.DeserializeEvent(e.Json.Span) is TEvent))
            {
                return null;
            }

            Interlocked.Decrement(ref remaining);
            return new ChatStoreException("Injected commit failure.", isTransient: transient);
        };
    }
}
