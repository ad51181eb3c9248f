using Parley;

namespace Quickstart;

/// <summary>
/// A demo assistant that needs no model and no API key: it greets, then answers each message with a
/// streamed markdown reply inside a visible step, at a pace a person can watch — and can be stopped.
/// </summary>
internal sealed class DemoAssistant(TimeProvider time) : ChatApp
{
    // About 40 tokens a second, like a fast model.
    private static readonly TimeSpan TokenPace = TimeSpan.FromMilliseconds(25);

    public override Task OnChatStartAsync(ChatContext chat) =>
        chat.SayAsync(
            "Hi! I'm the **Parley demo assistant**. I don't call a real model — I compose a markdown reply " +
            "and stream it token by token, so you can see streaming, steps and **Stop** at work. " +
            "To talk to a real model, restart with `OPENAI_API_KEY` (or `OPENAI_BASE_URL` for a local server " +
            "such as Ollama) and `OPENAI_MODEL` set. Ask me anything.");

    public override async Task OnChatResumeAsync(ChatContext chat)
    {
        var visits = chat.Session.Get<int>("visits") + 1;
        chat.Session.Set("visits", visits);
        await chat.ToastAsync($"Welcome back — this conversation was reopened {visits} time(s).");
    }

    public override async Task OnMessageAsync(ChatContext chat, UserMessage message)
    {
        var reply = DemoReply.Compose(message.Content);
        await using var step = await chat.BeginStepAsync("Composing a reply", StepKind.Llm, input: message.Content);
        await step.AppendOutputAsync($"Planned {reply.Sections} sections, about {reply.Words} words.\n");

        var stream = await chat.BeginMessageAsync();
        foreach (var token in DemoReply.Tokens(reply.Markdown))
        {
            await stream.AppendAsync(token);
            await Task.Delay(TokenPace, time, chat.Aborted);
        }

        await stream.CompleteAsync();
        await step.CompleteAsync($"Planned {reply.Sections} sections, about {reply.Words} words.\nStreamed them all.");
    }
}
