namespace Parley;

/// <summary>Classifies <see cref="ItemStatus"/> values.</summary>
public static class ItemStatusExtensions
{
    /// <summary>
    /// True for statuses that may still change because something is being produced or awaited:
    /// <see cref="ItemStatus.InProgress"/> and <see cref="ItemStatus.Pending"/>.
    /// When a run finishes none of its items is open.
    /// </summary>
    public static bool IsOpen(this ItemStatus status) => status is ItemStatus.InProgress or ItemStatus.Pending;
}
