using System.Text.Json;
using Parley.Runtime;

namespace Parley;

/// <summary>
/// What a hook that is not a run gets (window messages, audio start and chunks): the thread, the user,
/// the session values, the hook's DI scope, and the ephemeral verbs. It writes nothing to the thread's
/// log; to reply in the chat, start a run (<see cref="IChatRunner.StartRunAsync"/>).
/// </summary>
/// <remarks>Readonly and thread-safe; valid while the hook runs.</remarks>
public abstract class ThreadHookContext
{
    private readonly ThreadHost _host;

    private protected ThreadHookContext(ThreadHost host, ChatUser user, SessionValues session, IServiceProvider services)
    {
        _host = host;
        Thread = host.Thread.ToInfo();
        User = user;
        Session = session;
        Services = services;
        CancellationToken = host.Services.ShutdownToken;
    }

    /// <summary>The thread, as it was when the hook was queued.</summary>
    public ThreadInfo Thread { get; }

    /// <summary>The thread's user.</summary>
    public ChatUser User { get; }

    /// <summary>The session's values; changes are saved after the hook.</summary>
    public SessionValues Session { get; }

    /// <summary>The hook's DI scope.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Fires when the host shuts down. (A hook running longer than <c>HookTimeout</c> is left running, not cancelled.)</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Posts <paramref name="data"/> to the page that embeds the chat (<c>window.message</c>, ephemeral):
    /// only tabs connected now receive it.
    /// </summary>
    /// <param name="data">Any JSON value.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task SendWindowMessageAsync(JsonElement data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _host.PublishEphemeral(new WindowMessageEvent { ThreadId = _host.ThreadId, At = _host.Now, Data = data.Clone() });
        return Task.CompletedTask;
    }

    /// <summary>Shows a short notification to whoever watches the thread now (not stored).</summary>
    /// <param name="message">The text.</param>
    /// <param name="level">The severity. Default <see cref="ToastLevel.Info"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task ToastAsync(string message, ToastLevel level = ToastLevel.Info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        _host.PublishEphemeral(new ToastEvent { ThreadId = _host.ThreadId, At = _host.Now, Level = level, Message = message });
        return Task.CompletedTask;
    }
}
