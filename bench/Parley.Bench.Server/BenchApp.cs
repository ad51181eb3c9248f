using System.Diagnostics;
using System.Globalization;

namespace Parley.Bench.Server;

/// <summary>
/// <c>stream COUNT RATE</c>: appends COUNT tokens, RATE per second (0 = as fast as the runtime takes
/// them); each token is the monotonic timestamp of its append, so the client measures append → receipt.
/// <c>fill COUNT</c>: writes COUNT events that cannot be merged (deltas alternating between two messages).
/// </summary>
internal sealed class BenchApp : ChatApp
{
    public override async Task OnMessageAsync(ChatContext chat, UserMessage message)
    {
        var words = message.Content.Split(' ');
        var count = int.Parse(words[1], CultureInfo.InvariantCulture);
        switch (words[0])
        {
            case "stream":
                await StreamAsync(chat, count, int.Parse(words[2], CultureInfo.InvariantCulture));
                break;
            case "fill":
                var a = await chat.BeginMessageAsync();
                var b = await chat.BeginMessageAsync();
                for (var i = 0; i < count; i++)
                {
                    await (i % 2 == 0 ? a : b).AppendAsync("x ");
                }

                await a.CompleteAsync();
                await b.CompleteAsync();
                break;
        }
    }

    private static async Task StreamAsync(ChatContext chat, int count, int rate)
    {
        var reply = await chat.BeginMessageAsync();

        // Up to 100 tokens a second, one per tick; faster, in bursts every 10 ms, as tokens from a
        // model arrive in network chunks (and timers cannot tick every few microseconds).
        var perTick = rate <= 100 ? 1 : Math.Max(1, rate / 100);
        using var timer = rate > 0 ? new PeriodicTimer(TimeSpan.FromSeconds((double)perTick / rate)) : null;
        for (var i = 0; i < count;)
        {
            if (timer is not null)
            {
                await timer.WaitForNextTickAsync(chat.Aborted);
            }

            for (var j = 0; j < perTick && i < count; j++, i++)
            {
                await reply.AppendAsync(Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture) + " ");
            }
        }

        await reply.CompleteAsync();
    }
}
