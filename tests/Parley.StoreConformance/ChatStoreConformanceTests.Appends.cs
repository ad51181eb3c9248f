using System.Globalization;
using System.Text;
using Parley.Storage;

namespace Parley.StoreConformance;

// Text appended to stored items (StoreBatch.ItemAppends): every item read applies it, positionally;
// replacing or removing the item discards it.
public abstract partial class ChatStoreConformanceTests
{
    [Fact]
    public async Task CommitAsync_ItemAppend_EveryItemReadReturnsAppendedText()
    {
        var thread = await CreateThreadAsync();
        var question = User("q");
        var reply = Assistant(ItemStatus.InProgress, "Hel");
        await AddItemsAsync(thread.Id, question, reply);

        await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 3, reply.Id)], ItemAppends = [Append(thread.Id, reply.Id, 3, "lo")] });

        var expected = reply with { Content = "Hello" };
        await AssertItemReadsAsync(thread.Id, expected);
        AssertSameItems([expected], await Store.GetItemsAsync(thread.Id, 1, Ct));
        AssertSameItems([question, expected], await Store.GetItemsAsync(thread.Id, 10, Ct));
        AssertSameItems([expected], await Store.GetOpenItemsAsync(thread.Id, Ct));
    }

    [Fact]
    public async Task CommitAsync_SeveralAppendsInOneBatch_AreAppliedInOrder()
    {
        var thread = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "");
        await AddItemsAsync(thread.Id, reply);

        await CommitAsync(new StoreBatch
        {
            ItemAppends = [Append(thread.Id, reply.Id, 0, "one "), Append(thread.Id, reply.Id, 4, "two "), Append(thread.Id, reply.Id, 8, "three")],
        });

        await AssertItemReadsAsync(thread.Id, reply with { Content = "one two three" });
    }

    [Fact]
    public async Task CommitAsync_AppendsAcrossBatches_Accumulate()
    {
        var thread = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "");
        await AddItemsAsync(thread.Id, reply);
        var expected = new StringBuilder();

        for (var b = 0; b < 20; b++)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"[{b}]");
            await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 2 + b, reply.Id)], ItemAppends = [Append(thread.Id, reply.Id, expected.Length, text)] });
            expected.Append(text);
        }

        await AssertItemReadsAsync(thread.Id, reply with { Content = expected.ToString() });
    }

    [Fact]
    public async Task CommitAsync_AppendsToStepInputAndOutput_EachFieldGrowsOnItsOwn()
    {
        var thread = await CreateThreadAsync();
        var step = Step() with { Input = "{\"q\":", Output = "" };
        await AddItemsAsync(thread.Id, step);

        await CommitAsync(new StoreBatch
        {
            ItemAppends =
            [
                Append(thread.Id, step.Id, 5, "\"weather", ItemField.Input),
                Append(thread.Id, step.Id, 0, "sunny", ItemField.Output),
                Append(thread.Id, step.Id, 13, "\"}", ItemField.Input),
            ],
        });
        await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, step.Id, 5, ", 21°C", ItemField.Output)] });

        await AssertItemReadsAsync(thread.Id, step with { Input = "{\"q\":\"weather\"}", Output = "sunny, 21°C" });
    }

    [Fact]
    public async Task CommitAsync_AppendsToItemsOfSeveralThreads_EachItemGetsItsOwnText()
    {
        var a = await CreateThreadAsync();
        var b = await CreateThreadAsync();
        var inA = Assistant(ItemStatus.InProgress, "A:");
        var alsoInA = Assistant(ItemStatus.InProgress, "A2:");
        var inB = Assistant(ItemStatus.InProgress, "B:");
        await AddItemsAsync(a.Id, inA, alsoInA);
        await AddItemsAsync(b.Id, inB);

        await CommitAsync(new StoreBatch
        {
            Events = [Delta(a.Id, 3, inA.Id), Delta(b.Id, 2, inB.Id)],
            ItemAppends = [Append(a.Id, inA.Id, 2, "x"), Append(b.Id, inB.Id, 2, "y"), Append(a.Id, alsoInA.Id, 3, "z"), Append(a.Id, inA.Id, 3, "x")],
        });

        await AssertItemReadsAsync(a.Id, inA with { Content = "A:xx" });
        await AssertItemReadsAsync(a.Id, alsoInA with { Content = "A2:z" });
        await AssertItemReadsAsync(b.Id, inB with { Content = "B:y" });
    }

    [Fact]
    public async Task CommitAsync_UpsertAfterAppends_ReplacesAppendedText()
    {
        var thread = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "He");
        await AddItemsAsync(thread.Id, reply);
        await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, reply.Id, 2, "llo"), Append(thread.Id, reply.Id, 5, " there")] });

        var replaced = reply with { Status = ItemStatus.Completed, Content = "Bye" };
        await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 2, reply.Id)], Items = [new ItemRecord(thread.Id, replaced, 2)] });

        await AssertItemReadsAsync(thread.Id, replaced);
        Assert.Empty(await Store.GetOpenItemsAsync(thread.Id, Ct));

        // Later appends continue from the replacement's text, not from the discarded appends.
        await Assert.ThrowsAsync<ChatStoreException>(async () => await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, reply.Id, 4, "!")] }));
        await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, reply.Id, 3, "!")] });
        await AssertItemReadsAsync(thread.Id, replaced with { Content = "Bye!" });
    }

    [Fact]
    public async Task CommitAsync_RemovedItemAfterAppends_ItsTextIsGoneWhenTheIdIsAddedAgain()
    {
        var thread = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "a");
        await AddItemsAsync(thread.Id, reply);
        await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, reply.Id, 1, "bc")] });

        await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 2)], RemovedItemIds = [reply.Id] });

        Assert.Null(await Store.GetItemAsync(thread.Id, reply.Id, Ct));
        Assert.Empty(await Store.GetItemsAsync(thread.Id, 10, Ct));
        await AddItemsAsync(thread.Id, reply);
        await AssertItemReadsAsync(thread.Id, reply);

        // Appends to the item added again start from its own text.
        await Assert.ThrowsAsync<ChatStoreException>(async () => await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, reply.Id, 2, "x")] }));
        await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, reply.Id, 1, "x")] });
        await AssertItemReadsAsync(thread.Id, reply with { Content = "ax" });
    }

    [Fact]
    public async Task CommitAsync_AppendThenRemovalInOneBatch_ItemIsGone()
    {
        var thread = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "a");
        await AddItemsAsync(thread.Id, reply);

        // Removals are applied after appends, so the append is valid and then removed with the item.
        await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, reply.Id, 1, "b")], RemovedItemIds = [reply.Id] });

        Assert.Null(await Store.GetItemAsync(thread.Id, reply.Id, Ct));
        await AddItemsAsync(thread.Id, reply);
        await AssertItemReadsAsync(thread.Id, reply);
    }

    [Fact]
    public async Task CommitAsync_DeletedThreadAfterAppends_ItsAppendedTextIsGone()
    {
        var doomed = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "a");
        var step = Step();
        await AddItemsAsync(doomed.Id, reply, step);
        await CommitAsync(new StoreBatch { ItemAppends = [Append(doomed.Id, reply.Id, 1, "bc"), Append(doomed.Id, step.Id, 0, "out", ItemField.Output)] });

        await CommitAsync(new StoreBatch { DeletedThreadIds = [doomed.Id] });

        Assert.Null(await Store.GetItemAsync(doomed.Id, reply.Id, Ct));
        Assert.Null(await Store.GetSnapshotAsync(doomed.Id, Ct));

        // Item ids are unique across threads; one stored again elsewhere must not pick up the old text.
        var next = await CreateThreadAsync();
        await AddItemsAsync(next.Id, reply, step);
        await AssertItemReadsAsync(next.Id, reply);
        await AssertItemReadsAsync(next.Id, step);
        await CommitAsync(new StoreBatch { ItemAppends = [Append(next.Id, reply.Id, 1, "z"), Append(next.Id, step.Id, 0, "o", ItemField.Output)] });
        await AssertItemReadsAsync(next.Id, reply with { Content = "az" });
        await AssertItemReadsAsync(next.Id, step with { Output = "o" });
        await Assert.ThrowsAsync<ChatStoreException>(async () => await CommitAsync(new StoreBatch { ItemAppends = [Append(doomed.Id, reply.Id, 2, "z")] }));
    }

    [Fact]
    public async Task CommitAsync_AppendBeforeCurrentEndAcrossBatches_TruncatesThenAppends()
    {
        var thread = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "abc");
        await AddItemsAsync(thread.Id, reply);
        (int Offset, string Text, string Expected)[] steps =
        [
            (3, "def", "abcdef"), (6, "ghi", "abcdefghi"), (4, "X", "abcdX"), (5, "YZ", "abcdXYZ"),
            (7, "", "abcdXYZ"), (1, "", "a"), (1, "b", "ab"), (2, "cdefgh", "abcdefgh"), (0, "new", "new"),
        ];

        foreach (var (offset, text, expected) in steps)
        {
            await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, reply.Id, offset, text)] });
            AssertSameItem(reply with { Content = expected }, await Store.GetItemAsync(thread.Id, reply.Id, Ct));
        }

        await AssertItemReadsAsync(thread.Id, reply with { Content = "new" });
    }

    [Fact]
    public async Task CommitAsync_AppendBeforeCurrentEndAfterManyAppends_TruncatesThenAppends()
    {
        var thread = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "base:");
        await AddItemsAsync(thread.Id, reply);
        var expected = reply.Content;

        // Long enough that a store keeping appends in tiers has moved old ones on before the cuts.
        async Task AppendAsync(int offset, string text)
        {
            await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, reply.Id, offset, text)] });
            expected = expected[..offset] + text;
            AssertSameItem(reply with { Content = expected }, await Store.GetItemAsync(thread.Id, reply.Id, Ct));
        }

        for (var i = 0; i < 40; i++)
        {
            await AppendAsync(expected.Length, string.Create(CultureInfo.InvariantCulture, $"{i},"));
        }

        await AppendAsync(expected.IndexOf("10,", StringComparison.Ordinal), "ten,");
        for (var i = 0; i < 20; i++)
        {
            await AppendAsync(expected.Length, string.Create(CultureInfo.InvariantCulture, $"n{i},"));
        }

        await AppendAsync(expected.IndexOf("3,", StringComparison.Ordinal) + 1, "");
        await AppendAsync(expected.Length, "!");
        await AppendAsync(2, "SE");
        await AssertItemReadsAsync(thread.Id, reply with { Content = "baSE" });
    }

    [Fact]
    public async Task CommitAsync_AppendBeforeCurrentEndInOneBatch_TruncatesThenAppends()
    {
        var thread = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "Hello");
        var step = Step() with { Output = "12345" };
        await AddItemsAsync(thread.Id, reply, step);

        await CommitAsync(new StoreBatch
        {
            ItemAppends =
            [
                Append(thread.Id, reply.Id, 2, "y"), Append(thread.Id, reply.Id, 3, " you"), Append(thread.Id, reply.Id, 3, "!"),
                Append(thread.Id, step.Id, 5, "678", ItemField.Output), Append(thread.Id, step.Id, 6, "", ItemField.Output),
                Append(thread.Id, step.Id, 6, "7", ItemField.Output),
            ],
        });

        await AssertItemReadsAsync(thread.Id, reply with { Content = "Hey!" });
        await AssertItemReadsAsync(thread.Id, step with { Output = "1234567" });
    }

    [Fact]
    public async Task CommitAsync_LargeTextOverManyAppends_RoundTripsExactly()
    {
        var thread = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "");
        await AddItemsAsync(thread.Id, reply);
        var expected = new StringBuilder();

        // 10,000 appends of 100 characters: 1,000,000 characters, 100 appends per batch.
        for (var b = 0; b < 100; b++)
        {
            var appends = new List<ItemTextAppend>(100);
            for (var i = 0; i < 100; i++)
            {
                var text = string.Create(CultureInfo.InvariantCulture, $"<{b:D3}.{i:D3}>").PadRight(100, (char)('a' + ((b + i) % 26)));
                appends.Add(Append(thread.Id, reply.Id, expected.Length, text));
                expected.Append(text);
            }

            await CommitAsync(new StoreBatch { Events = [Delta(thread.Id, 2 + b, reply.Id)], ItemAppends = appends });
        }

        Assert.Equal(1_000_000, expected.Length);
        var item = Assert.IsType<AssistantMessage>(await Store.GetItemAsync(thread.Id, reply.Id, Ct));
        Assert.Equal(expected.ToString(), item.Content);
        await AssertItemReadsAsync(thread.Id, reply with { Content = expected.ToString() });
    }

    [Fact]
    public async Task CommitAsync_NonAsciiAndEmojiAppends_RoundTripExactly()
    {
        var thread = await CreateThreadAsync();
        var reply = Assistant(ItemStatus.InProgress, "Ünïcødé ");
        var step = Step() with { Input = "入力" };
        await AddItemsAsync(thread.Id, reply, step);
        string[] pieces = ["日本語のテキスト ", "👍🏽 ", "🇺🇳", " e\u0301 ", "\u200D", "עברית ", "🧑‍💻", "\0 end"];
        var expected = reply.Content;
        foreach (var piece in pieces)
        {
            await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, reply.Id, expected.Length, piece)] });
            expected += piece;
        }

        // Offsets count UTF-16 code units, so a delta may end inside an emoji and the next one finish it.
        const string Emoji = "😀";
        await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, step.Id, 2, Emoji[..1], ItemField.Input)] });
        await CommitAsync(new StoreBatch { ItemAppends = [Append(thread.Id, step.Id, 3, Emoji[1..] + "😀", ItemField.Input)] });

        var item = Assert.IsType<AssistantMessage>(await Store.GetItemAsync(thread.Id, reply.Id, Ct));
        Assert.Equal(expected, item.Content);
        await AssertItemReadsAsync(thread.Id, reply with { Content = expected });
        var readStep = Assert.IsType<StepItem>(await Store.GetItemAsync(thread.Id, step.Id, Ct));
        Assert.Equal("入力😀😀", readStep.Input);
        await AssertItemReadsAsync(thread.Id, step with { Input = "入力😀😀" });
    }

    [Fact]
    public async Task GetThreadsNeedingRecoveryAsync_AfterAppends_DependsOnlyOnStatuses()
    {
        var streaming = await CreateThreadAsync();
        var finished = await CreateThreadAsync();
        var open = Assistant(ItemStatus.InProgress, "");
        var closed = Assistant(ItemStatus.Completed, "done");
        await AddItemsAsync(streaming.Id, open);
        await AddItemsAsync(finished.Id, closed);

        await CommitAsync(new StoreBatch { ItemAppends = [Append(streaming.Id, open.Id, 0, "text"), Append(finished.Id, closed.Id, 4, "!")] });

        Assert.Equal([streaming.Id], await Store.GetThreadsNeedingRecoveryAsync(Ct));
        await CommitAsync(new StoreBatch { Items = [new ItemRecord(streaming.Id, open with { Status = ItemStatus.Completed, Content = "text" }, 1)] });
        Assert.Empty(await Store.GetThreadsNeedingRecoveryAsync(Ct));
    }

    /// <summary>An append of <paramref name="text"/> at <paramref name="offset"/> to an item's field.</summary>
    protected static ItemTextAppend Append(string threadId, string itemId, int offset, string text, ItemField field = ItemField.Content) =>
        new(threadId, itemId, field, offset, text);

    /// <summary>Asserts that every item read of the thread returns the item as expected.</summary>
    protected async Task AssertItemReadsAsync(string threadId, ChatItem expected)
    {
        AssertSameItem(expected, await Store.GetItemAsync(threadId, expected.Id, Ct));
        AssertSameItem(expected, (await Store.GetItemsAsync(threadId, int.MaxValue, Ct)).SingleOrDefault(i => i.Id == expected.Id));
        var open = (await Store.GetOpenItemsAsync(threadId, Ct)).SingleOrDefault(i => i.Id == expected.Id);
        if (expected.Status.IsOpen())
        {
            AssertSameItem(expected, open);
        }
        else
        {
            Assert.Null(open);
        }

        var snapshot = await Store.GetSnapshotAsync(threadId, Ct);
        Assert.NotNull(snapshot);
        AssertSameItem(expected, snapshot.Items.SingleOrDefault(i => i.Id == expected.Id));
    }
}
