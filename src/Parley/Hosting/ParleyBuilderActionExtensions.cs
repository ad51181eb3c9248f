using Microsoft.Extensions.DependencyInjection;

namespace Parley.Hosting;

/// <summary>Registers the handlers of message actions.</summary>
public static class ParleyBuilderActionExtensions
{
    /// <summary>Handles clicks on actions named <paramref name="name"/> with <paramref name="handler"/>, as a run.</summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="name">The action name (<see cref="ChatAction.Name"/>).</param>
    /// <param name="handler">The handler: the run's context and the click.</param>
    public static IParleyBuilder WithAction(this IParleyBuilder builder, string name, Func<ChatContext, ActionContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        builder.Services.Configure<ParleyOptions>(o => o.Actions.Add(name, handler));
        return builder;
    }

    /// <summary>Declares that the app's <see cref="ChatApp.OnActionAsync"/> override handles actions named <paramref name="name"/>.</summary>
    /// <param name="builder">The Parley builder.</param>
    /// <param name="name">The action name.</param>
    public static IParleyBuilder WithAction(this IParleyBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.Configure<ParleyOptions>(o => o.Actions.Add(name));
        return builder;
    }
}
