using Parley.Testing;

namespace Parley.AspNetCore.Tests.Recovery;

/// <summary>SIGTERM the server process mid-run: the client sees the run end before the process exits.</summary>
public sealed class GracefulShutdownTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("parley-term-").FullName;

    [Fact]
    public async Task Terminate_MidStream_StreamSeesRunInterruptedWithErrorBeforeExit()
    {
        using var client = new ParleyClient(new Uri("http://127.0.0.1/"));
        await using var app = await TestAppProcess.StartAsync(_data);
        client.Http.BaseAddress = app.BaseAddress;
        var threadId = await client.CreateThreadAsync();
        await using var events = await client.SubscribeAsync(threadId, after: 0);
        var runId = (await client.SendAsync(threadId, "stream 100000 2"))["runId"]!.GetValue<string>();
        await events.WaitForAsync(e => e.OfType<ItemDeltaEvent>().Count() > 20);

        Assert.True(await app.TerminateAsync(TimeSpan.FromSeconds(30)), "the process did not exit within the host's shutdown timeout");
        await events.WaitForAsync(_ => events.Ended, TimeSpan.FromSeconds(5));

        // Before the fix the stream closed on ApplicationStopping, before the session ended the run.
        var finished = Assert.Single(events.Events.OfType<RunFinishedEvent>(), f => f.RunId == runId);
        Assert.Equal(RunStatus.Interrupted, finished.Status);
        Assert.Equal(ChatErrorCodes.Interrupted, finished.Error?.Code);
        Assert.Contains(events.Replica.Items.OfType<ErrorItem>(), e => e.RunId == runId && e.Code == ChatErrorCodes.Interrupted);
        Assert.DoesNotContain(events.Replica.Items, i => i.Status.IsOpen());
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
