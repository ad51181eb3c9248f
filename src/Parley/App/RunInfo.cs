namespace Parley;

/// <summary>The run a handler executes in.</summary>
public sealed record RunInfo
{
    /// <summary>The run id (<c>run_…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>What started the run.</summary>
    public required RunTrigger Trigger { get; init; }

    /// <summary>True when the user may stop the run.</summary>
    public required bool AllowCancel { get; init; }

    /// <summary>For a retry: the failed run being retried.</summary>
    public string? RetryOf { get; init; }
}
