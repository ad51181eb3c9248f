using Parley.Runtime;

namespace Parley;

/// <summary>
/// The argument of <see cref="ChatApp.OnStreamCancelledAsync"/>: what a stopped run left unfinished,
/// with its partial content, and what can be done with it before the run finishes.
/// </summary>
public sealed class StreamCancelledContext
{
    /// <summary>The hidden note the default adds, telling the model the user stopped the reply.</summary>
    public const string StoppedNote = "The user stopped the previous reply before it was finished; its partial text is above.";

    private readonly RunOutput _output;

    internal StreamCancelledContext(ChatContext chat, RunOutput output, IReadOnlyList<ChatItem> pendingItems)
    {
        Chat = chat;
        _output = output;
        PendingItems = pendingItems;
    }

    /// <summary>A context of the stopped run; it still writes (its <see cref="ChatContext.Aborted"/> is cancelled).</summary>
    public ChatContext Chat { get; }

    /// <summary>The run's items that were in progress or pending at the stop, with their partial content.</summary>
    public IReadOnlyList<ChatItem> PendingItems { get; }

    /// <summary>Keeps an item with its partial content, finished as <see cref="ItemStatus.Cancelled"/>.</summary>
    /// <param name="item">One of <see cref="PendingItems"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ChatItem> KeepAsync(ChatItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var now = _output.Now;
        return _output.UpdateAsync(item.Id, current => current.Status.IsOpen() ? current.Close(ItemStatus.Cancelled, now) : current, cancellationToken);
    }

    /// <summary>Removes an item from the thread (<c>item.removed</c>).</summary>
    /// <param name="item">The item.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task RemoveAsync(ChatItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _output.RemoveAsync(item.Id, cancellationToken);
    }

    /// <summary>
    /// The default: keep every pending item as cancelled (partial assistant text, steps, asks) and add
    /// the <see cref="StoppedNote"/> as hidden context for the model.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task ApplyDefaultAsync(CancellationToken cancellationToken = default)
    {
        foreach (var item in PendingItems)
        {
            await KeepAsync(item, cancellationToken);
        }

        await Chat.AddHiddenContextAsync(StoppedNote, cancellationToken);
    }
}
