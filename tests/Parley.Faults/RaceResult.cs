using System.Globalization;

namespace Parley.Faults;

/// <summary>Scenario 6's race: how long the long and the paced reply took, and the server's RSS meanwhile.</summary>
internal sealed record RaceResult(TimeSpan Long, TimeSpan Paced, long StartRss, long PeakRss)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"long reply {Long.TotalSeconds:F2} s, paced reply on another thread {Paced.TotalSeconds:F2} s, RSS {StartRss / 1048576.0:F1} → peak {PeakRss / 1048576.0:F1} MiB");
}
