using System.Globalization;
using System.Text.Json;

namespace Parley.TestApp;

/// <summary>
/// Handler faults, only with <c>--faults true</c> (<see cref="InjectedFaults"/> registered). Inside a
/// message run the message says where to throw: <c>throw-at POINT [N] [DELAY_MS]</c> with POINT one of
/// <c>before-any</c>, <c>before-first-token</c>, <c>mid-stream</c>, <c>in-step</c>, <c>in-run-step</c>,
/// <c>in-nested-step</c>, <c>in-ask</c> (the ask still pending), <c>after-answer</c>, <c>after-reply</c>.
/// Hooks outside message runs read the thread's metadata <c>faults</c>, e.g.
/// <c>"chat-start,chat-end:sync,stream-cancelled:late"</c>: POINT[:MODE], MODE <c>async</c> (default:
/// a faulted task), <c>sync</c> (thrown before a task exists) or <c>late</c> (after the default work).
/// Points: <c>chat-start</c>, <c>chat-start-late</c>, <c>chat-resume</c>, <c>stop</c>,
/// <c>stream-cancelled</c>, <c>on-error</c>, <c>chat-end</c>. Construction: <c>/test/faults/construction</c>.
/// </summary>
internal sealed partial class CommandedApp
{
    private readonly InjectedFaults? _faults;

    public CommandedApp(IServiceProvider services)
    {
        _faults = services.GetService<InjectedFaults>();
        _faults?.ThrowIfConstructionArmed();
    }

    public override Task OnChatResumeAsync(ChatContext chat) =>
        Faulted(chat.Thread, "chat-resume", () => base.OnChatResumeAsync(chat));

    public override Task OnStopAsync(ChatContext chat) =>
        Faulted(chat.Thread, "stop", () => base.OnStopAsync(chat));

    public override Task OnStreamCancelledAsync(StreamCancelledContext context) =>
        Faulted(context.Chat.Thread, "stream-cancelled", () => base.OnStreamCancelledAsync(context));

    public override Task OnChatEndAsync(ChatEndContext context) =>
        Faulted(context.Thread, "chat-end", () => base.OnChatEndAsync(context));

    public override ValueTask<ChatError> OnErrorAsync(RunErrorContext context)
    {
        return FaultMode(context.Chat.Thread, "on-error") switch
        {
            null => base.OnErrorAsync(context),
            "sync" => throw new InjectedFaultException("on-error"),
            "late" => LateAsync(),
            _ => ThrowLaterAsync(),
        };

        async ValueTask<ChatError> LateAsync()
        {
            await base.OnErrorAsync(context);
            throw new InjectedFaultException("on-error");
        }

        static async ValueTask<ChatError> ThrowLaterAsync()
        {
            await Task.Yield();
            throw new InjectedFaultException("on-error");
        }
    }

    /// <summary>Throws at a chat-start point when the thread asks for it.</summary>
    private void ThrowIfThreadFault(ThreadInfo thread, string point)
    {
        if (FaultMode(thread, point) is not null)
        {
            throw new InjectedFaultException(point);
        }
    }

    /// <summary>Handles <c>throw-at …</c>: false when faults are off or the message is something else.</summary>
    private async Task<bool> TryFaultAsync(ChatContext chat, UserMessage message)
    {
        var words = message.Content.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (_faults is null || words.Length < 2 || words[0] != "throw-at")
        {
            return false;
        }

        var point = words[1];
        var count = words.Length > 2 ? int.Parse(words[2], CultureInfo.InvariantCulture) : 3;
        var delay = words.Length > 3 ? int.Parse(words[3], CultureInfo.InvariantCulture) : 0;
        switch (point)
        {
            case "before-first-token":
                await chat.BeginMessageAsync();
                break;
            case "mid-stream":
                await StreamAsync(await chat.BeginMessageAsync(), count, delay, chat.Aborted);
                break;
            case "in-step":
                await using (var step = await chat.BeginStepAsync("faulty step", StepKind.Tool, input: message.Content))
                {
                    await StepOutputAsync(step, count, delay, chat.Aborted);
                    throw new InjectedFaultException(point);
                }

            case "in-run-step":
                await chat.RunStepAsync("faulty step", StepKind.Tool, async step =>
                {
                    await StepOutputAsync(step, count, delay, chat.Aborted);
                    throw new InjectedFaultException(point);
                });
                break;
            case "in-nested-step":
                await using (await chat.BeginStepAsync("outer step", StepKind.Other))
                {
                    await using var inner = await chat.BeginStepAsync("inner step", StepKind.Llm);
                    await StepOutputAsync(inner, count, delay, chat.Aborted);
                    throw new InjectedFaultException(point);
                }

            case "in-ask":
                var pending = chat.AskAsync("Will this be answered?");
                _ = pending.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                await Task.Delay(delay, chat.Aborted);
                break;
            case "after-answer":
                await chat.AskAsync("Your answer, please?");
                break;
            case "after-reply":
                await chat.SayAsync("a complete reply");
                break;
        }

        throw new InjectedFaultException(point);
    }

    private static async Task StreamAsync(StreamingMessage reply, int count, int delay, CancellationToken cancellation)
    {
        for (var i = 0; i < count; i++)
        {
            await reply.AppendAsync($"t{i} ", cancellation);
            if (delay > 0)
            {
                await Task.Delay(delay, cancellation);
            }
        }
    }

    private static async Task StepOutputAsync(StepScope step, int count, int delay, CancellationToken cancellation)
    {
        for (var i = 0; i < count; i++)
        {
            await step.AppendOutputAsync($"o{i} ", cancellation);
            if (delay > 0)
            {
                await Task.Delay(delay, cancellation);
            }
        }
    }

    private Task Faulted(ThreadInfo thread, string point, Func<Task> otherwise)
    {
        return FaultMode(thread, point) switch
        {
            null => otherwise(),
            "sync" => throw new InjectedFaultException(point),
            "late" => LateAsync(),
            _ => ThrowLaterAsync(),
        };

        async Task LateAsync()
        {
            await otherwise();
            throw new InjectedFaultException(point);
        }

        async Task ThrowLaterAsync()
        {
            await Task.Yield();
            throw new InjectedFaultException(point);
        }
    }

    /// <summary>The mode of a fault the thread's metadata asks for at <paramref name="point"/>, or null.</summary>
    private string? FaultMode(ThreadInfo thread, string point)
    {
        if (_faults is null || thread.Metadata?.GetValueOrDefault("faults") is not { ValueKind: JsonValueKind.String } value)
        {
            return null;
        }

        foreach (var entry in value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':');
            if (parts[0] == point)
            {
                return parts.Length > 1 ? parts[1] : "async";
            }
        }

        return null;
    }
}
