namespace Parley;

/// <summary><c>run.started</c>: a handler began. <see cref="ThreadEvent.RunId"/> names the run.</summary>
public sealed record RunStartedEvent : ThreadEvent
{
    /// <summary>What started the run.</summary>
    public required RunTrigger Trigger { get; init; }

    /// <summary>True when the user may stop the run (the Stop button shows).</summary>
    public required bool AllowCancel { get; init; }
}
