using Microsoft.Extensions.AI;

namespace Parley;

/// <summary>A model's call of a tool, as an approval callback sees it.</summary>
public sealed class ToolCallContext
{
    internal ToolCallContext(ChatContext chat, FunctionCallContent call, AIFunction function, string stepId)
    {
        Chat = chat;
        Call = call;
        Function = function;
        StepId = stepId;
    }

    /// <summary>The run's context: ask the user here.</summary>
    public ChatContext Chat { get; }

    /// <summary>The call: name, arguments, call id.</summary>
    public FunctionCallContent Call { get; }

    /// <summary>The function that would run.</summary>
    public AIFunction Function { get; }

    /// <summary>The id of the call's step item.</summary>
    public string StepId { get; }
}
