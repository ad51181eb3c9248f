namespace Parley;

/// <summary>
/// The answer to a stop: the run it concerns and its status — <c>cancelling</c> when the stop took
/// effect, <c>finishing</c> when the run's handler had already returned (or its session is ending) so
/// it finishes without the stop, <c>queued</c> for a run still waiting, the final status of a finished
/// run, or <c>idle</c> when nothing ran. Stopping is idempotent.
/// </summary>
/// <param name="RunId">The run, when there is one.</param>
/// <param name="Status">The status as described.</param>
public sealed record StopResult(string? RunId, string Status)
{
    /// <summary>The stop took effect; the run finishes as cancelled shortly.</summary>
    public const string Cancelling = "cancelling";

    /// <summary>The run's handler already returned: it finishes as it is, the stop changes nothing.</summary>
    public const string Finishing = "finishing";

    /// <summary>The run is queued; a stop concerns the active run only.</summary>
    public const string Queued = "queued";

    /// <summary>No run is active and none finished in this session.</summary>
    public const string Idle = "idle";
}
