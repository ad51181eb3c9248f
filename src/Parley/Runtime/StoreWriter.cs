using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Parley.Hosting;
using Parley.Storage;

namespace Parley.Runtime;

/// <summary>
/// The single writer of the store: takes entries from every thread's log in order, group-commits them
/// (one transaction per batch, across threads), then publishes each event to its thread's subscribers
/// and completes its waiters — publication strictly after durability.
/// </summary>
/// <remarks>
/// <para>Transient store errors are retried with backoff for <see cref="StoreWriterOptions.RetryTimeout"/>.
/// When a batch finally fails, its entries fail, their logs are told (they refuse writes until they
/// resync), and every later entry of those logs is failed too until the log's reset marker passes,
/// so a thread's log never gets a hole.</para>
/// <para>Thread-safe: <see cref="EnqueueAsync"/> may be called from any thread.</para>
/// </remarks>
internal sealed partial class StoreWriter : IAsyncDisposable
{
    private readonly Channel<WriteEntry> _queue;
    private readonly IChatStore _store;
    private readonly StoreWriterOptions _options;
    private readonly ParleyMetrics _metrics;
    private readonly ILogger _logger;
    private readonly BatchBuilder _builder = new();
    private readonly HashSet<ThreadLog> _failed = [];
    private readonly CancellationTokenSource _abort = new();
    private Task? _loop;
    private int _disposed;

    public StoreWriter(IChatStore store, StoreWriterOptions options, ParleyMetrics metrics, ILogger<StoreWriter> logger)
    {
        _store = store;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _queue = Channel.CreateBounded<WriteEntry>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public void Start() => _loop ??= Task.Run(LoopAsync);

    /// <summary>Queues an entry; waits only when the queue is full (back-pressure).</summary>
    public async ValueTask EnqueueAsync(WriteEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(entry, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new ChatStoreException("The store writer has stopped.", isTransient: false, ex);
        }
    }

    /// <summary>Stops taking entries, commits everything queued, and returns when done or when <paramref name="cancellationToken"/> fires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is null)
        {
            return;
        }

        await using var registration = cancellationToken.Register(_abort.Cancel);
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _abort.Dispose();
    }

    private async Task LoopAsync()
    {
        var entries = new List<WriteEntry>(_options.MaxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            entries.Clear();
            Fill(entries);
            if (_options.MaxBatchDelay > TimeSpan.Zero && entries.Count < _options.MaxBatchSize)
            {
                await Task.Delay(_options.MaxBatchDelay);
                Fill(entries);
            }

            try
            {
                await ProcessAsync(entries);
            }
            catch (Exception ex)
            {
                // The loop must never die: that would stall every thread. Fail what was in hand.
                Log.WriterLoopFailed(_logger, ex);
                Fail(entries, ex);
            }
        }
    }

    private void Fill(List<WriteEntry> entries)
    {
        while (entries.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out var entry))
        {
            entries.Add(entry);
        }
    }

    private async Task ProcessAsync(List<WriteEntry> entries)
    {
        var toCommit = new List<WriteEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.IsReset)
            {
                _failed.Remove(entry.Log);
                entry.Complete();
            }
            else if (_failed.Contains(entry.Log))
            {
                entry.Fail(new ChatStoreException("An earlier write of this thread failed.", isTransient: true));
            }
            else
            {
                toCommit.Add(entry);
            }
        }

        if (toCommit.Count == 0)
        {
            return;
        }

        var failure = await CommitWithRetryAsync(toCommit);
        if (failure is null)
        {
            Succeed(toCommit);
            return;
        }

        var byLog = toCommit.GroupBy(e => e.Log).ToList();
        if (byLog.Count == 1 || failure is ChatStoreException { IsTransient: true })
        {
            // One thread, or the store itself is down (retried already): nothing to isolate.
            foreach (var group in byLog)
            {
                Fail(group.Key, group.ToList(), failure);
            }

            return;
        }

        // One thread's bad entry must not fail every thread that shared its group commit: commit
        // each thread's entries on their own, so only the offending log is failed.
        foreach (var group in byLog)
        {
            var entriesOfLog = group.ToList();
            var own = await CommitWithRetryAsync(entriesOfLog);
            if (own is null)
            {
                Succeed(entriesOfLog);
            }
            else
            {
                Fail(group.Key, entriesOfLog, own);
            }
        }
    }

    private static void Succeed(List<WriteEntry> entries)
    {
        foreach (var entry in entries)
        {
            entry.Log.OnDurable(entry);
            entry.Complete();
        }
    }

    private void Fail(ThreadLog log, List<WriteEntry> entries, Exception failure)
    {
        _failed.Add(log);
        log.OnWriteFailed(failure);
        Fail(entries, failure);
    }

    /// <summary>Forgets a failed log that will never send its reset marker (its host went away).</summary>
    public void Forget(ThreadLog log) => _queue.Writer.TryWrite(new WriteEntry(log) { IsReset = true });

    private async Task<Exception?> CommitWithRetryAsync(List<WriteEntry> entries)
    {
        var started = Stopwatch.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(5);
        StoreBatch? batch = null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                batch ??= _builder.Build(entries);

                var commitStarted = Stopwatch.GetTimestamp();
                await _store.CommitAsync(batch, _abort.Token);
                _metrics.RecordCommit(batch.Events.Count, entries.Count, Stopwatch.GetElapsedTime(commitStarted));
                return null;
            }
            catch (Exception ex) when (IsTransient(ex) && Stopwatch.GetElapsedTime(started) < _options.RetryTimeout && !_abort.IsCancellationRequested)
            {
                Log.CommitRetrying(_logger, attempt, ex);
                try
                {
                    // Infrastructure back-off in real time: the app's TimeProvider may be a test clock.
                    await Task.Delay(backoff, _abort.Token);
                }
                catch (OperationCanceledException)
                {
                    return new ChatStoreException("The store writer was stopped while the store was failing.", isTransient: true, ex);
                }

                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 1000));
            }
            catch (Exception ex)
            {
                Log.CommitFailed(_logger, entries.Count, ex);
                _metrics.RecordCommitFailure();
                return ex as ChatStoreException ?? new ChatStoreException("The store could not save the changes.", IsTransient(ex), ex);
            }
        }
    }

    private static bool IsTransient(Exception ex) => ex is ChatStoreException { IsTransient: true };

    private static void Fail(List<WriteEntry> entries, Exception ex)
    {
        foreach (var entry in entries)
        {
            entry.Fail(ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Store commit failed transiently (attempt {Attempt}); retrying.")]
        public static partial void CommitRetrying(ILogger logger, int attempt, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "Store commit of {Count} entries failed; the affected threads will resync.")]
        public static partial void CommitFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(3, LogLevel.Critical, "The store writer loop caught an unexpected exception.")]
        public static partial void WriterLoopFailed(ILogger logger, Exception exception);
    }
}
