using System.Diagnostics;

namespace Parley.Faults.Soak;

/// <summary>Latencies by kind, each stamped with when it ended, so percentiles can be taken per time window. Thread-safe.</summary>
internal sealed class LatencyLog
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _sync = new();
    private readonly List<(string Kind, TimeSpan At, double Milliseconds)> _entries = [];

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Add(string kind, TimeSpan duration)
    {
        lock (_sync)
        {
            _entries.Add((kind, _clock.Elapsed, duration.TotalMilliseconds));
        }
    }

    public int Count(string kind, TimeSpan from, TimeSpan to) => Select(kind, from, to).Count;

    /// <summary>The <paramref name="percentile"/> (0–100) of the latencies of <paramref name="kind"/> that ended in [from, to); NaN when none did.</summary>
    public double Percentile(string kind, double percentile, TimeSpan from, TimeSpan to)
    {
        var values = Select(kind, from, to);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        var rank = (int)Math.Ceiling(percentile / 100 * values.Count) - 1;
        return values[Math.Clamp(rank, 0, values.Count - 1)];
    }

    private List<double> Select(string kind, TimeSpan from, TimeSpan to)
    {
        lock (_sync)
        {
            return [.. _entries.Where(e => e.Kind == kind && e.At >= from && e.At < to).Select(e => e.Milliseconds)];
        }
    }
}
