namespace Parley;

/// <summary>How an ask ended, for code that prefers a result to an exception (<see cref="ChatContext.TryAskAsync"/>).</summary>
/// <param name="Ask">The ask item in its final state (<see cref="ItemStatus.Answered"/> or <see cref="ItemStatus.Expired"/>).</param>
public sealed record AskResult(AskItem Ask)
{
    /// <summary>True when the ask was answered.</summary>
    public bool IsAnswered => Ask.Status == ItemStatus.Answered;

    /// <summary>The text answer; null unless answered.</summary>
    public string? Text => IsAnswered ? Ask.Answer?.Content : null;

    /// <summary>Why the ask expired; null unless <see cref="ItemStatus.Expired"/>.</summary>
    public AskExpiredReason? ExpiredReason => Ask.ExpiredReason;
}
