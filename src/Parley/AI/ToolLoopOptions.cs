using Microsoft.Extensions.AI;

namespace Parley;

/// <summary>How <see cref="ChatContext.RunToolLoopAsync"/> talks to a model that calls tools.</summary>
public sealed class ToolLoopOptions
{
    /// <summary>The functions the model may call. Default none (the model just answers).</summary>
    public IList<AIFunction> Tools { get; init; } = [];

    /// <summary>
    /// Options for every model call (model id, temperature, …); its <see cref="ChatOptions.Tools"/> are
    /// replaced by <see cref="Tools"/>. Default none.
    /// </summary>
    public ChatOptions? ChatOptions { get; init; }

    /// <summary>
    /// The most rounds of tool calls; after that the model is asked once more without tools, so it
    /// answers with what it has. Default 8.
    /// </summary>
    public int MaxRounds { get; init; } = 8;

    /// <summary>
    /// Decides whether a call may run, before it runs — typically by asking the user (an ask made here
    /// shows inside the call's step). Null (the default) runs every call. A declined call is not run;
    /// the model is told the user declined it.
    /// </summary>
    public Func<ToolCallContext, ValueTask<bool>>? ApproveAsync { get; init; }

    /// <summary>
    /// Whether a tool's exception message is given to the model (never to the user, who sees a failed
    /// step). Default false: the model only learns that the tool failed.
    /// </summary>
    public bool IncludeToolErrorDetails { get; init; }

    /// <summary>Author, actions and metadata of the assistant messages. Default none.</summary>
    public MessageOptions? Message { get; init; }
}
