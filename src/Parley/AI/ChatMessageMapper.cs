using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Parley;

/// <summary>Turns thread items into Microsoft.Extensions.AI messages for a model, and trims them.</summary>
internal static class ChatMessageMapper
{
    public static List<ChatMessage> Map(IEnumerable<ChatItem> items, IReadOnlyDictionary<string, AIContent>? attachments = null)
    {
        var messages = new List<ChatMessage>();
        var calls = new List<AIContent>();
        var results = new List<AIContent>();
        foreach (var item in items)
        {
            if (item is StepItem { Kind: StepKind.Tool } step && ToolCallId(step) is { } callId)
            {
                if (!step.Status.IsOpen())
                {
                    calls.Add(new FunctionCallContent(callId, step.Name, Arguments(step.Input)));
                    results.Add(new FunctionResultContent(callId, ToolResult(step)));
                }

                continue;
            }

            if (item is StepItem)
            {
                continue; // other steps (reasoning, the app's own) are for people, not the model
            }

            Flush(messages, calls, results);
            switch (item)
            {
                case UserMessage user:
                    messages.Add(UserMessageOf(user, attachments));
                    break;
                case AssistantMessage { Status: not ItemStatus.InProgress } reply when reply.Content.Length > 0:
                    messages.Add(new ChatMessage(ChatRole.Assistant, reply.Content + InterruptionNote(reply.Status)));
                    break;
                case HiddenContextItem hidden:
                    messages.Add(new ChatMessage(ChatRole.System, hidden.Content));
                    break;
                case AskItem { Status: ItemStatus.Answered, Answer: { } answer } ask:
                    messages.Add(new ChatMessage(ChatRole.Assistant, ask.Content));
                    messages.Add(new ChatMessage(ChatRole.User, AnswerContents(ask, answer, attachments)));
                    break;
            }
        }

        Flush(messages, calls, results);
        return messages;
    }

    /// <summary>A note naming an attachment that is not sent to the model (or not loaded).</summary>
    public static TextContent AttachmentNote(FileRef file) =>
        new($"[Attached file: {file.Name} ({file.Mime}, {file.Size} bytes)]");

    /// <summary>An answer as the user's words: its text, the chosen button's label, the files, or the element's value as JSON.</summary>
    private static List<AIContent> AnswerContents(AskItem ask, AskAnswer answer, IReadOnlyDictionary<string, AIContent>? attachments)
    {
        if (answer.Files is { Count: > 0 } files)
        {
            return [.. files.Select(f => attachments is not null && attachments.TryGetValue(f.Id, out var loaded) ? loaded : AttachmentNote(f))];
        }

        var text = answer.Content
            ?? (answer.ActionId is { } actionId ? ask.Actions.FirstOrDefault(a => a.Id == actionId)?.Label ?? actionId : null)
            ?? (answer.Value is { } value ? value.GetRawText() : "");
        return [new TextContent(text)];
    }

    private static ChatMessage UserMessageOf(UserMessage user, IReadOnlyDictionary<string, AIContent>? attachments)
    {
        if (user.Attachments.Count == 0)
        {
            return new ChatMessage(ChatRole.User, user.Content);
        }

        var contents = new List<AIContent>();
        if (user.Content.Length > 0)
        {
            contents.Add(new TextContent(user.Content));
        }

        foreach (var file in user.Attachments)
        {
            contents.Add(attachments is not null && attachments.TryGetValue(file.Id, out var loaded) ? loaded : AttachmentNote(file));
        }

        return new ChatMessage(ChatRole.User, contents);
    }

    public static IList<ChatMessage> Trim(List<ChatMessage> messages, ChatHistoryOptions options)
    {
        var keep = messages.Count;
        if (options.MaxMessages is { } max)
        {
            keep = Math.Min(keep, Math.Max(0, max));
        }

        if (options.MaxTokens is { } budget)
        {
            var estimate = options.EstimateTokens ?? EstimateTokens;
            var used = 0;
            var fitting = 0;
            for (var i = messages.Count - 1; i >= messages.Count - keep; i--)
            {
                used += estimate(messages[i]);
                if (used > budget)
                {
                    break;
                }

                fitting++;
            }

            keep = fitting;
        }

        var start = messages.Count - keep;

        // A tool result without the call it answers is refused by providers: never start with one.
        while (start < messages.Count && messages[start].Role == ChatRole.Tool)
        {
            start++;
        }

        IList<ChatMessage> trimmed = messages.GetRange(start, messages.Count - start);
        return options.Trim is { } trim ? trim(trimmed) : trimmed;
    }

    private static int EstimateTokens(ChatMessage message)
    {
        var length = 0;
        foreach (var content in message.Contents)
        {
            length += content switch
            {
                TextContent text => text.Text.Length,
                FunctionCallContent call => call.Name.Length + ModelReplyWriter.FormatArguments(call).Length,
                FunctionResultContent result => ModelReplyWriter.FormatResult(result.Result).Length,

                // Roughly what providers charge for an image or a page: enough to make a budget notice it.
                DataContent => 4000,
                _ => 0,
            };
        }

        return (length / 4) + 4;
    }

    private static void Flush(List<ChatMessage> messages, List<AIContent> calls, List<AIContent> results)
    {
        if (calls.Count == 0)
        {
            return;
        }

        messages.Add(new ChatMessage(ChatRole.Assistant, [.. calls]));
        messages.Add(new ChatMessage(ChatRole.Tool, [.. results]));
        calls.Clear();
        results.Clear();
    }

    private static string? ToolCallId(StepItem step) =>
        step.Metadata?.TryGetValue(ModelReplyWriter.ToolCallIdKey, out var id) == true && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    private static Dictionary<string, object?>? Arguments(string input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(input, Serialization.ParleyJsonContext.Default.DictionaryStringJsonElement)?
                .ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal) { ["input"] = input };
        }
    }

    private static string ToolResult(StepItem step) => step.Status switch
    {
        ItemStatus.Completed => step.Output,
        ItemStatus.Cancelled => "[The user stopped this tool call before it finished.]",
        _ => "[This tool call failed" + (step.Output.Length > 0 ? ": " + step.Output : "") + "]",
    };

    private static string InterruptionNote(ItemStatus status) => status switch
    {
        ItemStatus.Cancelled => "\n\n[This reply was stopped by the user before it was finished.]",
        ItemStatus.Failed => "\n\n[This reply failed before it was finished.]",
        ItemStatus.Interrupted => "\n\n[This reply was interrupted before it was finished.]",
        _ => "",
    };
}
