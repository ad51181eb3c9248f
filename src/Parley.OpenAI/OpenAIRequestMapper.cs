using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AI = Microsoft.Extensions.AI;

namespace Parley.OpenAI;

/// <summary>Microsoft.Extensions.AI messages and options to the OpenAI package's request types.</summary>
internal static class OpenAIRequestMapper
{
    public static List<global::OpenAI.Chat.ChatMessage> ToOpenAIMessages(IEnumerable<AI.ChatMessage> messages)
    {
        var result = new List<global::OpenAI.Chat.ChatMessage>();
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                result.Add(new SystemChatMessage(message.Text));
            }
            else if (message.Role == ChatRole.User)
            {
                result.Add(new UserChatMessage(UserParts(message)));
            }
            else if (message.Role == ChatRole.Assistant)
            {
                var calls = message.Contents.OfType<FunctionCallContent>()
                    .Select(c => ChatToolCall.CreateFunctionToolCall(c.CallId, c.Name, BinaryData.FromString(Arguments(c))))
                    .ToList();
                var text = message.Text;
                if (calls.Count == 0)
                {
                    result.Add(new AssistantChatMessage(text));
                }
                else
                {
                    var assistant = new AssistantChatMessage(calls);
                    if (text.Length > 0)
                    {
                        assistant.Content.Add(ChatMessageContentPart.CreateTextPart(text));
                    }

                    result.Add(assistant);
                }
            }
            else if (message.Role == ChatRole.Tool)
            {
                foreach (var output in message.Contents.OfType<FunctionResultContent>())
                {
                    result.Add(new ToolChatMessage(output.CallId, ResultText(output.Result)));
                }
            }
        }

        return result;
    }

    public static ChatCompletionOptions ToOpenAIOptions(ChatOptions? options)
    {
        var result = new ChatCompletionOptions();
        if (options is null)
        {
            return result;
        }

        result.Temperature = options.Temperature;
        result.TopP = options.TopP;
        result.MaxOutputTokenCount = options.MaxOutputTokens;
        result.FrequencyPenalty = options.FrequencyPenalty;
        result.PresencePenalty = options.PresencePenalty;
        foreach (var stop in options.StopSequences ?? [])
        {
            result.StopSequences.Add(stop);
        }

        foreach (var function in options.Tools?.OfType<AIFunctionDeclaration>() ?? [])
        {
            result.Tools.Add(ChatTool.CreateFunctionTool(function.Name, function.Description, BinaryData.FromString(function.JsonSchema.GetRawText())));
        }

        if (result.Tools.Count > 0)
        {
            result.AllowParallelToolCalls = options.AllowMultipleToolCalls;
            result.ToolChoice = options.ToolMode switch
            {
                NoneChatToolMode => ChatToolChoice.CreateNoneChoice(),
                RequiredChatToolMode { RequiredFunctionName: { } name } => ChatToolChoice.CreateFunctionChoice(name),
                RequiredChatToolMode => ChatToolChoice.CreateRequiredChoice(),
                _ => ChatToolChoice.CreateAutoChoice(),
            };
        }

        return result;
    }

    private static List<ChatMessageContentPart> UserParts(AI.ChatMessage message)
    {
        var parts = new List<ChatMessageContentPart>();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    parts.Add(ChatMessageContentPart.CreateTextPart(text.Text));
                    break;
                case DataContent data when data.HasTopLevelMediaType("image"):
                    parts.Add(ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(data.Data), data.MediaType));
                    break;
                case DataContent data when data.MediaType == "application/pdf":
                    // File parts are marked experimental in the package, but the wire format is stable in the API.
#pragma warning disable OPENAI001
                    parts.Add(ChatMessageContentPart.CreateFilePart(BinaryData.FromBytes(data.Data), data.MediaType, data.Name ?? "attachment.pdf"));
#pragma warning restore OPENAI001
                    break;
                case UriContent uri when uri.HasTopLevelMediaType("image"):
                    parts.Add(ChatMessageContentPart.CreateImagePart(uri.Uri));
                    break;
            }
        }

        if (parts.Count == 0)
        {
            parts.Add(ChatMessageContentPart.CreateTextPart(""));
        }

        return parts;
    }

    private static string Arguments(FunctionCallContent call) =>
        call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString() ?? "",
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };
}
