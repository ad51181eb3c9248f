namespace Parley.Runtime;

/// <summary>Asks of every kind, and message actions.</summary>
public sealed partial class ChatRuntime
{
    /// <summary>Answers a pending ask of any kind; the answer must carry exactly the field of the ask's kind.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="itemId">The ask.</param>
    /// <param name="reply">The answer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AskItem> AnswerAsync(ChatUser user, string threadId, string itemId, AskReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.ClientId is not null)
        {
            reply = reply with { ClientId = CommandValidation.ClientId(reply.ClientId) };
        }

        if (reply.Content is not null)
        {
            reply = reply with { Content = CommandValidation.Content(reply.Content, _services.Options.MaxMessageLength) };
        }

        if (reply.FileIds is { Count: > 100 })
        {
            throw ChatCommandException.Invalid("fileIds", "Too many files.");
        }

        if (!CommandValidation.IsPlausibleId(itemId))
        {
            throw new ChatCommandException(ChatErrorCodes.ItemNotFound, "The item does not exist in this thread.");
        }

        return WithHostAsync(user, threadId, host => host.AnswerAsync(user, itemId, reply, cancellationToken), cancellationToken);
    }

    /// <summary>Clicks an action on a message: its handler runs as a run, after any run before it.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="clientId">The idempotency key.</param>
    /// <param name="itemId">The message the action is on.</param>
    /// <param name="actionId">The action.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ActionAccepted> RunActionAsync(ChatUser user, string threadId, string? clientId, string? itemId, string? actionId, CancellationToken cancellationToken)
    {
        clientId = CommandValidation.ClientId(clientId);
        if (string.IsNullOrEmpty(itemId) || string.IsNullOrEmpty(actionId))
        {
            throw ChatCommandException.Invalid(string.IsNullOrEmpty(itemId) ? "itemId" : "actionId", "itemId and actionId are required.");
        }

        if (!CommandValidation.IsPlausibleId(itemId))
        {
            throw new ChatCommandException(ChatErrorCodes.ItemNotFound, "The item does not exist in this thread.");
        }

        if (!CommandValidation.IsPlausibleId(actionId))
        {
            throw new ChatCommandException(ChatErrorCodes.ActionNotFound, "This action is not on that message, or was removed.");
        }

        return WithHostAsync(user, threadId, host => host.RunActionAsync(user, clientId, itemId, actionId, cancellationToken), cancellationToken);
    }
}
