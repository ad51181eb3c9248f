namespace Parley.Runtime;

internal static class TimeProviderExtensions
{
    /// <summary>
    /// The current UTC time truncated to milliseconds, the precision of the wire format, so a
    /// timestamp read back from the store equals the one that was written.
    /// </summary>
    public static DateTimeOffset GetUtcNowMs(this TimeProvider time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
}
