namespace Parley;

/// <summary>A run as a snapshot shows it.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Trigger">What started it.</param>
/// <param name="AllowCancel">True when it may be stopped.</param>
/// <param name="ItemId">The user message it handles, if any.</param>
public sealed record RunSummary(string RunId, RunTrigger Trigger, bool AllowCancel, string? ItemId = null);
