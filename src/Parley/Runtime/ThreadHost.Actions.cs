namespace Parley.Runtime;

internal sealed partial class ThreadHost
{
    /// <summary>
    /// Accepts a click on a message action: checks the action exists and is handled, stores its
    /// queued run and queues it. The same client id again returns the first result.
    /// </summary>
    public async Task<ActionAccepted> RunActionAsync(ChatUser user, string clientId, string itemId, string actionId, CancellationToken cancellationToken)
    {
        // Checked before the session begins, so a refused click changes nothing (no resume run).
        using (await LockHealthyAsync(cancellationToken))
        {
            if (await FindActionRunAsync(clientId, cancellationToken) is { } existing)
            {
                return existing;
            }

            await ClickedActionAsync(itemId, actionId, cancellationToken);
        }

        var (gate, _) = await LockSessionAsync(user, cancellationToken);
        using (gate)
        {
            if (await FindActionRunAsync(clientId, cancellationToken) is { } existing)
            {
                return existing;
            }

            var action = await ClickedActionAsync(itemId, actionId, cancellationToken);
            var record = NewRunRecord(RunTrigger.Action, clientId) with { ActionId = actionId, ActionItemId = itemId, Action = action };
            var queued = Runs.IsBusy;
            await DurableAsync(await Log.WriteRecordsAsync([record], thread: null, CancellationToken.None));
            Runs.Enqueue(new RunState(record, user, serverHandler: null) { Persisted = true });
            return new ActionAccepted(record.Id, queued);
        }
    }

    private async Task<ActionAccepted?> FindActionRunAsync(string clientId, CancellationToken cancellationToken) =>
        await Services.Store.FindRunByClientIdAsync(ThreadId, clientId, cancellationToken) switch
        {
            null => null,
            { Trigger: RunTrigger.Action } existing => new ActionAccepted(existing.Id, existing.Status == RunStatus.Queued),
            _ => throw ChatCommandException.Invalid("clientId", "This clientId was already used for another command."),
        };

    private async Task<ChatAction> ClickedActionAsync(string itemId, string actionId, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(itemId, cancellationToken)
            ?? throw new ChatCommandException(ChatErrorCodes.ItemNotFound, "The item does not exist in this thread.");
        var action = (item as AssistantMessage)?.Actions.FirstOrDefault(a => a.Id == actionId)
            ?? throw new ChatCommandException(ChatErrorCodes.ActionNotFound, "This action is not on that message, or was removed.");
        return Services.Options.Actions.IsHandled(action.Name)
            ? action
            : throw new ChatCommandException(ChatErrorCodes.ActionNotHandled, $"Nothing handles the action \"{action.Name}\" in this app.");
    }
}
