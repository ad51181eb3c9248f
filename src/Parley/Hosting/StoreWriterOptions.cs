namespace Parley.Hosting;

/// <summary>
/// How the store writer group-commits events across all threads: it takes whatever is queued, up to
/// <see cref="MaxBatchSize"/> entries, commits it in one transaction, and repeats; while a commit runs
/// the next batch accumulates, so batches grow with load and latency stays low when idle.
/// </summary>
public sealed class StoreWriterOptions
{
    /// <summary>The most entries (events and records) in one commit. Default 4,096.</summary>
    public int MaxBatchSize { get; set; } = 4096;

    /// <summary>
    /// How long the writer lingers after the first entry of a batch for more to arrive. Zero (the
    /// default) commits at once; under load batches grow anyway because the next one fills while a
    /// commit is running.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How many entries may wait for the writer before producers wait (back-pressure on streaming
    /// handlers). Default 65,536.
    /// </summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>
    /// How long a commit that fails with a transient store error (locked database, full disk) is
    /// retried, with backoff, before the waiting writes fail. Default 30 seconds.
    /// </summary>
    public TimeSpan RetryTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
