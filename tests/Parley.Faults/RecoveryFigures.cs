namespace Parley.Faults;

/// <summary>What a scenario's trials met and checked, printed with its result.</summary>
internal sealed class RecoveryFigures
{
    public int Threads { get; set; }

    public int EventsSeen { get; set; }

    public int DeltasCompacted { get; set; }

    public int MessagesAcknowledged { get; set; }

    public int QueuedAtFault { get; set; }

    public int RunsInterrupted { get; set; }

    public int AsksExpired { get; set; }

    public int RunsFinishedAfterRestart { get; set; }

    public int AsksAnsweredAfterRestart { get; set; }

    public List<double> RestartSeconds { get; } = [];

    /// <summary>Adds the counts of a check that ran in parallel with others.</summary>
    public void Add(RecoveryFigures other)
    {
        Threads += other.Threads;
        EventsSeen += other.EventsSeen;
        DeltasCompacted += other.DeltasCompacted;
        MessagesAcknowledged += other.MessagesAcknowledged;
        QueuedAtFault += other.QueuedAtFault;
        RunsInterrupted += other.RunsInterrupted;
        AsksExpired += other.AsksExpired;
        RunsFinishedAfterRestart += other.RunsFinishedAfterRestart;
        AsksAnsweredAfterRestart += other.AsksAnsweredAfterRestart;
        RestartSeconds.AddRange(other.RestartSeconds);
    }

    public override string ToString() =>
        $"threads {Threads}, events seen {EventsSeen} ({DeltasCompacted} deltas stored merged or dropped), messages acknowledged {MessagesAcknowledged} " +
        $"({QueuedAtFault} of them queued and not yet started at the fault, as the client saw), runs interrupted {RunsInterrupted}, asks expired {AsksExpired}, runs finished after the restart {RunsFinishedAfterRestart} " +
        $"(asks of recovered queued runs answered {AsksAnsweredAfterRestart}), " +
        $"restart {(RestartSeconds.Count == 0 ? 0 : RestartSeconds.Average()):F1} s on average (max {(RestartSeconds.Count == 0 ? 0 : RestartSeconds.Max()):F1} s)";
}
