using System.Globalization;

namespace Parley.Faults;

/// <summary>What scenario 1's workers did, counted across threads.</summary>
internal sealed class DropStatistics
{
    private readonly Lock _sync = new();
    private readonly Dictionary<DropKind, int> _drops = [];
    private long _framesBeforeDrops;
    private int _serverClosed;
    private int _trials;
    private TimeSpan _slowestTrial;

    public int Drops
    {
        get
        {
            lock (_sync)
            {
                return _drops.Values.Sum();
            }
        }
    }

    public void RecordDrop(DropKind kind, int framesRead)
    {
        lock (_sync)
        {
            _drops[kind] = _drops.GetValueOrDefault(kind) + 1;
            _framesBeforeDrops += framesRead;
        }
    }

    public void RecordServerClosed()
    {
        lock (_sync)
        {
            _serverClosed++;
        }
    }

    public void RecordTrial(TimeSpan elapsed)
    {
        lock (_sync)
        {
            _trials++;
            _slowestTrial = elapsed > _slowestTrial ? elapsed : _slowestTrial;
        }
    }

    public override string ToString()
    {
        lock (_sync)
        {
            var kinds = string.Join(", ", _drops.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"));
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{_drops.Values.Sum()} drops ({kinds}), {_framesBeforeDrops} frames read before the drops, {_serverClosed} streams the server ended early, {_trials} trials checked, slowest trial {_slowestTrial.TotalSeconds:F1} s");
        }
    }
}
