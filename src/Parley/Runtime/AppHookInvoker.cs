using Microsoft.Extensions.DependencyInjection;

namespace Parley.Runtime;

/// <summary>
/// Calls a hook that is not a run (connect, disconnect, chat end) on an app instance from a fresh DI
/// scope. A hook that throws is logged and otherwise ignored, and one that takes longer than
/// <see cref="Hosting.ParleyOptions.HookTimeout"/> is left running: a failing or hung clean-up hook
/// must not break the thread, its session's end, or a shutdown.
/// </summary>
internal static class AppHookInvoker
{
    public static Task InvokeAsync(ThreadHostServices services, string hook, string threadId, Func<ChatApp, Task> call) =>
        InvokeScopedAsync(services, hook, threadId, (app, _) => call(app));

    /// <summary>Like <see cref="InvokeAsync"/>, for a hook whose context carries the hook's DI scope.</summary>
    public static Task InvokeScopedAsync(ThreadHostServices services, string hook, string threadId, Func<ChatApp, IServiceProvider, Task> call) =>
        InvokeAsync(
            services,
            hook,
            threadId,
            async (app, scope) =>
            {
                await call(app, scope);
                return true;
            },
            fallback: false);

    /// <summary>
    /// Calls a hook that returns a value (an audio start's consent) or needs its scope: the caller gets
    /// <paramref name="fallback"/> when it throws or outlasts the hook timeout.
    /// </summary>
    public static async Task<T> InvokeAsync<T>(ThreadHostServices services, string hook, string threadId, Func<ChatApp, IServiceProvider, Task<T>> call, T fallback)
    {
        var scope = services.Scopes.CreateAsyncScope();
        Task<T> running;
        try
        {
            running = call(scope.ServiceProvider.GetRequiredService<ChatApp>(), scope.ServiceProvider);
        }
        catch (Exception ex)
        {
            RuntimeLog.HookFailed(services.Logger, hook, threadId, ex);
            await DisposeQuietlyAsync(scope);
            return fallback;
        }

        await AppHookInvoker.BoundedAsync(services, hook, threadId, running);
        _ = running.ContinueWith(_ => DisposeQuietlyAsync(scope), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        return running.IsCompletedSuccessfully ? running.Result : fallback;
    }

    /// <summary>Awaits a hook for at most the hook timeout; logs a failure or a timeout, never throws.</summary>
    public static async Task BoundedAsync(ThreadHostServices services, string hook, string threadId, Task running)
    {
        try
        {
            await running.WaitAsync(services.Options.HookTimeout, services.Time);
        }
        catch (TimeoutException)
        {
            RuntimeLog.HookTimedOut(services.Logger, hook, threadId, services.Options.HookTimeout);
            _ = running.ContinueWith(
                t => RuntimeLog.HookFailed(services.Logger, hook, threadId, t.Exception!),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default);
        }
        catch (Exception ex)
        {
            RuntimeLog.HookFailed(services.Logger, hook, threadId, ex);
        }
    }

    private static async Task DisposeQuietlyAsync(AsyncServiceScope scope)
    {
        try
        {
            await scope.DisposeAsync();
        }
        catch (Exception)
        {
            // A scoped service failing to dispose after a hook has nobody to report to but the log
            // of the hook itself, which already ran; nothing here may throw.
        }
    }
}
