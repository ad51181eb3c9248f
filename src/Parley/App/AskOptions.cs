namespace Parley;

/// <summary>Options of an ask.</summary>
public sealed record AskOptions
{
    /// <summary>
    /// How long the ask waits. Null (the default) waits forever — across reconnects, reloads and other
    /// tabs — until it is answered, stopped, or its session ends. When it elapses, the ask becomes
    /// <see cref="ItemStatus.Expired"/> for everyone to see.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The author shown. Default <see cref="Hosting.ParleyOptions.AppName"/>.</summary>
    public string? Author { get; init; }
}
