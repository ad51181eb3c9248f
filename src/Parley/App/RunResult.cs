namespace Parley;

/// <summary>How a run finished.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Status">Completed, cancelled, failed or interrupted.</param>
/// <param name="Error">The user-safe error of a failed or interrupted run.</param>
public sealed record RunResult(string RunId, RunStatus Status, ChatError? Error = null);
