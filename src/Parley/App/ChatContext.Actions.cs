namespace Parley;

/// <summary>Message actions: the dispatch of an action run.</summary>
public sealed partial class ChatContext
{
    /// <summary>Runs the handler of the clicked action this run was started for.</summary>
    internal async Task DispatchActionAsync(ChatApp app)
    {
        var record = _output.Run.Record;
        var itemId = record.ActionItemId ?? throw new InvalidOperationException("An action run has no message.");
        ChatItem? item;
        using (await _output.Host.LockAsync(Aborted))
        {
            item = await _output.Host.GetItemAsync(itemId, Aborted);
        }

        var message = item as AssistantMessage
            ?? throw new InvalidOperationException($"The message {itemId} of the clicked action no longer exists.");
        var action = message.Actions.FirstOrDefault(a => a.Id == record.ActionId)
            ?? record.Action
            ?? throw new InvalidOperationException($"The action {record.ActionId} is no longer on message {itemId}.");
        var context = new ActionContext(action, message, _output.Host.Services.Options.Actions.HandlerOf(action.Name), UpdateMessageAsync);
        await app.OnActionAsync(this, context);

        async Task<AssistantMessage> UpdateMessageAsync(Func<AssistantMessage, AssistantMessage> change, CancellationToken cancellationToken)
        {
            using var token = Link(cancellationToken);
            return (AssistantMessage)await _output.UpdateAsync(
                itemId,
                item => item is AssistantMessage current ? change(current) : throw new InvalidOperationException($"Item {itemId} is not a message."),
                token.Token);
        }
    }
}
