using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Parley;

/// <summary>
/// Writes one streamed model response into the thread as it arrives: text becomes deltas of one
/// assistant message (begun at the first text, so a round of tool calls alone leaves no empty bubble),
/// reasoning becomes a collapsible <see cref="StepKind.Llm"/> step, function calls become
/// <see cref="StepKind.Tool"/> steps (completed when their result is in the stream too), and the finish
/// reason and token usage go into the message's metadata.
/// </summary>
/// <remarks>Not thread-safe: one response, read in order, by one caller.</remarks>
internal sealed class ModelReplyWriter(ChatContext chat, MessageOptions? options)
{
    /// <summary>The metadata key of a tool step's call id (what history maps back to a function call).</summary>
    public const string ToolCallIdKey = "toolCallId";

    /// <summary>The metadata key of a tool step's function name.</summary>
    public const string ToolNameKey = "tool";

    private readonly List<ChatResponseUpdate> _updates = [];
    private readonly List<(FunctionCallContent Call, StepScope Step)> _openCalls = [];
    private readonly ResponseSummary _summary = new();
    private StreamingMessage? _message;
    private StepScope? _reasoning;

    /// <summary>Function calls the stream made without giving their results: for the caller to run.</summary>
    public IReadOnlyList<(FunctionCallContent Call, StepScope Step)> OpenCalls => _openCalls;

    /// <summary>The response as Microsoft.Extensions.AI messages, for the next round of a conversation.</summary>
    public ChatResponse ToResponse() => _updates.ToChatResponse();

    public async Task WriteAsync(IAsyncEnumerable<ChatResponseUpdate> updates, CancellationToken cancellationToken)
    {
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            _updates.Add(update);
            _summary.Add(update);
            foreach (var content in update.Contents)
            {
                await WriteAsync(content, cancellationToken);
            }
        }

        await EndReasoningAsync(cancellationToken);
    }

    /// <summary>
    /// Completes the message (creating an empty one if the model said nothing and called nothing, when
    /// <paramref name="always"/>), with a visible note when the model was cut off.
    /// </summary>
    public async Task<AssistantMessage?> CompleteMessageAsync(bool always, CancellationToken cancellationToken)
    {
        if (FinishNote(_summary.FinishReason) is { } note)
        {
            _message ??= await chat.BeginMessageAsync(options, cancellationToken);
            await _message.AppendAsync(note, cancellationToken);
        }

        if (_message is null && always)
        {
            _message = await chat.BeginMessageAsync(options, cancellationToken);
        }

        var message = _message is null ? null : await _message.CompleteAsync(_summary.ToMetadata(options?.Metadata), cancellationToken);
        _message = null;
        return message;
    }

    private async Task WriteAsync(AIContent content, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case TextReasoningContent { Text.Length: > 0 } reasoning:
                _reasoning ??= await chat.BeginDetachedStepAsync("Reasoning", StepKind.Llm, input: null, metadata: null, cancellationToken);
                await _reasoning.AppendOutputAsync(reasoning.Text, cancellationToken);
                break;
            case TextContent { Text.Length: > 0 } text:
                await EndReasoningAsync(cancellationToken);
                _message ??= await chat.BeginMessageAsync(options, cancellationToken);
                await _message.AppendAsync(text.Text, cancellationToken);
                break;
            case FunctionCallContent call:
                await EndReasoningAsync(cancellationToken);
                var step = await chat.BeginDetachedStepAsync(call.Name, StepKind.Tool, FormatArguments(call), ToolMetadata(call), cancellationToken);
                _openCalls.Add((call, step));
                break;
            case FunctionResultContent result:
                var index = _openCalls.FindIndex(c => c.Call.CallId == result.CallId);
                if (index >= 0)
                {
                    var (_, resultStep) = _openCalls[index];
                    _openCalls.RemoveAt(index);
                    await resultStep.CompleteAsync(FormatResult(result.Result), cancellationToken);
                }

                break;
        }
    }

    private async Task EndReasoningAsync(CancellationToken cancellationToken)
    {
        if (_reasoning is { } reasoning)
        {
            _reasoning = null;
            await reasoning.CompleteAsync(output: null, cancellationToken);
        }
    }

    internal static string FormatArguments(FunctionCallContent call) =>
        call.Arguments is null ? "" : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));

    internal static string FormatResult(object? result) => result switch
    {
        null => "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString() ?? "",
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };

    private static Dictionary<string, JsonElement> ToolMetadata(FunctionCallContent call) => new(StringComparer.Ordinal)
    {
        [ToolCallIdKey] = JsonSerializer.SerializeToElement(call.CallId, Serialization.ParleyJsonContext.Default.String),
        [ToolNameKey] = JsonSerializer.SerializeToElement(call.Name, Serialization.ParleyJsonContext.Default.String),
    };

    private static string? FinishNote(ChatFinishReason? reason) =>
        reason == ChatFinishReason.Length ? "\n\n*[The reply was cut off: the model reached its length limit.]*"
        : reason == ChatFinishReason.ContentFilter ? "\n\n*[The reply was stopped by the model provider's content filter.]*"
        : null;
}
