namespace Parley;

/// <summary>How a typed ask ended, for code that prefers a result to an exception (the <c>TryAsk…</c> verbs).</summary>
/// <typeparam name="T">The answer's type: <see cref="ChatAction"/>, a list of <see cref="FileRef"/>, or a <see cref="System.Text.Json.JsonElement"/>.</typeparam>
/// <param name="Ask">The ask item in its final state (<see cref="ItemStatus.Answered"/> or <see cref="ItemStatus.Expired"/>).</param>
/// <param name="Value">The answer; default when not answered.</param>
public sealed record AskResult<T>(AskItem Ask, T? Value)
{
    /// <summary>True when the ask was answered.</summary>
    public bool IsAnswered => Ask.Status == ItemStatus.Answered;

    /// <summary>Why the ask expired; null unless <see cref="ItemStatus.Expired"/>.</summary>
    public AskExpiredReason? ExpiredReason => Ask.ExpiredReason;
}
