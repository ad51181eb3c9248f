using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Hosting;
using Parley.Storage;

namespace Parley.Runtime;

/// <summary>What every thread host shares: the store, the writer, options, clock, ids, logging.</summary>
internal sealed class ThreadHostServices(
    IChatStore store,
    IFileStore files,
    StoreWriter writer,
    ParleyOptions options,
    TimeProvider time,
    IdGenerator ids,
    IServiceScopeFactory scopes,
    KeepAliveTicker keepAlive,
    ParleyMetrics metrics,
    ILoggerFactory loggerFactory) : IDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _sessionsEnded = new();

    public IChatStore Store { get; } = store;

    public IFileStore Files { get; } = files;

    public StoreWriter Writer { get; } = writer;

    public ParleyOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public IdGenerator Ids { get; } = ids;

    public IServiceScopeFactory Scopes { get; } = scopes;

    public KeepAliveTicker KeepAlive { get; } = keepAlive;

    public ParleyMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("Parley.Runtime");

    /// <summary>Fires when the host begins shutting down; hooks receive it as their token.</summary>
    public CancellationToken ShutdownToken => _shutdown.Token;

    /// <summary>Fires when the host must stop at once (its shutdown timeout elapsed): retries give up.</summary>
    public CancellationToken AbortToken => _abort.Token;

    /// <summary>
    /// Fires once a shutdown has ended every session: their runs finished, their last events were
    /// published and their subscriptions closed. Until then event streams stay open, so clients see
    /// how their runs ended.
    /// </summary>
    public CancellationToken SessionsEndedToken => _sessionsEnded.Token;

    public void SignalShutdown() => _shutdown.Cancel();

    public void SignalSessionsEnded() => _sessionsEnded.Cancel();

    public void SignalAbort() => _abort.Cancel();

    public void Dispose()
    {
        _shutdown.Dispose();
        _abort.Dispose();
        _sessionsEnded.Dispose();
    }
}
