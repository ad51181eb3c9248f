using System.Text.Json;

namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    /// <summary>
    /// Queues <see cref="ChatApp.OnWindowMessageAsync"/> on the session's hook sequence (beginning a
    /// session if none is live) and returns without waiting for it: never behind a run.
    /// </summary>
    public async Task PostWindowMessageAsync(ChatUser user, JsonElement data, CancellationToken cancellationToken)
    {
        var (gate, session) = await LockSessionAsync(user, cancellationToken);
        using (gate)
        {
            _ = session.Hooks.Enqueue(() => InvokeNonRunHookAsync(
                session,
                nameof(ChatApp.OnWindowMessageAsync),
                async (app, services) =>
                {
                    await app.OnWindowMessageAsync(new WindowMessageContext(this, user, session.Values, services, data));
                    return true;
                },
                fallback: false));
        }
    }

    /// <summary>Runs a non-run hook with its DI scope, then saves what it changed in the session values.</summary>
    private async Task<T> InvokeNonRunHookAsync<T>(ThreadSession session, string hook, Func<ChatApp, IServiceProvider, Task<T>> call, T fallback)
    {
        var result = await AppHookInvoker.InvokeAsync(Services, hook, ThreadId, call, fallback);
        if (session.Values.HasChanges)
        {
            using (await LockAsync(CancellationToken.None))
            {
                if (Session == session && !IsDeleted)
                {
                    await SaveSessionAsync(session);
                }
            }
        }

        return result;
    }
}
