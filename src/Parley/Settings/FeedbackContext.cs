namespace Parley;

/// <summary>The argument of <see cref="ChatApp.OnFeedbackAsync"/>: a rating that was just stored.</summary>
public sealed class FeedbackContext
{
    internal FeedbackContext(ThreadInfo thread, ChatUser user, ChatItem item, int value, string? comment, IServiceProvider services, CancellationToken cancellationToken)
    {
        Thread = thread;
        User = user;
        Item = item;
        Value = value;
        Comment = comment;
        Services = services;
        CancellationToken = cancellationToken;
    }

    /// <summary>The thread.</summary>
    public ThreadInfo Thread { get; }

    /// <summary>The user who rated.</summary>
    public ChatUser User { get; }

    /// <summary>The rated assistant message, with the rating in its metadata (<c>feedback</c>).</summary>
    public ChatItem Item { get; }

    /// <summary>1 (good), -1 (bad) or 0 (the rating was removed).</summary>
    public int Value { get; }

    /// <summary>The user's comment, if any.</summary>
    public string? Comment { get; }

    /// <summary>The hook's DI scope.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Fires when the host shuts down.</summary>
    public CancellationToken CancellationToken { get; }
}
