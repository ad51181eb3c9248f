using System.Globalization;
using System.Net;
using System.Text;
using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Endpoints;

public sealed class EventStreamTests
{
    internal static AppScript Streaming(int delayEvery = 0) => new()
    {
        ChatStart = chat => chat.SayAsync("Hi"),
        Message = async (chat, message) =>
        {
            var count = int.Parse(message.Content, CultureInfo.InvariantCulture);
            var reply = await chat.BeginMessageAsync();
            for (var i = 0; i < count; i++)
            {
                // Every 37th token splits an emoji across two appends: no delta may split the pair.
                if (i % 37 == 36)
                {
                    await reply.AppendAsync("x\uD83D");
                    await reply.AppendAsync("\uDE00\n");
                }
                else
                {
                    await reply.AppendAsync($"t{i} ");
                }

                if (delayEvery > 0 && i % delayEvery == 0)
                {
                    await Task.Delay(1, chat.Aborted);
                }
            }

            await reply.CompleteAsync();
        },
    };

    [Fact]
    public async Task Events_SubscribeAndSend_ReplicaEqualsSnapshot()
    {
        await using var server = await ParleyServer.StartAsync(Streaming());
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        await using var events = await client.SubscribeAsync(threadId, after: 0);

        var sent = await client.SendAsync(threadId, "500");
        var runId = sent["runId"]!.GetValue<string>();
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));

        var view = await client.GetThreadAsync(threadId);
        ProtocolAssert.SameItems(view.Items, events.Replica.Items);
        Assert.Equal(view.LastSeq, events.Replica.LastSeq);
        Assert.DoesNotContain('\uFFFD', events.Replica.Items.OfType<AssistantMessage>().Last().Content);
        ProtocolAssert.AllRunsFinished(events.Replica);
    }

    [Fact]
    public async Task Events_TwoSubscribers_SeeTheSameEvents()
    {
        await using var server = await ParleyServer.StartAsync(Streaming());
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        await using var a = await client.SubscribeAsync(threadId, after: 0);
        await using var b = await client.SubscribeAsync(threadId, after: 0);

        var runId = (await client.SendAsync(threadId, "300"))["runId"]!.GetValue<string>();
        await a.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));
        await b.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));

        Assert.Equal(a.Events.OfType<ThreadEvent>().Select(e => e.Seq), b.Events.OfType<ThreadEvent>().Select(e => e.Seq));
        ProtocolAssert.SameItems(a.Replica.Items, b.Replica.Items);
    }

    [Fact]
    public async Task Events_Response_HasSseHeadersAndFramesAsTheProtocolSays()
    {
        await using var server = await ParleyServer.StartAsync(Streaming(), options: o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(300));
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        await Task.Delay(200);

        using var response = await client.Http.GetAsync($"/api/threads/{threadId}/events?after=0", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var text = await ReadForAsync(stream, TimeSpan.FromSeconds(1.5));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());
        Assert.Matches(@"^: connected\n\nid: 1\ndata: \{""type"":""run.started"",[^\n]*""seq"":1,[^\n]*\}\n\n", text);
        Assert.Contains("\n\n: keep-alive\n\n", text, StringComparison.Ordinal);
        Assert.Matches(@"\ndata: \{""type"":""presence"",[^\n]*\}\n\n", text);
        Assert.DoesNotMatch(@"id: \d+\ndata: \{""type"":""presence""", text);
    }

    [Fact]
    public async Task Events_LastEventIdHeader_WinsOverAfter()
    {
        await using var server = await ParleyServer.StartAsync(Streaming());
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        var runId = (await client.SendAsync(threadId, "50"))["runId"]!.GetValue<string>();
        await using (var all = await client.SubscribeAsync(threadId, after: 0))
        {
            await all.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));
        }

        await using var resumed = await client.SubscribeAsync(threadId, after: 0, lastEventId: 3);
        await resumed.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));

        Assert.Equal(4, resumed.Events.OfType<ThreadEvent>().First().Seq);
    }

    [Fact]
    public async Task Events_AfterBeyondTheLog_GetsResyncThenTheStreamEnds()
    {
        await using var server = await ParleyServer.StartAsync(Streaming());
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();

        await using var stale = await client.SubscribeAsync(threadId, after: 999_999);
        await stale.WaitForAsync(e => e.OfType<ResyncEvent>().Any());
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!stale.Ended && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(stale.Ended);
        Assert.Single(stale.Events);
    }

    private static async Task<string> ReadForAsync(Stream stream, TimeSpan duration)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(duration);
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return text.ToString();
    }
}
