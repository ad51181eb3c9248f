namespace Parley;

/// <summary>A run queued by <see cref="IChatRunner.StartRunAsync"/>.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="Completion">Completes when the run finished, whatever the outcome; never faults.</param>
public sealed record ServerRun(string RunId, Task<RunResult> Completion);
