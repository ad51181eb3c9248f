namespace Parley;

/// <summary>The user a request is made as: a signed-in user, or the anonymous identity of one browser.</summary>
public sealed record ChatUser
{
    /// <summary>The user id (<c>usr_…</c>); threads and files are owned by it.</summary>
    public required string Id { get; init; }

    /// <summary>A name to show, when known.</summary>
    public string? DisplayName { get; init; }

    /// <summary>True for the anonymous identity given to a browser when no login is configured.</summary>
    public bool IsAnonymous { get; init; }
}
