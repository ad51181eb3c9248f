using Parley.AspNetCore.Tests.Infrastructure;
using Parley.Testing;

namespace Parley.AspNetCore.Tests.Endpoints;

public sealed class LifecycleHttpTests
{
    [Fact]
    public async Task DroppedConnection_FiresOnDisconnectNotOnChatEnd_ReconnectFiresOnConnectOnly()
    {
        await using var server = await ParleyServer.StartAsync(new AppScript { ChatStart = chat => chat.SayAsync("Hi") });
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        var hooks = server.Script.Hooks;

        var first = await client.SubscribeAsync(threadId, after: 0);
        await first.WaitForAsync(e => e.OfType<RunFinishedEvent>().Any());
        await first.DisposeAsync();
        await hooks.WaitForAsync("Disconnect");

        await using var second = await client.SubscribeAsync(threadId, lastEventId: first.Replica.LastSeq);
        await hooks.WaitForAsync("Connect", 2);
        await Task.Delay(100);

        Assert.Equal((2, 1, 1, 0), (hooks.Count("Connect"), hooks.Count("ChatStart"), hooks.Count("Disconnect"), hooks.Count("ChatResume")));
        Assert.DoesNotContain(hooks.Calls, c => c.StartsWith("ChatEnd", StringComparison.Ordinal));
        Assert.Empty(second.Events.OfType<RunStartedEvent>());
    }

    [Fact]
    public async Task End_ThenReopen_FiresOnChatEndOnceThenOnChatResume()
    {
        await using var server = await ParleyServer.StartAsync();
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        await server.Script.Hooks.WaitForAsync("ChatStart");

        var ended = await client.PostRawAsync($"/api/threads/{threadId}/end", "{}");
        await using var reopened = await client.SubscribeAsync(threadId, after: 0);
        await server.Script.Hooks.WaitForAsync("ChatResume");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal(1, server.Script.Hooks.Count("ChatEnd:UserEnded"));
    }

    [Fact]
    public async Task Delete_EndsSessionAndThreadAnswers404()
    {
        await using var server = await ParleyServer.StartAsync();
        using var client = server.NewClient();
        var threadId = await client.CreateThreadAsync();
        await server.Script.Hooks.WaitForAsync("ChatStart");

        var deleted = await client.SendRawAsync(HttpMethod.Delete, $"/api/threads/{threadId}");
        var after = await client.Http.GetAsync($"/api/threads/{threadId}");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal(1, server.Script.Hooks.Count("ChatEnd:Deleted"));
    }
}
