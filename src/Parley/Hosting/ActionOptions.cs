namespace Parley.Hosting;

/// <summary>
/// The action names the app handles, and their delegate handlers (<see cref="ParleyOptions.Actions"/>).
/// Register with <c>builder.WithAction(name, handler)</c>, or <c>builder.WithAction(name)</c> for names
/// handled by an override of <see cref="ChatApp.OnActionAsync"/>. Empty by default: a click on an
/// action whose name is not registered is refused (422 <c>action_not_handled</c>).
/// </summary>
public sealed class ActionOptions
{
    private readonly Dictionary<string, Func<ChatContext, ActionContext, Task>?> _handlers = new(StringComparer.Ordinal);

    /// <summary>The registered action names.</summary>
    public IReadOnlyCollection<string> Names => _handlers.Keys;

    /// <summary>Registers <paramref name="name"/>, with a delegate handler or (null) for <see cref="ChatApp.OnActionAsync"/>.</summary>
    /// <param name="name">The action name.</param>
    /// <param name="handler">The handler; null when the app's <see cref="ChatApp.OnActionAsync"/> override handles it.</param>
    public void Add(string name, Func<ChatContext, ActionContext, Task>? handler = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _handlers[name] = handler ?? (_handlers.TryGetValue(name, out var existing) ? existing : null);
    }

    /// <summary>True when <paramref name="name"/> is registered.</summary>
    /// <param name="name">The action name.</param>
    public bool IsHandled(string name) => _handlers.ContainsKey(name);

    /// <summary>The delegate handler of <paramref name="name"/>, if one was registered.</summary>
    /// <param name="name">The action name.</param>
    public Func<ChatContext, ActionContext, Task>? HandlerOf(string name) => _handlers.GetValueOrDefault(name);
}
