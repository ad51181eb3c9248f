using System.Globalization;

namespace Parley.Storage;

/// <summary>
/// The position of a thread in an owner's list, newest activity first: (updatedAt, id), both descending.
/// Stores may use it as their opaque <see cref="ThreadPage.NextCursor"/>.
/// </summary>
/// <param name="UpdatedAtTicks">The thread's <see cref="ThreadRecord.UpdatedAt"/> in UTC ticks.</param>
/// <param name="ThreadId">The thread id, the tie-breaker.</param>
public readonly record struct ThreadCursor(long UpdatedAtTicks, string ThreadId)
{
    /// <summary>The cursor pointing after <paramref name="thread"/>.</summary>
    /// <param name="thread">The last thread of a page.</param>
    public static ThreadCursor After(ThreadRecord thread)
    {
        ArgumentNullException.ThrowIfNull(thread);
        return new(thread.UpdatedAt.UtcTicks, thread.Id);
    }

    /// <summary>Formats the cursor as an opaque URL-safe string.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{UpdatedAtTicks:x}.{ThreadId}");

    /// <summary>Parses a cursor made by <see cref="ToString"/>; false for anything else.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cursor">The cursor.</param>
    public static bool TryParse(string? text, out ThreadCursor cursor)
    {
        cursor = default;
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (text is null || dot <= 0 || dot == text.Length - 1)
        {
            return false;
        }

        if (!long.TryParse(text.AsSpan(0, dot), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var ticks))
        {
            return false;
        }

        cursor = new(ticks, text[(dot + 1)..]);
        return true;
    }

    /// <summary>True when <paramref name="thread"/> comes after this cursor in the list order.</summary>
    /// <param name="thread">The thread.</param>
    public bool Precedes(ThreadRecord thread)
    {
        ArgumentNullException.ThrowIfNull(thread);
        var ticks = thread.UpdatedAt.UtcTicks;
        return ticks < UpdatedAtTicks ||
            (ticks == UpdatedAtTicks && string.CompareOrdinal(thread.Id, ThreadId) < 0);
    }
}
