using System.Text.Json;

namespace Parley;

/// <summary>The public view of a thread, as in snapshots, thread lists and <c>thread.updated</c>.</summary>
public sealed record ThreadInfo
{
    /// <summary>The thread id (<c>thr_…</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The thread's name; null until the first message names it or the user renames it.</summary>
    public string? Name { get; init; }

    /// <summary>When the thread was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the thread last saw activity (a run, a rename).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The chat profile the thread was created with, if any.</summary>
    public string? Profile { get; init; }

    /// <summary>Free-form metadata from the app or the client.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>The chat settings widgets the settings panel shows; null when the app set none.</summary>
    public IReadOnlyList<ChatSetting>? SettingsSchema { get; init; }

    /// <summary>The chat settings values by setting id; null when there is no schema.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Settings { get; init; }
}
