using System.Text.Json;

namespace Parley.Storage;

/// <summary>
/// A thread as the store keeps it: the public <see cref="ThreadInfo"/> fields plus the owner, the
/// creating client's idempotency key, and the server-side session values and settings.
/// </summary>
public sealed record ThreadRecord
{
    /// <summary>The thread id (<c>thr_…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The owning user's id; only this user sees the thread.</summary>
    public required string OwnerId { get; init; }

    /// <summary>The idempotency key of the request that created the thread, unique per owner.</summary>
    public string? ClientId { get; init; }

    /// <summary>The thread's name.</summary>
    public string? Name { get; init; }

    /// <summary>The chat profile, if any.</summary>
    public string? Profile { get; init; }

    /// <summary>Free-form metadata.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>When the thread was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the thread last saw activity; thread lists sort on it, newest first.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The session values (<c>ChatContext.Session</c>) as last saved.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Session { get; init; }

    /// <summary>The chat settings values by setting id (every widget's, initial ones included), as last saved.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Settings { get; init; }

    /// <summary>The chat settings schema (widgets), as the app last set it; null when it set none.</summary>
    public IReadOnlyList<ChatSetting>? SettingsSchema { get; init; }

    /// <summary>The public view of the thread.</summary>
    public ThreadInfo ToInfo() => new()
    {
        Id = Id,
        Name = Name,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
        Profile = Profile,
        Metadata = Metadata,
        SettingsSchema = SettingsSchema,
        Settings = Settings,
    };
}
