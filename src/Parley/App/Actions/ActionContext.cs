namespace Parley;

/// <summary>A click on a message action, as its handler sees it: the action, its message, and removal.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class ActionContext
{
    private readonly Func<Func<AssistantMessage, AssistantMessage>, CancellationToken, Task<AssistantMessage>> _update;

    internal ActionContext(
        ChatAction action,
        AssistantMessage message,
        Func<ChatContext, ActionContext, Task>? handler,
        Func<Func<AssistantMessage, AssistantMessage>, CancellationToken, Task<AssistantMessage>> update)
    {
        Action = action;
        Message = message;
        Handler = handler;
        _update = update;
    }

    /// <summary>The clicked action.</summary>
    public ChatAction Action { get; }

    /// <summary>The message the action is on, as it was when the run began (or after the last removal).</summary>
    public AssistantMessage Message { get; private set; }

    /// <summary>The delegate registered for the action's name, if any.</summary>
    internal Func<ChatContext, ActionContext, Task>? Handler { get; }

    /// <summary>Removes this action from its message (<c>item.updated</c>): its button disappears everywhere.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task RemoveAsync(CancellationToken cancellationToken = default) =>
        Message = await _update(m => m with { Actions = [.. m.Actions.Where(a => a.Id != Action.Id)] }, cancellationToken);

    /// <summary>Removes every action from the message (<c>item.updated</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task RemoveAllAsync(CancellationToken cancellationToken = default) =>
        Message = await _update(m => m with { Actions = [] }, cancellationToken);
}
