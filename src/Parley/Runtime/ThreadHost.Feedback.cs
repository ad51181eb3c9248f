namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    /// <summary>
    /// Stores a rating (<see cref="SetFeedbackAsync"/>), then fires <see cref="ChatApp.OnFeedbackAsync"/>:
    /// on the session's hook queue when a session is live, else at once; never queued behind a run, and
    /// its failure is logged without touching the command's answer.
    /// </summary>
    public async Task<ChatItem> RateAsync(ChatUser user, string itemId, int value, string? comment, CancellationToken cancellationToken)
    {
        var rated = await SetFeedbackAsync(itemId, value, comment, cancellationToken);
        var thread = Thread.ToInfo();
        Task Invoke() => AppHookInvoker.InvokeScopedAsync(
            Services,
            nameof(ChatApp.OnFeedbackAsync),
            ThreadId,
            (app, scope) => app.OnFeedbackAsync(new FeedbackContext(thread, user, rated, value, value == 0 ? null : comment, scope, Services.ShutdownToken)));

        if (Session is { Ending: null } session)
        {
            _ = session.Hooks.Enqueue(Invoke);
        }
        else
        {
            _ = Task.Run(Invoke, CancellationToken.None);
        }

        return rated;
    }
}
