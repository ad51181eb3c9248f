using Parley.Testing;

namespace Parley.AspNetCore.Tests.Recovery;

/// <summary>Kill the server process mid-run (SIGKILL), start a new one on the same SQLite file.</summary>
public sealed class ProcessKillTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("parley-kill-").FullName;

    [Fact]
    public async Task Restart_AfterKillMidStream_RunInterruptedTextKeptThreadUsable()
    {
        using var client = new ParleyClient(new Uri("http://127.0.0.1/"));
        string threadId;
        string runId;
        ThreadReplica replica;
        await using (var first = await TestAppProcess.StartAsync(_data))
        {
            client.Http.BaseAddress = first.BaseAddress;
            threadId = await client.CreateThreadAsync();
            var events = await client.SubscribeAsync(threadId, after: 0);
            runId = (await client.SendAsync(threadId, "stream 100000 2"))["runId"]!.GetValue<string>();
            await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Count() > 40);

            await first.KillAsync();
            await events.DisposeAsync();
            replica = events.Replica;
        }

        var seen = replica.Items.OfType<AssistantMessage>().Single(m => m.RunId == runId).Content;
        await using var second = await TestAppProcess.StartAsync(_data);
        using var again = client.WithSameIdentity(second.BaseAddress);

        var view = await again.GetThreadAsync(threadId);
        Assert.Null(view.ActiveRun);
        Assert.DoesNotContain(view.Items, i => i.Status.IsOpen());
        var reply = view.Items.OfType<AssistantMessage>().Single(m => m.RunId == runId);
        Assert.Equal(ItemStatus.Interrupted, reply.Status);
        Assert.StartsWith(seen, reply.Content, StringComparison.Ordinal);
        Assert.Equal(ItemStatus.Interrupted, view.Items.OfType<StepItem>().Single().Status);
        Assert.Contains(view.Items.OfType<ErrorItem>(), e => e.RunId == runId && e.Code == ChatErrorCodes.Interrupted);

        // What the client had stays valid: resuming from its last seq converges on the server's state.
        await using var resumed = await again.SubscribeAsync(threadId, lastEventId: replica.LastSeq, replica: replica);
        await resumed.WaitForAsync(_ => replica.RunsFinished.ContainsKey(runId));
        var next = (await again.SendAsync(threadId, "hello"))["runId"]!.GetValue<string>();
        await resumed.WaitForAsync(_ => replica.RunsFinished.ContainsKey(next));
        Assert.Contains(replica.Items.OfType<AssistantMessage>(), m => m.Content == "echo: hello");
        ProtocolAssert.AllRunsFinished(replica);
        var final = await again.GetThreadAsync(threadId);
        ProtocolAssert.SameItems(final.Items, replica.Items);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
