using System.Globalization;

namespace Parley.TestApp;

/// <summary>
/// Does what the message says: <c>stream N DELAY_MS</c> streams N numbered tokens inside a step,
/// <c>ask</c> asks a question, <c>fail</c> throws, <c>fail-once</c> throws unless retried, <c>xss</c>
/// replies with markdown full of script injection attempts, <c>long N</c> streams N tokens of varied
/// markdown as fast as accepted; anything else is echoed. The greeting takes a moment, as a real
/// app's would, so a first message typed at once races it.
/// </summary>
internal sealed partial class CommandedApp : ChatApp
{
    public override async Task OnChatStartAsync(ChatContext chat)
    {
        ThrowIfThreadFault(chat.Thread, "chat-start");
        await Task.Delay(250, chat.Aborted);
        await chat.SayAsync("ready");
        ThrowIfThreadFault(chat.Thread, "chat-start-late");
    }

    public override async Task OnMessageAsync(ChatContext chat, UserMessage message)
    {
        if (await TrySettingsSliceAsync(chat, message) || await TryFaultAsync(chat, message))
        {
            return;
        }

        if (message.Attachments.Count > 0)
        {
            await FileReplies.ReplyAsync(chat, message);
            return;
        }

        var words = message.Content.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words[0])
        {
            case "stream":
                var count = int.Parse(words[1], CultureInfo.InvariantCulture);
                var delay = words.Length > 2 ? int.Parse(words[2], CultureInfo.InvariantCulture) : 0;
                await using (await chat.BeginStepAsync("generate", StepKind.Llm, input: message.Content))
                {
                    var reply = await chat.BeginMessageAsync();
                    for (var i = 0; i < count; i++)
                    {
                        await reply.AppendAsync($"t{i} ");
                        if (delay > 0)
                        {
                            await Task.Delay(delay, chat.Aborted);
                        }
                    }

                    await reply.CompleteAsync();
                }

                break;
            case "ask":
                var answer = await chat.AskAsync("What is your answer?");
                await chat.SayAsync("got " + answer);
                break;
            case "fail":
                throw new InvalidOperationException("requested failure");
            case "fail-once":
                if (chat.Run.Trigger != RunTrigger.Retry)
                {
                    var partial = await chat.BeginMessageAsync();
                    await partial.AppendAsync("partial before the failure");
                    throw new InvalidOperationException("requested failure");
                }

                await chat.SayAsync("recovered after retry");
                break;
            case "xss":
                await chat.SayAsync(Payloads.Xss);
                break;
            case "long":
                var total = int.Parse(words[1], CultureInfo.InvariantCulture);
                var stream = await chat.BeginMessageAsync();
                for (var i = 0; i < total; i++)
                {
                    await stream.AppendAsync(Payloads.LongToken(i));
                    if (i % 500 == 499)
                    {
                        // A model's pace, roughly: a few thousand tokens a second.
                        await Task.Delay(50, chat.Aborted);
                    }
                }

                await stream.CompleteAsync();
                break;
            case var word when await ElementCommands.TryHandleAsync(chat, word):
                break;
            default:
                if (!await AskWords.TryHandleAsync(chat, words[0]))
                {
                    await chat.SayAsync("echo: " + message.Content);
                }

                break;
        }
    }
}
