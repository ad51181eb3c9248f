using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Parley.Runtime;

/// <summary>
/// Parley's telemetry: instruments on the <c>Parley</c> meter (commits, events, runs, subscriptions)
/// and a <c>parley.run</c> activity per run on the <c>Parley</c> activity source. Collect them with
/// OpenTelemetry (<c>AddMeter("Parley")</c>, <c>AddSource("Parley")</c>) or <c>dotnet-counters</c>.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class ParleyMetrics : IDisposable
{
    public const string MeterName = "Parley";

    private readonly ActivitySource _activities = new(MeterName);

    private readonly Counter<long> _eventsCommitted;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _commitFailures;
    private readonly Counter<long> _runsFinished;
    private readonly UpDownCounter<long> _subscriptions;
    private readonly Counter<long> _subscribersDropped;

    public ParleyMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _eventsCommitted = meter.CreateCounter<long>("parley.store.events", "{event}", "Events made durable.");
        _batchSize = meter.CreateHistogram<int>("parley.store.batch.size", "{entry}", "Entries per group commit.");
        _commitDuration = meter.CreateHistogram<double>("parley.store.commit.duration", "s", "Duration of a group commit.");
        _commitFailures = meter.CreateCounter<long>("parley.store.commit.failures", "{commit}", "Group commits that failed for good.");
        _runsFinished = meter.CreateCounter<long>("parley.runs.finished", "{run}", "Runs finished, by status.");
        _subscriptions = meter.CreateUpDownCounter<long>("parley.subscriptions.active", "{subscription}", "Open subscriptions.");
        _subscribersDropped = meter.CreateCounter<long>("parley.subscriptions.dropped", "{subscription}", "Subscribers dropped for falling behind.");
    }

    public void RecordCommit(int events, int entries, TimeSpan duration)
    {
        _eventsCommitted.Add(events);
        _batchSize.Record(entries);
        _commitDuration.Record(duration.TotalSeconds);
    }

    public void RecordCommitFailure() => _commitFailures.Add(1);

    public void RecordRunFinished(RunStatus status) =>
        _runsFinished.Add(1, new KeyValuePair<string, object?>("status", status.ToString()));

    public void SubscriptionOpened() => _subscriptions.Add(1);

    public void SubscriptionClosed() => _subscriptions.Add(-1);

    public void SubscriberDropped() => _subscribersDropped.Add(1);

    /// <summary>Starts the activity of a run; null when nobody listens.</summary>
    public Activity? StartRun(string threadId, string runId, RunTrigger trigger)
    {
        var activity = _activities.StartActivity("parley.run");
        activity?.SetTag("parley.thread.id", threadId);
        activity?.SetTag("parley.run.id", runId);
        activity?.SetTag("parley.run.trigger", trigger.ToString());
        return activity;
    }

    public void Dispose() => _activities.Dispose();
}
