using Microsoft.Extensions.AI;

namespace Parley;

public sealed partial class ChatContext
{
    /// <summary>
    /// Streams a model's reply (Microsoft.Extensions.AI updates) into the thread: text becomes deltas of
    /// one assistant message; reasoning a collapsible <see cref="StepKind.Llm"/> step; function calls
    /// <see cref="StepKind.Tool"/> steps with their arguments as input and, when the updates carry
    /// them, their results as output; the finish reason and token usage go into the message's
    /// metadata, and a reply cut off by its length limit or a content filter says so.
    /// </summary>
    /// <param name="updates">The updates, for example from <c>IChatClient.GetStreamingResponseAsync</c>
    /// called with <see cref="Aborted"/>, so a stop cancels the model call.</param>
    /// <param name="options">Actions, author, metadata. Default none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The completed message (empty when the model only called tools).</returns>
    public async Task<AssistantMessage> StreamReplyAsync(IAsyncEnumerable<ChatResponseUpdate> updates, MessageOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        using var token = Link(cancellationToken);
        var writer = new ModelReplyWriter(this, options);
        await writer.WriteAsync(updates, token.Token);
        foreach (var (_, step) in writer.OpenCalls)
        {
            // Nobody runs these calls here; the step shows what the model asked for.
            await step.CompleteAsync(output: null, token.Token);
        }

        return (await writer.CompleteMessageAsync(always: true, token.Token))!;
    }

    /// <summary>
    /// Runs a model with tools until it answers: each round streams the model's reply into the thread
    /// (as <see cref="StreamReplyAsync(IAsyncEnumerable{ChatResponseUpdate}, MessageOptions?, CancellationToken)"/>
    /// does), then runs the functions it called — each inside its tool step, after
    /// <see cref="ToolLoopOptions.ApproveAsync"/> if set — and gives their results back to it. After
    /// <see cref="ToolLoopOptions.MaxRounds"/> rounds of calls the model is asked once more without
    /// tools. A stop cancels the model call and the running tool.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="messages">The conversation so far, for example <see cref="ChatHistory.ToChatMessages()"/>.</param>
    /// <param name="options">Tools, approval, limits. Default: no tools.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ToolLoopResult> RunToolLoopAsync(IChatClient model, IEnumerable<ChatMessage> messages, ToolLoopOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(messages);
        options ??= new ToolLoopOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRounds);
        using var token = Link(cancellationToken);
        var conversation = messages.ToList();
        var tools = options.Tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        for (var round = 0; ; round++)
        {
            var offerTools = tools.Count > 0 && round < options.MaxRounds;
            var chatOptions = options.ChatOptions?.Clone() ?? new ChatOptions();
            chatOptions.Tools = offerTools ? [.. options.Tools] : null;
            var writer = new ModelReplyWriter(this, options.Message);
            await writer.WriteAsync(model.GetStreamingResponseAsync(conversation, chatOptions, token.Token), token.Token);
            conversation.AddRange(writer.ToResponse().Messages);
            var calls = writer.OpenCalls.ToList();
            if (calls.Count == 0 || !offerTools)
            {
                foreach (var (_, step) in calls)
                {
                    await step.FailAsync("Not run: tools were not offered in this round.", token.Token);
                }

                var reply = await writer.CompleteMessageAsync(always: true, token.Token);
                return new ToolLoopResult { Reply = reply!, Messages = conversation, ToolRounds = round };
            }

            await writer.CompleteMessageAsync(always: false, token.Token);
            var results = new List<AIContent>(calls.Count);
            foreach (var (call, step) in calls)
            {
                results.Add(await InvokeToolAsync(tools, call, step, options, token.Token));
            }

            conversation.Add(new ChatMessage(ChatRole.Tool, results));
        }
    }

    private async Task<FunctionResultContent> InvokeToolAsync(Dictionary<string, AIFunction> tools, FunctionCallContent call, StepScope step, ToolLoopOptions options, CancellationToken cancellationToken)
    {
        // Entered as the current step only in this method's flow: asks and steps of the tool nest under it.
        CurrentStepId = step.ItemId;
        if (!tools.TryGetValue(call.Name, out var function))
        {
            await step.FailAsync("The model asked for a tool that does not exist.", cancellationToken);
            return new FunctionResultContent(call.CallId, $"Error: there is no tool named \"{call.Name}\".");
        }

        if (options.ApproveAsync is { } approve && !await approve(new ToolCallContext(this, call, function, step.ItemId)))
        {
            await step.CompleteAsync("Declined by the user.", cancellationToken);
            return new FunctionResultContent(call.CallId, "The user declined this tool call; it was not run.");
        }

        try
        {
            var result = await function.InvokeAsync(new AIFunctionArguments(call.Arguments) { Services = Services }, cancellationToken);
            await step.CompleteAsync(ModelReplyWriter.FormatResult(result), cancellationToken);
            return new FunctionResultContent(call.CallId, result);
        }
        catch (Exception ex) when (!IsAborted)
        {
            _output.LogToolFailed(call.Name, ex);
            await step.FailAsync("The tool failed.", cancellationToken);
            return new FunctionResultContent(call.CallId, options.IncludeToolErrorDetails ? $"Error: {ex.Message}" : "Error: the tool failed.") { Exception = ex };
        }
    }
}
