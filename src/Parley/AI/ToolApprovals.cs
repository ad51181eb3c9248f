namespace Parley;

/// <summary>Ready-made <see cref="ToolLoopOptions.ApproveAsync"/> callbacks.</summary>
public static class ToolApprovals
{
    /// <summary>The action name of the approving button.</summary>
    public const string ApproveName = "approve_tool";

    /// <summary>The action name of the declining button.</summary>
    public const string DeclineName = "decline_tool";

    /// <summary>
    /// Asks the user with two buttons, "Run it" and "Don't run", inside the call's step; the tool runs
    /// only on "Run it". Like every ask it waits across reloads and reconnects, with no timeout, and a
    /// stop cancels it.
    /// </summary>
    public static Func<ToolCallContext, ValueTask<bool>> Buttons { get; } = call => call.AskApprovalAsync();

    /// <summary>Like <see cref="Buttons"/>, with a question of the app's own for each call.</summary>
    /// <param name="question">Makes the question (markdown) from the call.</param>
    public static Func<ToolCallContext, ValueTask<bool>> ButtonsWith(Func<ToolCallContext, string> question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return call => call.AskApprovalAsync(question(call));
    }
}
