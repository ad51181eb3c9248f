using System.ComponentModel;
using Microsoft.Extensions.AI;
using Parley;

namespace Quickstart;

/// <summary>
/// The quickstart with a real model (any OpenAI-compatible server): replies stream, reasoning and tool
/// calls show as steps, and Stop cancels the model call.
/// </summary>
internal sealed class ModelAssistant(IChatClient model, TimeProvider time) : ChatApp
{
    private static readonly ChatHistoryOptions History = new() { MaxMessages = 40 };

    public override Task OnChatStartAsync(ChatContext chat)
    {
        var name = model.GetService<ChatClientMetadata>() is { DefaultModelId: { } id, ProviderUri: { } uri } ? $"**{id}** at {uri.Host}" : "a model";
        return chat.SayAsync($"Hi! I'm the **Parley demo assistant**, talking to {name}. I can tell the time and roll dice. Ask me anything.");
    }

    public override async Task OnMessageAsync(ChatContext chat, UserMessage message)
    {
        var messages = chat.History.ToChatMessages(History);
        messages.Insert(0, new ChatMessage(ChatRole.System, "You are a concise, friendly assistant. Answer in markdown."));
        await chat.RunToolLoopAsync(model, messages, new ToolLoopOptions
        {
            Tools =
            [
                AIFunctionFactory.Create(Now, "current_time", "The current date and time (UTC)."),
                AIFunctionFactory.Create(RollDice, "roll_dice", "Rolls dice."),
            ],
        }, chat.Aborted);
    }

    private string Now() => time.GetUtcNow().ToString("u", System.Globalization.CultureInfo.InvariantCulture);

    private static int[] RollDice([Description("How many dice, 1 to 10.")] int count, [Description("Sides per die.")] int sides = 6) =>
        [.. Enumerable.Range(0, Math.Clamp(count, 1, 10)).Select(_ => Random.Shared.Next(1, Math.Max(2, sides) + 1))];
}
