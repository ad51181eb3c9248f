namespace Parley;

/// <summary>The argument of <see cref="ChatApp.OnErrorAsync"/>: a handler threw.</summary>
public sealed class RunErrorContext
{
    internal RunErrorContext(ChatContext chat, Exception exception)
    {
        Chat = chat;
        Exception = exception;
    }

    /// <summary>The run's context (still writable: items added here belong to the failed run).</summary>
    public ChatContext Chat { get; }

    /// <summary>What the handler threw. Never shown to the user unless the app puts it in the returned error.</summary>
    public Exception Exception { get; }
}
