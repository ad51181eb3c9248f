using System.Text;
using Parley.Storage;

namespace Parley.StoreConformance;

// Every item type and every awkward piece of text comes back exactly as written.
public abstract partial class ChatStoreConformanceTests
{
    private const string AwkwardText = "Emoji 😀👩‍👩‍👧‍👦🏳️‍🌈, CJK 会话中文 日本語 한국어, RTL שלום مرحبا, quotes \"double\" 'single' `back`, " +
        "backslash \\ slash / , newlines \n CRLF \r\n tab \t, NUL \0, separators \u2028\u2029, <html> & entities &amp;";

    [Fact]
    public async Task CommitAsync_UserMessageWithAttachments_RoundTripsExactly()
    {
        var item = User("Look at these", clientId: "cli_42") with
        {
            Command = "analyze",
            Author = "Alice",
            Metadata = Json("""{"lang":"en"}"""),
            Attachments =
            [
                new FileRef { Id = "fil_1", Name = "report.pdf", Mime = "application/pdf", Size = 12345, Url = "/api/files/fil_1" },
                new FileRef { Id = "fil_2", Name = "画像.png", Mime = "image/png", Size = 1, Url = "/api/files/fil_2" },
            ],
        };

        foreach (var read in await WriteAndReadBackAsync(item))
        {
            var actual = Assert.IsType<UserMessage>(read);
            Assert.Equal(item.Attachments, actual.Attachments);
            Assert.Equal(item with { Attachments = actual.Attachments, Metadata = actual.Metadata }, actual);
        }
    }

    [Fact]
    public async Task CommitAsync_AssistantMessageWithActions_RoundTripsExactly()
    {
        var item = Assistant(ItemStatus.Completed, "**Done.** Pick one:") with
        {
            Author = "SupportBot",
            ParentId = "itm_parent",
            Actions =
            [
                new ChatAction { Id = "act_1", Name = "approve", Label = "Approve", Payload = Json("""{"p":{"order":7,"ok":true}}""")["p"], Icon = "check", Tooltip = "Approve it" },
                new ChatAction { Id = "act_2", Name = "reject", Label = "Reject" },
            ],
        };

        foreach (var read in await WriteAndReadBackAsync(item))
        {
            var actual = Assert.IsType<AssistantMessage>(read);
            Assert.Equal(item.Actions.Count, actual.Actions.Count);
            Assert.Equal(item.Actions[0] with { Payload = actual.Actions[0].Payload }, actual.Actions[0]);
            Assert.Equal(item.Actions[0].Payload!.Value.GetRawText(), actual.Actions[0].Payload!.Value.GetRawText());
            Assert.Equal(item.Actions[1], actual.Actions[1]);
            Assert.Equal(item with { Actions = actual.Actions }, actual);
        }
    }

    [Fact]
    public async Task CommitAsync_StepItemWithEveryField_RoundTripsExactly()
    {
        var item = Step(ItemStatus.Failed) with
        {
            Kind = StepKind.Retrieval,
            Input = """{"query":"refund policy"}""",
            Output = "timeout after 30 s",
            IsError = true,
            StartedAt = T0.AddMilliseconds(1),
            EndedAt = T0.AddMilliseconds(30_001),
            ParentId = "itm_outer",
            Metadata = Json("""{"tool":"search","attempt":2}"""),
        };

        foreach (var read in await WriteAndReadBackAsync(item))
        {
            var actual = Assert.IsType<StepItem>(read);
            Assert.Equal(item with { Metadata = actual.Metadata }, actual);
        }
    }

    [Fact]
    public async Task CommitAsync_AskItemWithAnswer_RoundTripsExactly()
    {
        var item = Ask(ItemStatus.Answered) with
        {
            Kind = AskKind.File,
            Accept = ["image/*", ".pdf"],
            MaxFiles = 3,
            MaxSizeMb = 20,
            ExpiresAt = T0.AddMinutes(10),
            Actions = [new ChatAction { Id = "act_skip", Name = "skip", Label = "Skip" }],
            Answer = new AskAnswer
            {
                Content = "here you go",
                ActionId = "act_skip",
                FileIds = ["fil_a", "fil_b"],
                Value = Json("""{"v":[1,"two",null]}""")["v"],
                ClientId = "cli_answer",
                AnsweredAt = T0.AddMinutes(1),
            },
        };

        foreach (var read in await WriteAndReadBackAsync(item))
        {
            var actual = Assert.IsType<AskItem>(read);
            Assert.NotNull(actual.Answer);
            Assert.Equal(item.Accept, actual.Accept);
            Assert.Equal(item.Actions, actual.Actions);
            Assert.Equal(item.Answer.FileIds, actual.Answer.FileIds);
            Assert.Equal(item.Answer.Value!.Value.GetRawText(), actual.Answer.Value!.Value.GetRawText());
            Assert.Equal(item.Answer with { FileIds = actual.Answer.FileIds, Value = actual.Answer.Value }, actual.Answer);
            Assert.Equal(item with { Accept = actual.Accept, Actions = actual.Actions, Answer = actual.Answer }, actual);
        }
    }

    [Fact]
    public async Task CommitAsync_ElementItemWithProps_RoundTripsExactly()
    {
        var item = new ElementItem
        {
            Id = NewId("itm"),
            Status = ItemStatus.Completed,
            CreatedAt = T0,
            RunId = "run_x",
            Kind = ElementKind.Plotly,
            Name = "Sales by month",
            Display = ElementDisplay.Side,
            Size = "large",
            Mime = "application/json",
            Url = "/api/files/fil_chart",
            ForItemId = "itm_message",
            Props = Json("""{"data":[{"x":[1,2,3],"y":[2.5,-1e-7,1E+20],"type":"bar"}],"layout":{"title":"Sales \u00e9"}}"""),
        };

        foreach (var read in await WriteAndReadBackAsync(item))
        {
            var actual = Assert.IsType<ElementItem>(read);
            Assert.Equal(item with { Props = actual.Props }, actual);
        }
    }

    [Fact]
    public async Task CommitAsync_ErrorItem_RoundTripsExactly()
    {
        var item = new ErrorItem
        {
            Id = NewId("itm"),
            Status = ItemStatus.Completed,
            CreatedAt = T0,
            RunId = "run_x",
            Code = "interrupted",
            Message = "The server restarted while answering.",
            AllowRetry = true,
        };

        foreach (var read in await WriteAndReadBackAsync(item))
        {
            Assert.Equal(item, read);
        }
    }

    [Fact]
    public async Task CommitAsync_HiddenContextItem_RoundTripsExactly()
    {
        var item = new HiddenContextItem
        {
            Id = NewId("itm"),
            Status = ItemStatus.Completed,
            CreatedAt = T0,
            RunId = "run_x",
            Content = "The user stopped the previous reply.",
        };

        foreach (var read in await WriteAndReadBackAsync(item))
        {
            Assert.Equal(item, read);
        }
    }

    [Fact]
    public async Task CommitAsync_AwkwardText_RoundTripsInItemsThreadsAndEvents()
    {
        var thread = NewThread(name: "会话 " + AwkwardText) with { Metadata = Json("""{"note":"\u00e9\ud83d\ude00\n"}""") };
        await Store.CreateThreadAsync(thread, null, Ct);
        var item = User(AwkwardText, clientId: "cli_😀") with { Author = AwkwardText };

        await AddItemsAsync(thread.Id, item);

        AssertSameItem(item, await Store.GetItemAsync(thread.Id, item.Id, Ct));
        Assert.Equal(AwkwardText, ((UserMessage)(await Store.GetItemAsync(thread.Id, item.Id, Ct))!).Content);
        AssertSameItem(item, await Store.FindMessageByClientIdAsync(thread.Id, "cli_😀", Ct));
        AssertSameThread(thread, await Store.GetThreadAsync(thread.Id, Ct));
        Assert.Equal(Added(thread.Id, 1, item).Json.ToArray(), (await ReadAllEventsAsync(thread.Id))[0].Json.ToArray());
        Assert.Equal([thread.Id], (await ListAllThreadsAsync(Alice, search: "会话")).Select(t => t.Id));
    }

    [Fact]
    public async Task CommitAsync_OneMegabyteItem_RoundTripsInItemAndEvent()
    {
        var thread = await CreateThreadAsync();
        var content = new StringBuilder(1 << 20);
        while (content.Length < 1 << 20)
        {
            content.Append("chunk ").Append(content.Length).Append(" 😀 日本語 \"q\"\n");
        }

        var item = Assistant(ItemStatus.InProgress, content.ToString());
        await AddItemsAsync(thread.Id, item);

        var read = Assert.IsType<AssistantMessage>(await Store.GetItemAsync(thread.Id, item.Id, Ct));
        Assert.Equal(item.Content, read.Content);
        AssertSameItem(item, read);
        AssertSameItems([item], await Store.GetOpenItemsAsync(thread.Id, Ct));
        var stored = Assert.Single(await ReadAllEventsAsync(thread.Id));
        Assert.True(stored.Json.Length > 1 << 20);
        Assert.Equal(Added(thread.Id, 1, item).Json.ToArray(), stored.Json.ToArray());
    }

    [Fact]
    public async Task CommitAsync_StoredEventJson_ReadsBackByteForByte()
    {
        var thread = await CreateThreadAsync();

        // Bytes a serializer would never produce (spacing, escapes, raw UTF-8): the store must not re-encode them.
        var handWritten = Encoding.UTF8.GetBytes("{ \"seq\" : 2,\n\t\"type\":\"item.delta\", \"text\":\"caf\\u00e9 café 😀 \\\"q\\\"\" , \"pad\": 1.50 }");
        var events = new[]
        {
            Stored(new RunStartedEvent { ThreadId = thread.Id, Seq = 1, At = T0, RunId = "run_1", Trigger = RunTrigger.ChatStart, AllowCancel = true }),
            new StoredEvent(thread.Id, 2, handWritten),
            Stored(new ThreadUpdatedEvent { ThreadId = thread.Id, Seq = 3, At = T0, Thread = thread.ToInfo() with { Name = AwkwardText } }),
            Stored(new RunFinishedEvent { ThreadId = thread.Id, Seq = 4, At = T0, RunId = "run_1", Status = RunStatus.Failed, Error = new ChatError("e", AwkwardText, true) }),
            Stored(new ItemRemovedEvent { ThreadId = thread.Id, Seq = 5, At = T0, ItemId = "itm_1" }),
        };

        await CommitAsync(new StoreBatch { Events = events });

        var read = await ReadAllEventsAsync(thread.Id);
        Assert.Equal(events.Length, read.Count);
        for (var i = 0; i < events.Length; i++)
        {
            Assert.Equal(events[i].ThreadId, read[i].ThreadId);
            Assert.Equal(events[i].Seq, read[i].Seq);
            Assert.Equal(events[i].Json.ToArray(), read[i].Json.ToArray());
        }
    }

    // Writes the item to a new thread, then reads it back through every query that returns items.
    private async Task<List<ChatItem>> WriteAndReadBackAsync(ChatItem item)
    {
        var thread = await CreateThreadAsync();
        await AddItemsAsync(thread.Id, item);
        var snapshot = await Store.GetSnapshotAsync(thread.Id, Ct);
        Assert.NotNull(snapshot);
        var reads = new List<ChatItem?>
        {
            await Store.GetItemAsync(thread.Id, item.Id, Ct),
            Assert.Single(await Store.GetItemsAsync(thread.Id, 10, Ct)),
            Assert.Single(snapshot.Items),
        };
        if (item is UserMessage { ClientId: { } clientId })
        {
            reads.Add(await Store.FindMessageByClientIdAsync(thread.Id, clientId, Ct));
        }

        foreach (var read in reads)
        {
            AssertSameItem(item, read);
        }

        Assert.Equal(Added(thread.Id, 1, item).Json.ToArray(), (await ReadAllEventsAsync(thread.Id))[0].Json.ToArray());
        return reads.Select(r => r!).ToList();
    }
}
