using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AI = Microsoft.Extensions.AI;

namespace Parley.OpenAI;

/// <summary>
/// Streaming chunks from the OpenAI package to Microsoft.Extensions.AI updates. Text goes out as it
/// comes; a tool call's arguments arrive in fragments keyed by index, so calls go out whole, once
/// the choice finishes (or the stream ends).
/// </summary>
/// <remarks>One instance per response; not thread-safe.</remarks>
internal sealed class OpenAIUpdateMapper
{
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _calls = [];

    public IEnumerable<ChatResponseUpdate> Map(StreamingChatCompletionUpdate chunk)
    {
        foreach (var call in chunk.ToolCallUpdates)
        {
            if (!_calls.TryGetValue(call.Index, out var pending))
            {
                pending = (null, null, new StringBuilder());
            }

            pending.Id ??= call.ToolCallId;
            pending.Name ??= call.FunctionName;
            if (call.FunctionArgumentsUpdate is { } fragment && !fragment.IsEmpty)
            {
                pending.Arguments.Append(fragment.ToString());
            }

            _calls[call.Index] = pending;
        }

        var contents = new List<AIContent>();
        if (Reasoning(chunk) is { Length: > 0 } reasoning)
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        foreach (var part in chunk.ContentUpdate)
        {
            if (part.Text is { Length: > 0 } text)
            {
                contents.Add(new TextContent(text));
            }
        }

        if (chunk.RefusalUpdate is { Length: > 0 } refusal)
        {
            contents.Add(new TextContent(refusal));
        }

        if (chunk.FinishReason is not null)
        {
            contents.AddRange(TakeCalls());
        }

        if (chunk.Usage is { } usage)
        {
            contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = usage.InputTokenCount,
                OutputTokenCount = usage.OutputTokenCount,
                TotalTokenCount = usage.TotalTokenCount,
            }));
        }

        if (contents.Count == 0 && chunk.FinishReason is null)
        {
            yield break;
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = chunk.CompletionId,
            MessageId = chunk.CompletionId,
            ModelId = chunk.Model,
            CreatedAt = chunk.CreatedAt,
            FinishReason = chunk.FinishReason is { } reason ? FinishReason(reason) : null,
        };
    }

    /// <summary>Calls still pending when the stream ended without a finish reason.</summary>
    public IEnumerable<ChatResponseUpdate> Complete()
    {
        var calls = TakeCalls();
        if (calls.Count > 0)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, calls);
        }
    }

    private List<AIContent> TakeCalls()
    {
        var calls = new List<AIContent>(_calls.Count);
        foreach (var (id, name, arguments) in _calls.Values)
        {
            calls.Add(new FunctionCallContent(id ?? $"call_{calls.Count}", name ?? "", ParseArguments(arguments.ToString())));
        }

        _calls.Clear();
        return calls;
    }

    /// <summary>
    /// Reasoning text, which OpenAI-compatible servers send outside OpenAI's schema: vLLM, DeepSeek and
    /// LM Studio as <c>delta.reasoning_content</c>, Ollama and OpenRouter as <c>delta.reasoning</c>.
    /// </summary>
    private static string? Reasoning(StreamingChatCompletionUpdate chunk)
    {
        // The OpenAI package keeps properties it does not model in an evaluation-only JSON patch.
#pragma warning disable SCME0001
        return chunk.Patch.TryGetValue("$.choices[0].delta.reasoning_content"u8, out string? text) ? text
            : chunk.Patch.TryGetValue("$.choices[0].delta.reasoning"u8, out text) ? text
            : null;
#pragma warning restore SCME0001
    }

    private static Dictionary<string, object?>? ParseArguments(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal) { ["value"] = document.RootElement.Clone() };
        }
        catch (JsonException)
        {
            // Models do produce broken JSON; the tool (and the user, in its step) sees what it sent.
            return new Dictionary<string, object?>(StringComparer.Ordinal) { ["invalid_json"] = json };
        }
    }

    private static AI.ChatFinishReason FinishReason(global::OpenAI.Chat.ChatFinishReason reason) => reason switch
    {
        global::OpenAI.Chat.ChatFinishReason.Stop => AI.ChatFinishReason.Stop,
        global::OpenAI.Chat.ChatFinishReason.Length => AI.ChatFinishReason.Length,
        global::OpenAI.Chat.ChatFinishReason.ContentFilter => AI.ChatFinishReason.ContentFilter,
        global::OpenAI.Chat.ChatFinishReason.ToolCalls or global::OpenAI.Chat.ChatFinishReason.FunctionCall => AI.ChatFinishReason.ToolCalls,
        _ => new AI.ChatFinishReason(reason.ToString().ToLowerInvariant()),
    };
}
