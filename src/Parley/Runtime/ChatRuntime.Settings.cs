using System.Text.Json;

namespace Parley.Runtime;

public sealed partial class ChatRuntime
{
    /// <summary>Rates a finished assistant message (1 good, -1 bad, 0 removes the rating).</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="itemId">The assistant message.</param>
    /// <param name="value">1, -1 or 0.</param>
    /// <param name="comment">An optional comment, at most 2,000 characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ChatItem> FeedbackAsync(ChatUser user, string threadId, string itemId, int value, string? comment, CancellationToken cancellationToken)
    {
        if (value is < -1 or > 1)
        {
            throw ChatCommandException.Invalid("value", "value must be 1, -1 or 0.");
        }

        if (comment is { Length: > 2000 })
        {
            throw ChatCommandException.Invalid("comment", "comment must be at most 2,000 characters.");
        }

        if (!CommandValidation.IsPlausibleId(itemId))
        {
            throw new ChatCommandException(ChatErrorCodes.ItemNotFound, "The item does not exist in this thread.");
        }

        return WithHostAsync(user, threadId, host => host.RateAsync(user, itemId, value, comment, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Changes chat settings values: validated against the thread's schema (an unknown id or a value
    /// that does not fit is refused with <c>field</c> <c>values.{id}</c> and nothing changes), merged
    /// into the current values and stored (<c>thread.updated</c>), then a run with trigger
    /// <see cref="RunTrigger.Settings"/> calls <see cref="ChatApp.OnSettingsUpdateAsync"/>. Sending the
    /// current values again changes nothing and starts no run.
    /// </summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="values">The values to change, by setting id.</param>
    /// <param name="cancellationToken">Cancels the call until the change is being written.</param>
    /// <returns>The thread with its new values.</returns>
    public Task<ThreadInfo> UpdateSettingsAsync(ChatUser user, string threadId, IReadOnlyDictionary<string, JsonElement>? values, CancellationToken cancellationToken)
    {
        if (values is null)
        {
            throw ChatCommandException.Invalid("values", "values is required.");
        }

        return WithHostAsync(user, threadId, host => host.UpdateSettingsAsync(user, values, cancellationToken), cancellationToken);
    }
}
