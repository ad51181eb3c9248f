using Microsoft.Extensions.DependencyInjection;

namespace Parley.Runtime;

/// <summary>
/// Calls a non-run hook (connect, disconnect, chat end) on an app instance from a fresh DI scope. A
/// hook that throws is logged and otherwise ignored: a failing clean-up hook must not break the thread.
/// </summary>
internal static class AppHookInvoker
{
    public static async Task InvokeAsync(ThreadHostServices services, string hook, string threadId, Func<ChatApp, Task> call)
    {
        try
        {
            await using var scope = services.Scopes.CreateAsyncScope();
            var app = scope.ServiceProvider.GetRequiredService<ChatApp>();
            await call(app);
        }
        catch (Exception ex)
        {
            RuntimeLog.HookFailed(services.Logger, hook, threadId, ex);
        }
    }
}
