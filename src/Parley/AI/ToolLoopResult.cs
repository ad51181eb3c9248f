using Microsoft.Extensions.AI;

namespace Parley;

/// <summary>What <see cref="ChatContext.RunToolLoopAsync"/> did.</summary>
public sealed class ToolLoopResult
{
    /// <summary>The final assistant message (the model's answer).</summary>
    public required AssistantMessage Reply { get; init; }

    /// <summary>The conversation as given, plus every model message and tool result of the loop.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>How many rounds of tool calls ran.</summary>
    public required int ToolRounds { get; init; }
}
