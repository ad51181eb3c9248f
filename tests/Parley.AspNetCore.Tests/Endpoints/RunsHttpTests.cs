using System.Net;
using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Endpoints;

public sealed class RunsHttpTests
{
    private static AppScript Slow() => new()
    {
        Message = async (chat, message) =>
        {
            if (message.Content == "fail")
            {
                throw new InvalidOperationException("internal detail");
            }

            var reply = await chat.BeginMessageAsync();
            for (var i = 0; i < 100_000; i++)
            {
                await reply.AppendAsync($"w{i} ");
                await Task.Delay(2, chat.Aborted);
            }
        },
        RunOptions = run => new RunOptions { AllowCancel = run.Trigger != RunTrigger.ChatStart },
    };

    [Fact]
    public async Task Stop_MidStream_202ThenCancelledWithPartialTextAndHiddenNote()
    {
        await using var server = await ParleyServer.StartAsync(Slow());
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        await using var events = await client.SubscribeAsync(threadId, after: 0);
        var runId = (await client.SendAsync(threadId, "go"))["runId"]!.GetValue<string>();
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Count() > 10);

        var stop = await client.PostRawAsync($"/api/threads/{threadId}/stop", "{}");
        var again = await client.PostRawAsync($"/api/threads/{threadId}/stop", $$"""{"runId":"{{runId}}"}""");
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));

        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        var body = await ParleyClient.ReadJsonAsync(stop);
        Assert.Equal((runId, "cancelling"), (body["runId"]!.GetValue<string>(), body["status"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var view = await client.GetThreadAsync(threadId);
        var reply = view.Items.OfType<AssistantMessage>().Single();
        Assert.Equal(ItemStatus.Cancelled, reply.Status);
        Assert.StartsWith("w0 w1 ", reply.Content, StringComparison.Ordinal);
        Assert.Equal(StreamCancelledContext.StoppedNote, view.Items.OfType<HiddenContextItem>().Single().Content);
        Assert.Single(events.Events.OfType<RunFinishedEvent>(), f => f.RunId == runId);
    }

    [Fact]
    public async Task Stop_RunNotCancellable_409WithCode()
    {
        var script = Slow();
        var release = new TaskCompletionSource();
        script.ChatStart = async _ => await release.Task;
        await using var server = await ParleyServer.StartAsync(script);
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        await server.Script.Hooks.WaitForAsync("ChatStart");

        var refused = await client.PostRawAsync($"/api/threads/{threadId}/stop", "{}");
        release.SetResult();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ChatErrorCodes.RunNotCancellable, (await ParleyClient.ReadJsonAsync(refused))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task FailingHandler_ErrorItemShownAndRetryRunsAgain()
    {
        var attempts = 0;
        var script = new AppScript
        {
            Message = async (chat, _) =>
            {
                if (Interlocked.Increment(ref attempts) == 1)
                {
                    throw new InvalidOperationException("internal detail");
                }

                await chat.SayAsync("recovered");
            },
        };
        await using var server = await ParleyServer.StartAsync(script);
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        await using var events = await client.SubscribeAsync(threadId, after: 0);
        var runId = (await client.SendAsync(threadId, "hi"))["runId"]!.GetValue<string>();
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == runId));
        var error = events.Replica.Items.OfType<ErrorItem>().Single();

        var retry = await client.PostJsonAsync($"/api/threads/{threadId}/retry", new { clientId = "r1", itemId = error.Id });
        var retryRun = (await ParleyClient.ReadJsonAsync(retry))["runId"]!.GetValue<string>();
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any(f => f.RunId == retryRun));
        var twice = await client.PostJsonAsync($"/api/threads/{threadId}/retry", new { clientId = "r2", itemId = error.Id });

        Assert.DoesNotContain("internal detail", error.Message, StringComparison.Ordinal);
        Assert.True(error.AllowRetry);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Contains(events.Replica.Items.OfType<AssistantMessage>(), m => m.Content == "recovered");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task Messages_DuringRun_QueuedTrueAndSnapshotListsQueue()
    {
        await using var server = await ParleyServer.StartAsync(Slow());
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        await using var events = await client.SubscribeAsync(threadId, after: 0);
        await events.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any());

        // The first run is accepted once durable and starts a moment later; until it has, the
        // snapshot rightly lists it as queued too.
        var first = await client.SendAsync(threadId, "go");
        await events.WaitForAsync(e => e.OfType<RunStartedEvent>().Any(r => r.RunId == first["runId"]!.GetValue<string>()));
        var second = await client.SendAsync(threadId, "next");

        using var snapshot = await client.Http.GetAsync($"/api/threads/{threadId}");
        var json = await ParleyClient.ReadJsonAsync(snapshot);

        Assert.False(first["queued"]!.GetValue<bool>());
        Assert.True(second["queued"]!.GetValue<bool>());
        Assert.Equal(second["runId"]!.GetValue<string>(), json["queued"]![0]!["runId"]!.GetValue<string>());
        Assert.Equal(second["item"]!["id"]!.GetValue<string>(), json["queued"]![0]!["itemId"]!.GetValue<string>());
        await client.PostRawAsync($"/api/threads/{threadId}/stop", "{}");
    }
}
