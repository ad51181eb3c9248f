using Microsoft.Extensions.DependencyInjection;

namespace Parley.Runtime;

/// <summary>
/// Calls a non-run hook that needs its DI scope or returns a value (window messages, audio start and
/// chunks), like <see cref="AppHookInvoker"/>: a fresh scope, at most the hook timeout, a failure
/// logged and never thrown — the caller gets <c>fallback</c> instead.
/// </summary>
internal static class NonRunHookInvoker
{
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

    private static async Task DisposeQuietlyAsync(AsyncServiceScope scope)
    {
        try
        {
            await scope.DisposeAsync();
        }
        catch (Exception)
        {
            // Nothing here may throw: the hook already ran, and its own outcome was logged.
        }
    }
}
