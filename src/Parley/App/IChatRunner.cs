namespace Parley;

/// <summary>
/// Starts runs from the server side — a scheduled job, a webhook, a queue consumer — with the same
/// events, ordering and error handling as runs started by users. Inject it anywhere.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public interface IChatRunner
{
    /// <summary>Creates a thread for a user; its session begins and <see cref="ChatApp.OnChatStartAsync"/> runs.</summary>
    /// <param name="ownerId">The user who owns the thread (<see cref="ChatUser.Id"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<ThreadInfo> CreateThreadAsync(string ownerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues a run in a thread that executes <paramref name="handler"/> (trigger <see cref="RunTrigger.Server"/>).
    /// It begins the thread's session if none is live, so <see cref="ChatApp.OnChatResumeAsync"/> runs first.
    /// A server run is kept in memory only while queued: if the process stops first, it does not run.
    /// </summary>
    /// <param name="threadId">The thread.</param>
    /// <param name="handler">What the run does.</param>
    /// <param name="cancellationToken">Cancels queueing (not the run: stop it like any run).</param>
    /// <returns>The queued run, whose <see cref="ServerRun.Completion"/> tells how it finished.</returns>
    Task<ServerRun> StartRunAsync(string threadId, Func<ChatContext, Task> handler, CancellationToken cancellationToken = default);
}
