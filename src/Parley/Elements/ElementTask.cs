namespace Parley;

/// <summary>One task of a task list element.</summary>
/// <param name="Title">The task's title, 1–500 characters.</param>
/// <param name="Status">Its status. Default <see cref="ElementTaskStatus.Ready"/>.</param>
/// <param name="ForItemId">An item the task refers to (for example the message with its result). Default none.</param>
public sealed record ElementTask(string Title, ElementTaskStatus Status = ElementTaskStatus.Ready, string? ForItemId = null);
