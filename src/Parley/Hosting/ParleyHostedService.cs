using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Parley.Runtime;

namespace Parley.Hosting;

/// <summary>
/// Starts and stops the runtime with the host. Start: the store's schema, the writer, recovery of
/// whatever a crashed process left unfinished, then <see cref="ChatApp.OnAppStartupAsync"/> — all
/// before the server takes requests. Stop (before the server stops): every session ends (active runs
/// finish as interrupted with a visible error, connections close, OnChatEnd runs), then
/// <see cref="ChatApp.OnAppShutdownAsync"/>, then the writer drains.
/// </summary>
internal sealed class ParleyHostedService(
    ThreadHostServices services,
    ThreadHostRegistry registry,
    IServiceScopeFactory scopes) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await services.Store.InitializeAsync(cancellationToken);
        services.Writer.Start();
        services.KeepAlive.Start();
        foreach (var threadId in await services.Store.GetThreadsNeedingRecoveryAsync(cancellationToken))
        {
            // Acquiring a host loads it, and loading recovers what is unfinished.
            var host = await registry.AcquireAsync(threadId, cancellationToken);
            registry.Release(host);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ChatApp>().OnAppStartupAsync(cancellationToken);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        services.SignalShutdown();
        await using var abort = cancellationToken.Register(services.SignalAbort);
        try
        {
            // Bounded by the host's shutdown timeout: past it, streams end whether or not every
            // session has (the abort above makes the rest give up).
            await registry.ShutdownAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The shutdown timeout elapsed.
        }
        finally
        {
            services.SignalSessionsEnded();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var abort = cancellationToken.Register(services.SignalAbort);
        try
        {
            await AppHookInvoker.InvokeAsync(services, nameof(ChatApp.OnAppShutdownAsync), threadId: "-", app => app.OnAppShutdownAsync(cancellationToken));
        }
        finally
        {
            await services.Writer.StopAsync(cancellationToken);
            await services.KeepAlive.DisposeAsync();
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
