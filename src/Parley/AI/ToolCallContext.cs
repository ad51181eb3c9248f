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

    /// <summary>
    /// Asks the user whether to run this call, with two buttons ("Run it", "Don't run") in the call's
    /// step. Waits with no timeout, across reloads and reconnects; a stop cancels it.
    /// </summary>
    /// <param name="question">The question as markdown. Default: "Run **{tool}** with {arguments}?".</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>True when the user chose to run it.</returns>
    public async ValueTask<bool> AskApprovalAsync(string? question = null, CancellationToken cancellationToken = default)
    {
        var choice = await Chat.AskActionAsync(
            question ?? $"Run **{Call.Name}** with `{ModelReplyWriter.FormatArguments(Call)}`?",
            [ChatAction.Create(ToolApprovals.ApproveName, "Run it", icon: "✅"), ChatAction.Create(ToolApprovals.DeclineName, "Don't run", icon: "✋")],
            cancellationToken: cancellationToken);
        return choice.Name == ToolApprovals.ApproveName;
    }
}
