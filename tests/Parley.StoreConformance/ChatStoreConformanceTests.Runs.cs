using Parley.Storage;

namespace Parley.StoreConformance;

// Runs: upserts and the run queries.
public abstract partial class ChatStoreConformanceTests
{
    [Fact]
    public async Task CommitAsync_NewRunWithEveryField_GetRunAsyncReturnsEqualRecord()
    {
        var thread = await CreateThreadAsync();
        var run = new RunRecord
        {
            Id = NewId("run"),
            ThreadId = thread.Id,
            Trigger = RunTrigger.Retry,
            Status = RunStatus.Failed,
            AllowCancel = false,
            ClientId = "cli_retry",
            InputItemId = "itm_input",
            RetryOf = "run_before",
            RetriedBy = "run_after",
            Error = new ChatError("handler_error", "Something went wrong — sorry 😞", AllowRetry: true),
            CreatedAt = T0,
            StartedAt = T0.AddMilliseconds(5),
            FinishedAt = T0.AddSeconds(2),
        };

        await AddRunsAsync(run);

        Assert.Equal(run, await Store.GetRunAsync(run.Id, Ct));
    }

    [Fact]
    public async Task CommitAsync_RunUpsert_ReplacesTheRun()
    {
        var thread = await CreateThreadAsync();
        var queued = NewRun(thread.Id, clientId: "cli_1") with { InputItemId = "itm_1" };
        await AddRunsAsync(queued);
        var running = queued with { Status = RunStatus.Running, StartedAt = T0.AddSeconds(1) };
        await AddRunsAsync(running);
        Assert.Equal(running, await Store.GetRunAsync(queued.Id, Ct));

        var failed = running with
        {
            Status = RunStatus.Failed,
            InputItemId = null,
            Error = new ChatError("boom", "Failed.", AllowRetry: false),
            FinishedAt = T0.AddSeconds(2),
        };
        await AddRunsAsync(failed);

        Assert.Equal(failed, await Store.GetRunAsync(queued.Id, Ct));
        Assert.Empty(await Store.GetUnfinishedRunsAsync(thread.Id, Ct));
        Assert.Equal(failed, await Store.FindRunByClientIdAsync(thread.Id, "cli_1", Ct));
    }

    [Fact]
    public async Task GetRunAsync_UnknownRun_ReturnsNull()
    {
        Assert.Null(await Store.GetRunAsync("run_unknown", Ct));
    }

    [Fact]
    public async Task FindRunByClientIdAsync_KnownClientId_ReturnsThatRun()
    {
        var thread = await CreateThreadAsync();
        var one = NewRun(thread.Id, clientId: "cli_1");
        var two = NewRun(thread.Id, clientId: "cli_2");
        await AddRunsAsync(one, two, NewRun(thread.Id));

        Assert.Equal(two, await Store.FindRunByClientIdAsync(thread.Id, "cli_2", Ct));
    }

    [Fact]
    public async Task FindRunByClientIdAsync_SameClientIdInTwoThreads_ReturnsEachThreadsRun()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        var inA = NewRun(a.Id, clientId: "cli_1");
        var inB = NewRun(b.Id, clientId: "cli_1");
        await AddRunsAsync(inA, inB);

        Assert.Equal(inA, await Store.FindRunByClientIdAsync(a.Id, "cli_1", Ct));
        Assert.Equal(inB, await Store.FindRunByClientIdAsync(b.Id, "cli_1", Ct));
    }

    [Fact]
    public async Task FindRunByClientIdAsync_RunOfAnotherThread_ReturnsNull()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        await AddRunsAsync(NewRun(a.Id, clientId: "cli_1"));

        Assert.Null(await Store.FindRunByClientIdAsync(b.Id, "cli_1", Ct));
        Assert.Null(await Store.FindRunByClientIdAsync(a.Id, "cli_2", Ct));
        Assert.Null(await Store.FindRunByClientIdAsync("thr_unknown", "cli_1", Ct));
    }

    [Fact]
    public async Task GetUnfinishedRunsAsync_EveryStatus_ReturnsQueuedAndRunningOldestFirst()
    {
        var thread = await CreateThreadAsync();
        var running = NewRun(thread.Id, RunStatus.Running, T0.AddSeconds(1));
        var queuedLate = NewRun(thread.Id, RunStatus.Queued, T0.AddSeconds(9));
        var queuedEarly = NewRun(thread.Id, RunStatus.Queued, T0.AddSeconds(3));
        await AddRunsAsync(
            queuedLate,
            NewRun(thread.Id, RunStatus.Completed, T0),
            queuedEarly,
            NewRun(thread.Id, RunStatus.Cancelled, T0.AddSeconds(2)),
            running,
            NewRun(thread.Id, RunStatus.Failed, T0.AddSeconds(4)),
            NewRun(thread.Id, RunStatus.Interrupted, T0.AddSeconds(5)));

        AssertSameRuns([running, queuedEarly, queuedLate], await Store.GetUnfinishedRunsAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task GetUnfinishedRunsAsync_EqualCreatedAt_OrdersById()
    {
        var thread = await CreateThreadAsync();
        var at = T0.AddMinutes(1);
        var b = NewRun(thread.Id, createdAt: at, id: "run_b");
        var c = NewRun(thread.Id, createdAt: at, id: "run_c");
        var a = NewRun(thread.Id, createdAt: at, id: "run_a");
        var earlier = NewRun(thread.Id, createdAt: T0, id: "run_z");
        await AddRunsAsync(c, a, earlier, b);

        AssertSameRuns([earlier, a, b, c], await Store.GetUnfinishedRunsAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task GetUnfinishedRunsAsync_RunFinishedByUpsert_IsExcluded()
    {
        var thread = await CreateThreadAsync();
        var first = NewRun(thread.Id, RunStatus.Running, T0);
        var second = NewRun(thread.Id, RunStatus.Queued, T0.AddSeconds(1));
        await AddRunsAsync(first, second);

        var finished = first with { Status = RunStatus.Completed, FinishedAt = T0.AddSeconds(2) };
        var started = second with { Status = RunStatus.Running, StartedAt = T0.AddSeconds(2) };
        await AddRunsAsync(finished, started);

        AssertSameRuns([started], await Store.GetUnfinishedRunsAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task GetUnfinishedRunsAsync_RunsOfOtherThreads_AreExcluded()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        var inA = NewRun(a.Id);
        await AddRunsAsync(inA, NewRun(b.Id), NewRun(b.Id, RunStatus.Running));

        AssertSameRuns([inA], await Store.GetUnfinishedRunsAsync(a.Id, Ct));
        Assert.Empty(await Store.GetUnfinishedRunsAsync("thr_unknown", Ct));
    }
}
