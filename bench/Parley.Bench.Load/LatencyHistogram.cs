namespace Parley.Bench.Load;

/// <summary>A lock-free histogram of latencies in 10 µs buckets up to 60 s.</summary>
internal sealed class LatencyHistogram
{
    private const double BucketMs = 0.01;
    private readonly long[] _buckets = new long[6_000_000];
    private long _count;
    private long _max;

    public long Count => Interlocked.Read(ref _count);

    public void Record(double milliseconds)
    {
        var bucket = (int)Math.Clamp(milliseconds / BucketMs, 0, _buckets.Length - 1);
        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _count);
        var ticks = (long)(milliseconds * 1000);
        long seen;
        while (ticks > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, ticks, seen) != seen)
        {
        }
    }

    public double MaxMs => Interlocked.Read(ref _max) / 1000.0;

    public double Percentile(double p)
    {
        var target = (long)Math.Ceiling(Count * p);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= target && target > 0)
            {
                return (i + 1) * BucketMs;
            }
        }

        return double.NaN;
    }
}
