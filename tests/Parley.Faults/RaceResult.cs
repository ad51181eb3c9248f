using System.Globalization;

namespace Parley.Faults;

/// <summary>Scenario 6's race: how long the long and the paced reply took, the server's RSS meanwhile, and how much its managed heap grew (after full collections).</summary>
internal sealed record RaceResult(TimeSpan Long, TimeSpan Paced, long StartRss, long PeakRss, long HeapGrowth)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"long reply {Long.TotalSeconds:F2} s, paced reply on another thread {Paced.TotalSeconds:F2} s, RSS {StartRss / 1048576.0:F1} → peak {PeakRss / 1048576.0:F1} MiB, managed heap (full GC) {HeapGrowth / 1048576.0:+0.00;-0.00} MiB over the race");
}
