using Microsoft.Extensions.Logging.Abstractions;
using Parley.Hosting;
using Parley.Runtime;
using Parley.Serialization;
using Parley.Storage;

namespace Parley.Tests.Runtime;

public sealed class BatchBuilderTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ThreadLog _log = NewLog("thr_a");
    private readonly ThreadLog _other = NewLog("thr_b");

    [Fact]
    public void Build_ContiguousDeltasOfOneItem_MergedIntoOneEventWithLastSeqAndFirstOffset()
    {
        var builder = new BatchBuilder();
        var entries = new List<WriteEntry>
        {
            Added(_log, 1, Message("itm_1", "")),
            Delta(_log, 2, "itm_1", 0, "Hel"),
            Delta(_log, 3, "itm_1", 3, "lo"),
            Delta(_log, 4, "itm_1", 5, "!"),
        };

        var batch = builder.Build(entries);

        Assert.Equal([1L, 4L], batch.Events.Select(e => e.Seq));
        var merged = Assert.IsType<ItemDeltaEvent>(ParleyJson.DeserializeEvent(batch.Events[1].Json.Span));
        Assert.Equal((0, "Hello!", 4L), (merged.Offset, merged.Text, merged.Seq));
        Assert.Equal("Hello!", ((AssistantMessage)batch.Items.Single().Item).Content);
        Assert.Equal(1, batch.Items.Single().Position);
    }

    [Fact]
    public void Build_DeltasInterleavedWithOtherEvents_NotMergedAcrossThem()
    {
        var builder = new BatchBuilder();
        var entries = new List<WriteEntry>
        {
            Added(_log, 1, Message("itm_1", "")),
            Added(_log, 2, Step("itm_2")),
            Delta(_log, 3, "itm_1", 0, "a"),
            Delta(_log, 4, "itm_2", 0, "x", ItemField.Output),
            Delta(_log, 5, "itm_1", 1, "b"),
            Delta(_other, 1, "itm_9", 0, "other thread"),
        };

        var batch = builder.Build(entries);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], batch.Events.Where(e => e.ThreadId == "thr_a").Select(e => e.Seq));
        Assert.Equal("ab", batch.Items.Select(i => i.Item).OfType<AssistantMessage>().Single(m => m.Id == "itm_1").Content);
        Assert.Equal("x", batch.Items.Select(i => i.Item).OfType<StepItem>().Single().Output);
        Assert.Equal(new ItemTextAppend("thr_b", "itm_9", ItemField.Content, 0, "other thread"), batch.ItemAppends.Single());
    }

    [Fact]
    public void Build_NonContiguousDelta_NotMerged()
    {
        var builder = new BatchBuilder();
        var entries = new List<WriteEntry>
        {
            Added(_log, 1, Message("itm_1", "")),
            Delta(_log, 2, "itm_1", 0, "abc"),
            Delta(_log, 3, "itm_1", 1, "XY"),
        };

        var batch = builder.Build(entries);

        Assert.Equal([1L, 2L, 3L], batch.Events.Select(e => e.Seq));
        Assert.Equal("aXY", ((AssistantMessage)batch.Items.Single().Item).Content);
    }

    [Fact]
    public void Build_UpdateRightAfterDeltas_DropsTheSupersededDeltas()
    {
        var builder = new BatchBuilder();
        var entries = new List<WriteEntry>
        {
            Added(_log, 1, Message("itm_1", "")),
            Delta(_log, 2, "itm_1", 0, "Hi"),
            Delta(_log, 3, "itm_1", 2, " there"),
            Updated(_log, 4, Message("itm_1", "Hi there") with { Status = ItemStatus.Completed }),
        };

        var batch = builder.Build(entries);

        Assert.Equal([1L, 4L], batch.Events.Select(e => e.Seq));
        Assert.Equal(("Hi there", ItemStatus.Completed), ((AssistantMessage)batch.Items.Single().Item) is var m ? (m.Content, m.Status) : default);
    }

    [Fact]
    public void Build_DeltasToAnItemStoredEarlier_BecomeOneAppendNotARewrite()
    {
        var builder = new BatchBuilder();
        var entries = new List<WriteEntry>
        {
            Delta(_log, 7, "itm_1", 120, "more "),
            Delta(_log, 8, "itm_1", 125, "text"),
            Delta(_log, 9, "itm_2", 0, "out", ItemField.Output),
        };

        var batch = builder.Build(entries);

        Assert.Empty(batch.Items);
        Assert.Equal(
            [new ItemTextAppend("thr_a", "itm_1", ItemField.Content, 120, "more text"), new ItemTextAppend("thr_a", "itm_2", ItemField.Output, 0, "out")],
            batch.ItemAppends.OrderBy(a => a.ItemId));
    }

    [Fact]
    public void Build_UpdateAfterAppendsInTheSameBatch_WritesTheItemWholeWithoutAppends()
    {
        var builder = new BatchBuilder();
        var entries = new List<WriteEntry>
        {
            Delta(_log, 7, "itm_1", 3, "abc"),
            Updated(_log, 8, Message("itm_1", "xyzabc") with { Status = ItemStatus.Completed }),
        };

        var batch = builder.Build(entries);

        Assert.Empty(batch.ItemAppends);
        Assert.Equal(("xyzabc", -1L), (((AssistantMessage)batch.Items.Single().Item).Content, batch.Items.Single().Position));
    }

    [Fact]
    public void Build_NextBatch_StartsFromNothingBuiltBefore()
    {
        var builder = new BatchBuilder();
        builder.Build([Added(_log, 1, Message("itm_1", "")), Delta(_log, 2, "itm_1", 0, "a")]);

        var next = builder.Build([Delta(_log, 3, "itm_1", 1, "b")]);

        Assert.Empty(next.Items);
        Assert.Equal(new ItemTextAppend("thr_a", "itm_1", ItemField.Content, 1, "b"), next.ItemAppends.Single());
    }

    [Fact]
    public void Build_ItemRemovedAfterAppends_OnlyTheRemoval()
    {
        var builder = new BatchBuilder();

        var batch = builder.Build([Delta(_log, 3, "itm_1", 1, "b"), Entry(_log, new ItemRemovedEvent { ThreadId = "thr_a", Seq = 4, At = At, ItemId = "itm_1" })]);

        Assert.Empty(batch.ItemAppends);
        Assert.Equal(["itm_1"], batch.RemovedItemIds);
    }

    [Fact]
    public void Build_RunsAndThreads_LastRecordWins()
    {
        var builder = new BatchBuilder();
        var run = new RunRecord { Id = "run_1", ThreadId = "thr_a", Trigger = RunTrigger.Message, Status = RunStatus.Queued, CreatedAt = At };
        var entries = new List<WriteEntry>
        {
            new(_log) { Runs = [run] },
            new(_log) { Runs = [run with { Status = RunStatus.Running }] },
            new(_log) { DeletesThread = true },
        };

        var batch = builder.Build(entries);

        Assert.Equal(RunStatus.Running, batch.Runs.Single().Status);
        Assert.Equal(["thr_a"], batch.DeletedThreadIds);
    }

    private static ThreadLog NewLog(string threadId)
    {
        var writer = new StoreWriter(new InMemoryChatStore(), new StoreWriterOptions(), new ParleyMetrics(new TestMeterFactory()), NullLogger<StoreWriter>.Instance);
        return new ThreadLog(threadId, 0, [], writer, new SubscriberHub());
    }

    private static AssistantMessage Message(string id, string content, string threadId = "thr_a") =>
        new() { Id = id, Status = ItemStatus.InProgress, CreatedAt = At, Content = content, RunId = "run_" + threadId };

    private static StepItem Step(string id) => new() { Id = id, Status = ItemStatus.InProgress, CreatedAt = At, Name = "s" };

    private static WriteEntry Entry(ThreadLog log, ThreadEvent evt) =>
        new(log) { Event = evt, Frame = EventFrameFactory.Durable(evt) };

    private static WriteEntry Added(ThreadLog log, long seq, ChatItem item) =>
        Entry(log, new ItemAddedEvent { ThreadId = log.ThreadId, Seq = seq, At = At, Item = item });

    private static WriteEntry Updated(ThreadLog log, long seq, ChatItem item) =>
        Entry(log, new ItemUpdatedEvent { ThreadId = log.ThreadId, Seq = seq, At = At, Item = item });

    private static WriteEntry Delta(ThreadLog log, long seq, string itemId, int offset, string text, ItemField field = ItemField.Content) =>
        Entry(log, new ItemDeltaEvent { ThreadId = log.ThreadId, Seq = seq, At = At, ItemId = itemId, Field = field, Offset = offset, Text = text });
}
